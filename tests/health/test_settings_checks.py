"""Radarr's checks on Reelarr's own settings (API key, naming, collections): provoked, seen, cleared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from health_steps import issues

from reelarr import config
from reelarr import settings as settings_store
from reelarr.app import create_app
from reelarr.context import Context
from reelarr.naming import NamingConfig

WIKI = "https://wiki.servarr.com/radarr/system#"
SHORT_KEY = "short-api-key"


@pytest.fixture
def short_key_client(data_dir: Path) -> Iterator[TestClient]:
    """Reelarr started with a short API key in config.json, as a hand-edited file can leave it."""
    (data_dir / "config.json").write_text(json.dumps({"apiKey": SHORT_KEY}))
    settings = config.load(data_dir)
    assert settings.api_key == SHORT_KEY
    app = create_app(settings, scheduler_tick_seconds=3600)
    with TestClient(app, base_url="http://localhost", headers={"X-Api-Key": SHORT_KEY}) as client:
        yield client


def test_api_key_validation_check_reports_a_short_key_until_a_long_one_is_set(
    short_key_client: TestClient,
) -> None:
    api = short_key_client
    [issue] = issues(api, "ApiKeyValidationCheck")  # checked at start-up
    assert issue["type"] == "warning" and "shorter than 20 characters" in issue["message"]
    assert issue["wikiUrl"] == WIKI + "invalid-api-key"
    host = api.get("/api/v3/config/host").json()
    long_key = "0123456789abcdef0123456789abcdef"
    assert api.put("/api/v3/config/host", json={**host, "apiKey": long_key}).status_code == 202
    api.headers["X-Api-Key"] = long_key
    assert issues(api, "ApiKeyValidationCheck") == []  # re-checked on the settings change


def test_naming_config_check_reports_file_tokens_in_an_imported_folder_format(api: TestClient) -> None:
    ctx: Context = api.app.state.ctx  # type: ignore[attr-defined]
    imported = NamingConfig(movie_folder_format="{Movie Title} ({Release Year}) {Quality Full}")

    async def store_as_import_radarr_does() -> None:
        # The API refuses file tokens in the folder format; a Radarr import writes the section as it was.
        async with ctx.db.write() as uow:
            await settings_store.save(uow.session, imported)
        await ctx.health.run(ctx)

    assert api.portal is not None
    api.portal.call(store_as_import_radarr_does)
    [issue] = issues(api, "NamingConfigCheck")
    assert issue["type"] == "error" and "{Quality Full}" in issue["message"]
    naming = api.get("/api/v3/config/naming").json()
    fixed = {**naming, "movieFolderFormat": "{Movie Title} ({Release Year})"}
    assert api.put("/api/v3/config/naming", json=fixed).status_code == 202
    assert issues(api, "NamingConfigCheck") == []  # re-checked on the settings change


def test_movie_collection_root_folder_check_reports_a_collection_outside_the_root_folders(
    api: TestClient, tmp_path: Path
) -> None:
    root = api.get("/api/v3/rootfolder").json()[0]["path"]
    movie = api.post("/api/v3/movie", json={"tmdbId": 604, "qualityProfileId": 1, "rootFolderPath": root})
    assert movie.status_code == 201, movie.text
    [collection] = api.get("/api/v3/collection").json()
    assert collection["rootFolderPath"] == root
    assert issues(api, "MovieCollectionRootFolderCheck") == []
    elsewhere = tmp_path / "collections"
    elsewhere.mkdir()
    edited = api.put(f"/api/v3/collection/{collection['id']}", json={"rootFolderPath": str(elsewhere)})
    assert edited.status_code == 202, edited.text
    [issue] = issues(api, "MovieCollectionRootFolderCheck")  # re-checked when the collection is edited
    assert issue["type"] == "error"
    assert (
        f"Missing root folder for a movie collection: {elsewhere} ({collection['title']})" in issue["message"]
    )
    assert issue["wikiUrl"] == WIKI + "movie-collection-missing-root-folder"
    assert api.post("/api/v3/rootfolder", json={"path": str(elsewhere)}).status_code == 201
    assert issues(api, "MovieCollectionRootFolderCheck") == []
