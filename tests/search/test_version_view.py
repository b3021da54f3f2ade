"""One instance as Overseerr's standard and 4K servers: the 4K server is ``/version/4k``, called
the way Overseerr calls Radarr (``?apikey=``, its path spellings), and sees only the 4K version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from search_steps import Indexers, Item, add_indexer, context

from fake_tmdb import API_KEY as TMDB_KEY
from fake_tmdb import FakeTmdb

UHD_RELEASE = "The.Matrix.1999.2160p.UHD.BluRay.REMUX.HDR.HEVC.DTS-HD.MA.5.1-FraMeSToR"
HD_RELEASE = "The.Matrix.1999.1080p.BluRay.x264-GRP"
STANDARD, FOUR_K = "/api/v3", "/version/4k/api/v3"


class Server:
    """Overseerr's view of one Radarr server: a base URL and the key as a query parameter."""

    def __init__(self, client: TestClient, base: str) -> None:
        self.client, self.base = client, base
        self.key = context(client).settings.api_key

    def call(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        params = {**kwargs.pop("params", {}), "apikey": self.key}
        response = self.client.request(method, self.base + path, params=params, **kwargs)
        assert response.status_code == status, f"{method} {self.base}{path}: {response.text}"
        return response.json()


@pytest.fixture
def servers(client: TestClient, tmdb: FakeTmdb, indexers: Indexers, tmp_path: Path) -> tuple[Server, Server]:
    config = {"tmdbApiKey": TMDB_KEY, "tmdbBaseUrl": tmdb.api_url, "imageBaseUrl": tmdb.image_url}
    assert client.put("/api/v3/config/metadata", json=config).status_code == 202
    for root in ("movies", "movies-4k"):
        (tmp_path / root).mkdir()
        assert client.post("/api/v3/rootfolder", json={"path": str(tmp_path / root)}).status_code == 201
    add_indexer(client, indexers, "usenet")
    indexers["usenet"].results = [Item(HD_RELEASE, size=12), Item(UHD_RELEASE, size=60)]
    del client.headers["X-Api-Key"]  # from here on, the key travels as Overseerr sends it
    return Server(client, STANDARD), Server(client, FOUR_K)


def _request(tmdb_id: int, profile: int, root: Path, title: str, year: int) -> dict[str, Any]:
    """Overseerr's POST /movie body."""
    return {
        "title": title,
        "qualityProfileId": profile,
        "profileId": profile,
        "titleSlug": str(tmdb_id),
        "minimumAvailability": "released",
        "tmdbId": tmdb_id,
        "year": year,
        "rootFolderPath": str(root),
        "monitored": True,
        "tags": [],
        "addOptions": {"searchForMovie": True},
    }


def _profile(server: Server, name: str) -> int:
    return int(next(p["id"] for p in server.call("GET", "/qualityProfile") if p["name"] == name))


def _wait_for_commands(client: TestClient) -> None:
    client.portal.call(context(client).commands.wait_idle)  # type: ignore[union-attr]


def test_overseerrs_4k_server_sees_and_changes_only_the_4k_version(
    client: TestClient, servers: tuple[Server, Server], tmp_path: Path
) -> None:
    standard, four_k = servers
    hd, uhd = _profile(standard, "HD-1080p"), _profile(standard, "Ultra-HD")
    hd_root, uhd_root = tmp_path / "movies", tmp_path / "movies-4k"
    assert four_k.call("GET", "/system/status")["version"]
    assert client.get(f"{FOUR_K}/movie").status_code == 401, "the view needs the key as the API does"
    assert {p["name"] for p in four_k.call("GET", "/qualityProfile")} >= {"HD-1080p", "Ultra-HD"}
    assert {f["path"] for f in four_k.call("GET", "/rootfolder")} == {str(hd_root), str(uhd_root)}

    # The standard server has The Matrix and Inception; the 4K server has neither yet.
    matrix = standard.call(
        "POST", "/movie", 201, json={**_request(603, hd, hd_root, "The Matrix", 1999), "addOptions": {}}
    )
    standard.call(
        "POST", "/movie", 201, json={**_request(27205, hd, hd_root, "Inception", 2010), "addOptions": {}}
    )
    (looked_up,) = four_k.call("GET", "/movie/lookup", params={"term": "tmdb:603"})
    assert not looked_up.get("id"), "not in the 4K server"
    assert four_k.call("GET", "/movie") == []

    added = four_k.call("POST", "/movie", 201, json=_request(603, uhd, uhd_root, "The Matrix", 1999))
    assert added["id"] == matrix["id"]
    assert (added["qualityProfileId"], added["hasFile"], added["monitored"]) == (uhd, False, True)
    assert added["path"] == str(uhd_root / "The Matrix (1999)")
    four_k.call("POST", "/movie", 400, json=_request(603, uhd, uhd_root, "The Matrix", 1999))
    _wait_for_commands(client)

    queue = four_k.call("GET", "/queue", params={"includeEpisode": "true"})["records"]
    assert [item["title"] for item in queue] == [UHD_RELEASE], "the 4K version's grab only"
    everything = standard.call("GET", "/queue", params={"includeUnknownMovieItems": "true"})["records"]
    assert sorted(item["title"] for item in everything) == sorted([HD_RELEASE, UHD_RELEASE])

    (seen,) = four_k.call("GET", "/movie", params={"tmdbId": 603})
    assert seen["qualityProfileId"] == uhd
    assert [m["title"] for m in four_k.call("GET", "/movie")] == ["The Matrix"]
    (plain,) = standard.call("GET", "/movie", params={"tmdbId": 603})
    assert (plain["qualityProfileId"], plain["path"]) == (hd, str(hd_root / "The Matrix (1999)"))
    inception = standard.call("GET", "/movie", params={"tmdbId": 27205})[0]
    four_k.call("GET", f"/movie/{inception['id']}", 404)

    # Unmonitoring in the 4K server leaves the standard server's movie monitored.
    four_k.call("PUT", "/movie", 202, json={**seen, "monitored": False})
    assert four_k.call("GET", f"/movie/{matrix['id']}")["monitored"] is False
    assert standard.call("GET", f"/movie/{matrix['id']}")["monitored"] is True

    # Removing it from the 4K server removes the 4K version only.
    four_k.call("DELETE", f"/movie/{matrix['id']}", params={"deleteFiles": "true"})
    assert four_k.call("GET", "/movie") == []
    assert standard.call("GET", f"/movie/{matrix['id']}")["id"] == matrix["id"]


def test_a_movie_new_to_the_library_added_by_the_4k_server_waits_unmonitored_for_the_standard_one(
    client: TestClient, servers: tuple[Server, Server], tmp_path: Path
) -> None:
    standard, four_k = servers
    uhd = _profile(standard, "Ultra-HD")
    added = four_k.call(
        "POST", "/movie", 201, json=_request(603, uhd, tmp_path / "movies-4k", "The Matrix", 1999)
    )

    assert added["monitored"] is True and added["qualityProfileId"] == uhd
    plain = standard.call("GET", f"/movie/{added['id']}")
    assert plain["monitored"] is False, "Overseerr's standard server will monitor it when asked"
    _wait_for_commands(client)
    queue = four_k.call("GET", "/queue")["records"]
    assert [item["title"] for item in queue] == [UHD_RELEASE]
    assert standard.call("GET", "/queue")["totalRecords"] == 1, "nothing grabbed for the unmonitored default"
