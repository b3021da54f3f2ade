"""Changing a movie's path or root folder with moveFiles moves its folder, and the library follows."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient


def _add(client: TestClient, root: Path) -> dict:
    client.post("/api/v3/rootfolder", json={"path": str(root)})
    movie = {"title": "Heat", "year": 1995, "tmdbId": 949, "qualityProfileId": 1, "rootFolderPath": str(root)}
    created = client.post("/api/v3/movie", json=movie).json()
    folder = Path(created["path"])
    folder.mkdir()
    (folder / "Heat (1995).mkv").write_bytes(b"not really a movie")
    return created


def test_the_editor_moves_folders_to_a_new_root_folder(
    client: TestClient, movies_root: Path, tmp_path: Path
) -> None:
    created = _add(client, movies_root)
    new_root = tmp_path / "more-movies"
    new_root.mkdir()
    client.post("/api/v3/rootfolder", json={"path": str(new_root)})
    response = client.put(
        "/api/v3/movie/editor",
        json={"movieIds": [created["id"]], "rootFolderPath": str(new_root), "moveFiles": True},
    )
    assert response.status_code == 202, response.text
    moved = client.get(f"/api/v3/movie/{created['id']}").json()
    assert moved["path"] == str(new_root / "Heat (1995)")
    assert (new_root / "Heat (1995)" / "Heat (1995).mkv").read_bytes() == b"not really a movie"
    assert not Path(created["path"]).exists()


def test_the_editor_without_move_files_only_changes_the_recorded_path(
    client: TestClient, movies_root: Path, tmp_path: Path
) -> None:
    created = _add(client, movies_root)
    new_root = tmp_path / "elsewhere"
    new_root.mkdir()
    client.post("/api/v3/rootfolder", json={"path": str(new_root)})
    client.put("/api/v3/movie/editor", json={"movieIds": [created["id"]], "rootFolderPath": str(new_root)})
    assert client.get(f"/api/v3/movie/{created['id']}").json()["path"] == str(new_root / "Heat (1995)")
    assert (Path(created["path"]) / "Heat (1995).mkv").exists()


def test_a_put_with_move_files_moves_the_folder_to_the_new_path(
    client: TestClient, movies_root: Path
) -> None:
    created = _add(client, movies_root)
    new_path = movies_root / "Heat (1995) [Director's Cut]"
    response = client.put(
        f"/api/v3/movie/{created['id']}?moveFiles=true", json={**created, "path": str(new_path)}
    )
    assert response.status_code == 202, response.text
    assert response.json()["path"] == str(new_path)
    assert (new_path / "Heat (1995).mkv").exists()
    assert not Path(created["path"]).exists()
