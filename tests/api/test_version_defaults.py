"""The version defaults setting: a movie added through the API gets the versions it lists."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from library_helpers import add_movie

from reelarr import settings as settings_store
from reelarr.context import Context
from reelarr.versions import VersionDefault, VersionDefaults


def test_a_new_movie_gets_the_default_versions_with_their_profiles_and_root_folder(
    library_api: TestClient, movies_root: Path, tmp_path: Path
) -> None:
    uhd_root = tmp_path / "movies-4k"
    uhd_root.mkdir()
    assert library_api.post("/api/v3/rootfolder", json={"path": str(uhd_root)}).status_code == 201
    profiles = {p["name"]: p["id"] for p in library_api.get("/api/v3/qualityprofile").json()}
    defaults = VersionDefaults(
        versions=[
            VersionDefault(name="1080p", quality_profile_id=profiles["HD-1080p"]),
            VersionDefault(
                name="4K", quality_profile_id=profiles["Ultra-HD"], root_folder_path=str(uhd_root)
            ),
            VersionDefault(name="Remux", quality_profile_id=profiles["Any"], tags=[99]),
        ]
    )
    ctx: Context = library_api.app.state.ctx  # type: ignore[attr-defined]

    async def store() -> None:
        async with ctx.db.write() as uow:
            await settings_store.save(uow.session, defaults)

    assert library_api.portal is not None
    library_api.portal.call(store)

    movie = add_movie(library_api, movies_root, qualityProfileId=profiles["HD-1080p"])
    listed = library_api.get("/api/v3/movieversion", params={"movieId": movie["id"]}).json()

    assert [(v["name"], v["qualityProfileId"], v["isDefault"], v["path"]) for v in listed] == [
        ("1080p", profiles["HD-1080p"], True, movie["path"]),
        ("4K", profiles["Ultra-HD"], False, str(uhd_root / Path(movie["path"]).name)),
    ], "the tagged Remux entry is not for an untagged movie"
    assert movie["qualityProfileId"] == profiles["HD-1080p"]
