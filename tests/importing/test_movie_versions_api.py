"""``/api/v3/movieversion``: a movie's versions, each with its own profile, folder and file; the
movie resource keeps showing the default version."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from import_helpers import add_library_movie, call, enable_renaming, run_command

from reelarr.context import Context
from reelarr.models import MovieFile


def _profiles(client: TestClient) -> dict[str, int]:
    return {p["name"]: p["id"] for p in client.get("/api/v3/qualityprofile").json()}


async def _place_file(
    ctx: Context, movie_id: int, version_id: int, folder: Path, name: str, source: Path
) -> int:
    """A file on disk recorded for one version, as an import leaves it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, folder / name)
    async with ctx.db.write() as uow:
        row = MovieFile(
            movie_id=movie_id,
            version_id=version_id,
            relative_path=name,
            size=(folder / name).stat().st_size,
            quality={"quality": {"id": 7, "name": "Bluray-1080p"}, "revision": {"version": 1, "real": 0}},
            languages=[1],
        )
        uow.session.add(row)
        await uow.session.flush()
        return row.id


def _add_4k(client: TestClient, movie_id: int, **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v3/movieversion",
        json={"movieId": movie_id, "name": "4K", "qualityProfileId": _profiles(client)["Ultra-HD"], **extra},
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_versions_are_listed_added_changed_and_the_movie_keeps_showing_its_default(
    client: TestClient, movies_root: Path
) -> None:
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    profiles = _profiles(client)
    [default] = client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()
    assert default["isDefault"] is True and default["hasFile"] is False
    assert default["qualityProfileId"] == profiles["HD-1080p"]
    assert default["path"] == str(movies_root / "Movie Title (2020)")

    four_k = _add_4k(client, movie_id)
    assert four_k == {
        "id": four_k["id"],
        "movieId": movie_id,
        "name": "4K",
        "qualityProfileId": profiles["Ultra-HD"],
        "monitored": True,
        "path": str(movies_root / "Movie Title (2020)"),
        "hasFile": False,
        "isDefault": False,
    }
    assert client.get(f"/api/v3/movieversion/{four_k['id']}").json() == four_k
    listed = client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()
    assert [v["name"] for v in listed] == ["", "4K"]

    changed = client.put(
        f"/api/v3/movieversion/{four_k['id']}", json={**four_k, "name": "2160p", "monitored": False}
    )
    assert changed.status_code == 202, changed.text
    assert changed.json()["name"] == "2160p" and changed.json()["monitored"] is False

    movie = client.get(f"/api/v3/movie/{movie_id}").json()
    assert movie["qualityProfileId"] == profiles["HD-1080p"], "the movie resource shows the default version"
    assert movie["monitored"] is True
    assert len(client.get("/api/v3/movie").json()) == 1, "one movie, whatever its number of versions"


def test_bad_versions_are_refused_in_radarrs_shape(
    client: TestClient, movies_root: Path, tmp_path: Path
) -> None:
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    _add_4k(client, movie_id)

    def refused(body: dict[str, Any]) -> list[str]:
        response = client.post("/api/v3/movieversion", json=body)
        assert response.status_code == 400, response.text
        return [problem["propertyName"] for problem in response.json()]

    hd = _profiles(client)["HD-1080p"]
    assert refused({"movieId": movie_id, "name": "4k", "qualityProfileId": hd}) == ["name"], (
        "names are unique"
    )
    assert refused({"movieId": movie_id, "name": "", "qualityProfileId": hd}) == ["name"]
    assert refused({"movieId": movie_id, "name": "a/b", "qualityProfileId": hd}) == ["name"]
    assert refused({"movieId": movie_id, "name": "1080p", "qualityProfileId": 999}) == ["qualityProfileId"]
    assert refused({"movieId": 999, "name": "1080p", "qualityProfileId": hd}) == ["movieId"]
    outside = str(tmp_path / "elsewhere" / "Movie Title (2020)")
    assert refused({"movieId": movie_id, "name": "1080p", "qualityProfileId": hd, "path": outside}) == [
        "path"
    ]
    assert refused({"movieId": movie_id, "name": "1080p", "qualityProfileId": "x"})
    assert client.get("/api/v3/movieversion/999").status_code == 404
    assert (
        client.put("/api/v3/movieversion/999", json={"name": "x", "qualityProfileId": hd}).status_code == 404
    )


def test_a_version_in_another_root_folder_and_deleting_one_versions_file_leaves_the_other(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    uhd_root = tmp_path / "movies-4k"
    uhd_root.mkdir()
    assert client.post("/api/v3/rootfolder", json={"path": str(uhd_root)}).status_code == 201
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    [default] = client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()
    four_k = _add_4k(client, movie_id, path=str(uhd_root / "Movie Title (2020)"))
    assert four_k["path"] == str(uhd_root / "Movie Title (2020)")

    hd_file = call(
        client,
        _place_file,
        movie_id,
        default["id"],
        movies_root / "Movie Title (2020)",
        "Movie.mkv",
        media["feature"],
    )
    uhd_file = call(
        client,
        _place_file,
        movie_id,
        four_k["id"],
        uhd_root / "Movie Title (2020)",
        "Movie.mkv",
        media["hevc"],
    )
    shown = {v["name"]: v for v in client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()}
    assert shown["4K"]["movieFile"]["id"] == uhd_file
    assert shown["4K"]["movieFile"]["path"] == str(uhd_root / "Movie Title (2020)" / "Movie.mkv")
    assert shown[""]["movieFile"]["id"] == hd_file
    assert client.get(f"/api/v3/movie/{movie_id}").json()["movieFile"]["id"] == hd_file
    listed = {
        f["id"]: f["path"] for f in client.get("/api/v3/moviefile", params={"movieId": movie_id}).json()
    }
    assert listed == {
        hd_file: str(movies_root / "Movie Title (2020)" / "Movie.mkv"),
        uhd_file: str(uhd_root / "Movie Title (2020)" / "Movie.mkv"),
    }, "each file in its version's folder"

    assert client.delete(f"/api/v3/moviefile/{uhd_file}").status_code == 200
    assert not (uhd_root / "Movie Title (2020)" / "Movie.mkv").exists()
    assert (movies_root / "Movie Title (2020)" / "Movie.mkv").exists(), "the other version's file stays"
    shown = {v["name"]: v for v in client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()}
    assert shown["4K"]["hasFile"] is False and shown[""]["hasFile"] is True

    refused = client.delete(f"/api/v3/movieversion/{default['id']}")
    assert refused.status_code == 400
    assert refused.json()[0]["propertyName"] == "isDefault"
    assert client.delete(f"/api/v3/movieversion/{four_k['id']}").status_code == 200
    assert [v["id"] for v in client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()] == [
        default["id"]
    ]
    assert client.get(f"/api/v3/movie/{movie_id}").json()["hasFile"] is True


def test_renaming_names_versions_apart_where_they_share_a_folder_and_plainly_where_alone(
    client: TestClient, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    uhd_root = tmp_path / "movies-4k"
    uhd_root.mkdir()
    assert client.post("/api/v3/rootfolder", json={"path": str(uhd_root)}).status_code == 201
    movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
    [default] = client.get("/api/v3/movieversion", params={"movieId": movie_id}).json()
    assert (
        client.put(f"/api/v3/movieversion/{default['id']}", json={**default, "name": "1080p"}).status_code
        == 202
    )
    four_k = _add_4k(client, movie_id)
    uhd_folder = uhd_root / "Movie Title (2020)"
    remux = _add_4k(client, movie_id, name="Remux", path=str(uhd_folder))
    hd_folder = movies_root / "Movie Title (2020)"
    call(client, _place_file, movie_id, default["id"], hd_folder, "a.mkv", media["feature"])
    call(client, _place_file, movie_id, four_k["id"], hd_folder, "b.mkv", media["hevc"])
    call(client, _place_file, movie_id, remux["id"], uhd_folder, "c.mkv", media["hevc"])
    enable_renaming(client, standardMovieFormat="{Movie Title} ({Release Year})")

    previewed = client.get("/api/v3/rename", params={"movieId": movie_id}).json()
    assert sorted((r["existingPath"], r["newPath"]) for r in previewed) == [
        ("a.mkv", "Movie Title (2020) - 1080p.mkv"),
        ("b.mkv", "Movie Title (2020) - 4K.mkv"),
        ("c.mkv", "Movie Title (2020).mkv"),
    ]
    command = run_command(client, {"name": "RenameMovie", "movieIds": [movie_id]})

    assert command["message"] == "Renamed 3 file(s)", command
    assert sorted(p.name for p in hd_folder.iterdir()) == [
        "Movie Title (2020) - 1080p.mkv",
        "Movie Title (2020) - 4K.mkv",
    ]
    assert [p.name for p in uhd_folder.iterdir()] == ["Movie Title (2020).mkv"], "alone in its folder"
    assert client.get("/api/v3/rename", params={"movieId": movie_id}).json() == []
