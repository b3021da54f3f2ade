"""A movie lives strictly inside a root folder, and deleting it removes its own folder and nothing else."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from local_server import free_port
from reelarr_process import Reelarr


def _add(client: TestClient, root: Path, title: str = "Heat", year: int = 1995, tmdb_id: int = 949) -> dict:
    movie = {
        "title": title,
        "year": year,
        "tmdbId": tmdb_id,
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
    }
    response = client.post("/api/v3/movie", json=movie)
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.fixture
def heat(client: TestClient, movies_root: Path) -> dict:
    assert client.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    return _add(client, movies_root)


def _messages(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.text
    return " ".join(problem["errorMessage"] for problem in response.json())


def test_a_movie_path_moved_outside_the_root_folders_is_refused_with_the_reason(
    client: TestClient, heat: dict, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "Heat (1995)"
    for move_files in ("false", "true"):
        response = client.put(
            f"/api/v3/movie/{heat['id']}?moveFiles={move_files}", json={**heat, "path": str(outside)}
        )
        assert "is not inside a root folder" in _messages(response)
    assert client.get(f"/api/v3/movie/{heat['id']}").json()["path"] == heat["path"]


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("/", "is a system folder"),
        ("/etc/reelarr", "is inside the system folder '/etc'"),
        ("root", "is a root folder"),
        ("parent", "contains the root folder"),
        ("data", "Reelarr's own folder"),
        ("sibling", "is not inside a root folder"),
    ],
)
def test_system_root_data_and_sibling_folders_are_refused_as_movie_paths(
    client: TestClient, heat: dict, movies_root: Path, data_dir: Path, where: str, reason: str
) -> None:
    path = {
        "root": str(movies_root),
        "parent": str(movies_root.parent),
        "data": str(data_dir),
        "sibling": str(movies_root.parent / "movies-sibling" / "Heat (1995)"),
    }.get(where, where)
    assert reason in _messages(client.put(f"/api/v3/movie/{heat['id']}", json={**heat, "path": path}))
    added = client.post(
        "/api/v3/movie", json={**heat, "id": None, "tmdbId": 111, "title": "Scarface", "path": path}
    )
    assert reason in _messages(added)
    assert [m["path"] for m in client.get("/api/v3/movie").json()] == [heat["path"]]


def test_the_editor_refuses_a_root_folder_that_is_not_one(client: TestClient, heat: dict) -> None:
    for move_files in (False, True):
        response = client.put(
            "/api/v3/movie/editor",
            json={"movieIds": [heat["id"]], "rootFolderPath": "/", "moveFiles": move_files},
        )
        assert "is not inside a root folder" in _messages(response)
    assert client.get(f"/api/v3/movie/{heat['id']}").json()["path"] == heat["path"]


def test_a_library_import_outside_the_root_folders_is_refused(
    client: TestClient, heat: dict, tmp_path: Path
) -> None:
    outside = tmp_path / "Alien (1979)"
    outside.mkdir()
    body = [{"title": "Alien", "year": 1979, "tmdbId": 348, "qualityProfileId": 1, "path": str(outside)}]
    assert "is not inside a root folder" in _messages(client.post("/api/v3/movie/import", json=body))


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("/", "is a system folder"),
        ("/etc", "is a system folder"),
        ("/usr/share", "is inside the system folder '/usr'"),
        ("data", "is inside Reelarr's own folder"),
        ("in data", "is inside Reelarr's own folder"),
        ("above data", "contains Reelarr's own folder"),
    ],
)
def test_a_root_folder_may_not_be_a_system_folder_or_hold_reelarrs_data(
    client: TestClient, data_dir: Path, where: str, reason: str
) -> None:
    (data_dir / "inside").mkdir()
    path = {"data": str(data_dir), "in data": str(data_dir / "inside"), "above data": str(data_dir.parent)}
    assert reason in _messages(client.post("/api/v3/rootfolder", json={"path": path.get(where, where)}))
    assert client.get("/api/v3/rootfolder").json() == []


def test_deleting_a_movie_whose_folder_leads_out_of_the_library_deletes_nothing(
    client: TestClient, heat: dict, movies_root: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.odt").write_text("four years")
    Path(heat["path"]).symlink_to(precious)

    response = client.delete(f"/api/v3/movie/{heat['id']}", params={"deleteFiles": "true"})

    assert "were not deleted" in _messages(response)
    assert (precious / "thesis.odt").read_text() == "four years"
    assert client.get(f"/api/v3/movie/{heat['id']}").status_code == 200


# ---------------------------------------------------------------- a tmpfs-backed library


@pytest.fixture
def on_tmpfs(tmp_path: Path) -> Iterator[tuple[Reelarr, Path]]:
    """``reelarr serve`` in a mount namespace of its own with a tmpfs as its library folder.

    The tmpfs exists only in the child's namespace; this test reaches it through
    ``/proc/<pid>/root``, which shows the child's mounts. Nothing outlives the child.
    """
    if shutil.which("unshare") is None:
        pytest.fail("util-linux's unshare is required to give the library its own tmpfs")
    library = tmp_path / "library"
    library.mkdir()
    mount = 'mount -t tmpfs -o size=64m tmpfs "$0" && exec "$@"'
    prefix = ("unshare", "-m", "--propagation", "private", "sh", "-c", mount, str(library))
    instance = Reelarr(tmp_path / "data", free_port(), prefix=prefix)
    instance.start()
    yield instance, library
    instance.stop()


def test_deleting_a_movie_with_files_on_a_tmpfs_removes_exactly_its_folder(
    on_tmpfs: tuple[Reelarr, Path],
) -> None:
    reelarr, library = on_tmpfs
    assert reelarr.process is not None
    seen = Path(f"/proc/{reelarr.process.pid}/root") / library.relative_to("/")
    assert (seen / ".").stat().st_dev != library.stat().st_dev, "the library is not the child's tmpfs"
    root = library / "movies"
    (seen / "movies").mkdir()
    (seen / "downloads" / "Heat.1995.1080p").mkdir(parents=True)
    (seen / "downloads" / "Heat.1995.1080p" / "heat.mkv").write_bytes(b"a download")
    with reelarr.api() as api:
        assert api.post("/rootfolder", json={"path": str(root)}).status_code == 201
        movies = {}
        for title, year, tmdb_id in (("Heat", 1995, 949), ("Heat 2", 2026, 950), ("Alien", 1979, 348)):
            body = {
                "title": title,
                "year": year,
                "tmdbId": tmdb_id,
                "qualityProfileId": 1,
                "rootFolderPath": str(root),
            }
            movies[title] = api.post("/movie", json=body).json()
            folder = seen / Path(movies[title]["path"]).relative_to(library)
            folder.mkdir()
            (folder / f"{title}.mkv").write_bytes(title.encode())
        before = sorted(p.relative_to(seen) for p in seen.rglob("*"))

        response = api.delete(f"/movie/{movies['Heat']['id']}", params={"deleteFiles": "true"})
        assert response.status_code == 200, response.text

        heat = Path("movies") / "Heat (1995)"
        assert sorted(p.relative_to(seen) for p in seen.rglob("*")) == [
            p for p in before if p != heat and heat not in p.parents
        ]
        assert sorted(m["title"] for m in api.get("/movie").json()) == ["Alien", "Heat 2"]
    # The host's folder under the tmpfs never saw any of it.
    assert list(library.iterdir()) == []
