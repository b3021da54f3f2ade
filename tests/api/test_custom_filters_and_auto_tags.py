"""Saved custom filters (applied by the Movies page too), and automatic tagging applied when a
movie is added or refreshed. Both are stored, so they run on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from library_helpers import add_movie

from contract import assert_matches
from fake_tmdb import API_KEY, FakeTmdb
from reelarr.web import movies


def test_a_custom_filter_is_stored_as_the_ui_sent_it(storage_client: TestClient) -> None:
    api = storage_client
    body = {
        "type": "movieIndex",
        "label": "4K wanted",
        "filters": [{"key": "monitored", "value": [True], "type": "equal"}],
    }
    created = api.post("/api/v3/customfilter", json=body)
    assert created.status_code == 201, created.text
    saved = created.json()
    assert_matches("CustomFilterResource", saved)
    assert {k: saved[k] for k in body} == body
    assert api.get("/api/v3/customfilter").json() == [saved]

    saved["label"] = "Wanted"
    assert api.put(f"/api/v3/customfilter/{saved['id']}", json=saved).json()["label"] == "Wanted"
    assert api.get(f"/api/v3/customfilter/{saved['id']}").json()["label"] == "Wanted"
    assert api.delete(f"/api/v3/customfilter/{saved['id']}").status_code == 200
    assert api.get(f"/api/v3/customfilter/{saved['id']}").status_code == 404

    assert api.post("/api/v3/customfilter", json={**body, "label": ""}).status_code == 400
    assert api.post("/api/v3/customfilter", json={**body, "label": "x" * 10_000}).status_code == 400
    assert api.get("/api/v3/customfilter").json() == []


def _fields(schema: list[dict[str, Any]], implementation: str, **values: Any) -> dict[str, Any]:
    spec = next(s for s in schema if s["implementation"] == implementation)
    return {
        **spec,
        "fields": [{**f, "value": values.get(f["name"], f["value"])} for f in spec["fields"]],
    }


def test_the_schema_has_radarrs_eleven_specification_types(client: TestClient) -> None:
    schema = client.get("/api/v3/autotagging/schema").json()
    assert_matches("AutoTaggingSpecificationSchema", schema, many=True)
    assert sorted(s["implementationName"] for s in schema) == [
        "Genre",
        "Keyword",
        "Monitored",
        "Original Language",
        "Quality Profile",
        "Root Folder",
        "Runtime",
        "Status",
        "Studio",
        "Tag",
        "Year",
    ]


def test_auto_tags_are_given_on_add_and_taken_away_on_refresh(
    library_api: TestClient, movies_root: Path, tmdb: FakeTmdb
) -> None:
    api = library_api
    schema = api.get("/api/v3/autotagging/schema").json()
    sci_fi = api.post("/api/v3/tag", json={"label": "sci-fi"}).json()
    long_movie = api.post("/api/v3/tag", json={"label": "long"}).json()
    nineties = api.post("/api/v3/tag", json={"label": "nineties"}).json()

    rules = [
        # Genre OR genre, and not a studio: grouped as Radarr groups them.
        {
            "name": "Science fiction",
            "removeTagsAutomatically": True,
            "tags": [sci_fi["id"]],
            "specifications": [
                _fields(schema, "GenreSpecification", value=["Science Fiction", "Horror"]),
                _fields(schema, "StudioSpecification", value=["Pixar"]) | {"negate": True},
                _fields(schema, "RootFolderSpecification", value=str(movies_root)),
                _fields(schema, "MonitoredSpecification"),
            ],
        },
        {
            "name": "Long",
            "removeTagsAutomatically": True,
            "tags": [long_movie["id"]],
            "specifications": [_fields(schema, "RuntimeSpecification", min=120, max=400)],
        },
        {
            "name": "Nineties",
            "removeTagsAutomatically": False,
            "tags": [nineties["id"]],
            "specifications": [
                _fields(schema, "YearSpecification", min=1990, max=1999),
                _fields(schema, "StatusSpecification", status=3),
                _fields(schema, "OriginalLanguageSpecification", value=1),
                _fields(schema, "KeywordSpecification", value=["dystopia"]),
            ],
        },
    ]
    for rule in rules:
        created = api.post("/api/v3/autotagging", json=rule)
        assert created.status_code == 201, created.text
        assert_matches("AutoTaggingResource", created.json())
    assert len(api.get("/api/v3/autotagging").json()) == 3

    movie = add_movie(api, movies_root, 603)
    assert sorted(movie["tags"]) == sorted([sci_fi["id"], long_movie["id"], nineties["id"]])

    # TMDB now says the movie is shorter, a comedy, and from 2005: refreshing takes away the tags
    # of the rules that remove theirs, and keeps the one that does not.
    tmdb.movies[603] = {
        **tmdb.movies[603],
        "runtime": 90,
        "genres": [{"id": 35, "name": "Comedy"}],
        "release_date": "2005-03-31",
    }
    refreshed = api.post("/api/v3/command", json={"name": "RefreshMovie", "movieIds": [movie["id"]]})
    assert refreshed.status_code == 201
    client_ctx = api.app.state.ctx  # type: ignore[attr-defined]
    assert api.portal is not None
    api.portal.call(client_ctx.commands.wait_idle)
    assert api.get(f"/api/v3/movie/{movie['id']}").json()["tags"] == [nineties["id"]]


def test_auto_tag_rules_are_checked_like_radarr_checks_them(client: TestClient) -> None:
    schema = client.get("/api/v3/autotagging/schema").json()

    def post(**rule: Any) -> Any:
        return client.post("/api/v3/autotagging", json={"name": "rule", "tags": [], **rule})

    assert post(specifications=[]).status_code == 400
    assert post(specifications=[_fields(schema, "GenreSpecification", value=[])]).status_code == 400
    assert post(specifications=[_fields(schema, "YearSpecification", min=2000, max=1990)]).status_code == 400
    assert post(specifications=[_fields(schema, "StatusSpecification", status=9)]).status_code == 400
    assert post(specifications=[{"implementation": "NoSuchSpecification"}]).status_code == 400
    assert post(tags=[999], specifications=[_fields(schema, "MonitoredSpecification")]).status_code == 400
    assert post(name="", specifications=[_fields(schema, "MonitoredSpecification")]).status_code == 400
    ok = post(specifications=[_fields(schema, "MonitoredSpecification")])
    assert ok.status_code == 201
    assert post(specifications=[_fields(schema, "MonitoredSpecification")]).status_code == 400, "unique name"
    rule = ok.json()
    rule["name"] = "renamed"
    assert client.put("/api/v3/autotagging", json=rule).json()["name"] == "renamed"
    assert client.delete(f"/api/v3/autotagging/{rule['id']}").status_code == 200
    assert client.get(f"/api/v3/autotagging/{rule['id']}").status_code == 404


def test_quality_profile_and_tag_rules_tag_a_movie_added_with_them(
    library_api: TestClient, movies_root: Path
) -> None:
    api = library_api
    schema = api.get("/api/v3/autotagging/schema").json()
    profiles = api.get("/api/v3/qualityprofile").json()
    chosen, other = profiles[0]["id"], profiles[1]["id"]
    requested, by_profile, from_tag, other_tag = (
        api.post("/api/v3/tag", json={"label": label}).json()["id"]
        for label in ("requested", "hd", "vip", "sd")
    )
    for name, tag, spec in (
        ("By profile", by_profile, _fields(schema, "QualityProfileSpecification", value=chosen)),
        ("By tag", from_tag, _fields(schema, "TagSpecification", value=requested)),
        ("Other profile", other_tag, _fields(schema, "QualityProfileSpecification", value=other)),
    ):
        rule = {"name": name, "removeTagsAutomatically": True, "tags": [tag], "specifications": [spec]}
        assert api.post("/api/v3/autotagging", json=rule).status_code == 201

    tagged = add_movie(api, movies_root, 603, qualityProfileId=chosen, tags=[requested])
    assert sorted(tagged["tags"]) == sorted([requested, by_profile, from_tag])
    untagged = add_movie(api, movies_root, 604, qualityProfileId=chosen)
    assert untagged["tags"] == [by_profile]


def test_a_saved_movie_list_filter_filters_the_movies_page(
    storage_client: TestClient, tmdb: FakeTmdb, movies_root: Path
) -> None:
    api = storage_client
    metadata = {"tmdbApiKey": API_KEY, "tmdbBaseUrl": tmdb.api_url, "imageBaseUrl": tmdb.image_url}
    assert api.put("/api/v3/config/metadata", json=metadata).status_code == 202
    assert api.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    for tmdb_id in (603, 604, 605):
        add_movie(api, movies_root, tmdb_id)
    conditions = [
        {"key": "year", "value": 2000, "type": "greaterThan"},
        {"key": "title", "value": ["revolutions"], "type": "notContains"},
        {"key": "monitored", "value": [True], "type": "equal"},
        {"key": "hasFile", "value": False, "type": "equal"},
        {"key": "ratings", "value": 8, "type": "greaterThan"},
        {"key": "year", "value": "two thousand", "type": "equal"},
    ]
    saved = api.post(
        "/api/v3/customfilter", json={"type": "movieIndex", "label": "Sequels", "filters": conditions}
    )
    assert saved.status_code == 201, saved.text
    api.post("/api/v3/customfilter", json={"type": "history", "label": "Not for movies", "filters": []})

    def page(params: dict[str, str]) -> dict[str, Any]:
        async def read() -> dict[str, Any]:
            async with api.app.state.ctx.db.read() as session:  # type: ignore[attr-defined]
                return await movies.movie_page(session, movies.MovieQuery.of(params))

        assert api.portal is not None
        return api.portal.call(read)

    filtered = page({"custom": str(saved.json()["id"])})
    assert [m["title"] for m in filtered["movies"]] == ["The Matrix Reloaded"] and filtered["total"] == 1
    assert filtered["unapplied_conditions"] == ["ratings", "year"]
    assert filtered["custom_filters"] == [(saved.json()["id"], "Sequels")]
    unfiltered = page({})
    assert unfiltered["total"] == 3 and unfiltered["unapplied_conditions"] == []
