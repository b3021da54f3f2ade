"""SIGKILL at every stage of an upgrade's transfer loses no file, and a restart agrees with the disk."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from import_helpers import add_library_movie, call, download

from reelarr import config, importing
from reelarr.app import create_app
from reelarr.files import TransferMode

# Where the child kills itself: (object patched, attribute, kill before or after it runs).
STAGES = {
    "after the journal entry is written": ("reelarr.files.TransferJournal", "begin", "after"),
    "after the content is linked beside the destination": ("reelarr.files", "hardlink", "after"),
    "after the new file is in place": ("reelarr.importing", "place_file", "after"),
    "after the database commit": ("reelarr.files.TransferJournal", "recorded", "before"),
    "after the journal says recorded": ("reelarr.files.TransferJournal", "finish", "before"),
    "while the old file goes to the recycle bin": ("reelarr.files", "recycle", "before"),
}

CHILD = textwrap.dedent(
    """
    import asyncio, functools, importlib, os, signal, sys
    from pathlib import Path
    from reelarr import config, importing
    from reelarr.app import running
    from reelarr.files import TransferMode

    target, attribute, when, data_dir, folder = sys.argv[1:]
    module_name, _, class_name = target.partition(".files.")
    owner = importlib.import_module(module_name + ".files") if class_name else importlib.import_module(target)
    if class_name:
        owner = getattr(owner, class_name)
    original = getattr(owner, attribute)

    @functools.wraps(original)
    def dying(*args, **kwargs):
        if when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, attribute, dying)

    async def main():
        settings = config.load(Path(data_dir), {"database_url": None})
        async with running(settings, scheduler_tick_seconds=3600) as ctx:
            await importing.import_download(ctx, folder, None, None, TransferMode.MOVE)

    asyncio.run(main())
    """
)


def _app(data_dir: Path) -> TestClient:
    settings = config.load(data_dir, {"database_url": None})
    return TestClient(
        create_app(settings, scheduler_tick_seconds=3600), headers={"X-Api-Key": settings.api_key}
    )


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_killed_import_leaves_the_old_state_or_the_new_one(
    stage: str, data_dir: Path, movies_root: Path, tmp_path: Path, media: dict[str, Path]
) -> None:
    with _app(data_dir) as client:
        naming = client.get("/api/v3/config/naming").json()
        client.put("/api/v3/config/naming", json={**naming, "renameMovies": True})
        mm = client.get("/api/v3/config/mediamanagement").json()
        client.put("/api/v3/config/mediamanagement", json={**mm, "recycleBin": str(tmp_path / "bin")})
        movie_id = call(client, add_library_movie, movies_root, "Movie Title", 2020)
        first = download(
            tmp_path / "a", media, "Movie.Title.2020.720p.HDTV.x264-GROUP", sample=False, subtitle=False
        )
        call(client, importing.import_download, first, movie_id, None, TransferMode.COPY)
    better = download(
        tmp_path / "b", media, "Movie.Title.2020.1080p.BluRay.x264-GROUP", sample=False, subtitle=False
    )
    source = better / "Movie.Title.2020.1080p.BluRay.x264-GROUP.mkv"
    size = source.stat().st_size

    child = subprocess.run(
        [sys.executable, "-c", CHILD, *STAGES[stage], str(data_dir), str(better)],
        capture_output=True,
        timeout=60,
    )
    assert child.returncode == -9, child.stderr.decode()[-2000:]

    with _app(data_dir) as client:
        movie = client.get(f"/api/v3/movie/{movie_id}").json()
    folder = movies_root / "Movie Title (2020)"
    on_disk = sorted(p.name for p in folder.iterdir())
    assert on_disk == [movie["movieFile"]["relativePath"]], "the database names exactly the file on disk"
    assert (folder / movie["movieFile"]["relativePath"]).stat().st_size == size
    if movie["movieFile"]["quality"]["quality"]["name"] == "Bluray-1080p":
        assert sorted(p.name for p in (tmp_path / "bin").iterdir()) == ["Movie Title (2020) HDTV-720p.mkv"]
        assert not source.exists(), "a finished move removes its source"
    else:
        assert source.stat().st_size == size, "a rolled back move keeps its source"
    assert not list((data_dir / "transfers").glob("*.json")), "no transfer is left half done"
