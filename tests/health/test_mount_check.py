"""Radarr's MountCheck on a real read-only mount: ``reelarr serve`` in a mount namespace of its own."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from local_server import free_port
from reelarr_process import Reelarr


@pytest.fixture
def library_on_tmpfs(tmp_path: Path) -> Iterator[tuple[Reelarr, Path]]:
    """The library is a tmpfs only the child sees; the test remounts it through ``nsenter``."""
    if shutil.which("unshare") is None or shutil.which("nsenter") is None:
        pytest.fail("util-linux's unshare and nsenter are required to give the library its own mount")
    library = tmp_path / "library"
    library.mkdir()
    mount = 'mount -t tmpfs -o size=16m tmpfs "$0" && exec "$@"'
    prefix = ("unshare", "-m", "--propagation", "private", "sh", "-c", mount, str(library))
    instance = Reelarr(tmp_path / "data", free_port(), prefix=prefix)
    instance.start()
    yield instance, library
    instance.stop()


def _issues_after_check(api: httpx.Client, source: str) -> list[dict[str, Any]]:
    command = api.post("/command", json={"name": "CheckHealth"}).json()
    deadline = time.monotonic() + 30
    while api.get(f"/command/{command['id']}").json()["status"] in ("queued", "started"):
        assert time.monotonic() < deadline, "CheckHealth did not finish"
        time.sleep(0.05)
    return [issue for issue in api.get("/health").json() if issue["source"] == source]


def _remount(reelarr: Reelarr, library: Path, mode: str) -> None:
    assert reelarr.process is not None
    target = str(reelarr.process.pid)
    subprocess.run(
        ["nsenter", "-t", target, "-m", "mount", "-o", f"remount,{mode}", str(library)], check=True
    )


def test_mount_check_reports_movies_on_a_read_only_mount_until_it_is_writable_again(
    library_on_tmpfs: tuple[Reelarr, Path],
) -> None:
    reelarr, library = library_on_tmpfs
    assert reelarr.process is not None
    (Path(f"/proc/{reelarr.process.pid}/root") / library.relative_to("/") / "movies").mkdir()
    root = library / "movies"
    with reelarr.api() as api:
        assert api.post("/rootfolder", json={"path": str(root)}).status_code == 201
        body = {
            "title": "Heat",
            "year": 1995,
            "tmdbId": 949,
            "qualityProfileId": 1,
            "rootFolderPath": str(root),
        }
        movie = api.post("/movie", json=body)
        assert movie.status_code == 201, movie.text
        assert _issues_after_check(api, "MountCheck") == []
        _remount(reelarr, library, "ro")
        [issue] = _issues_after_check(api, "MountCheck")
        assert issue["type"] == "error"
        assert f"read-only: {library} ({movie.json()['path']})" in issue["message"]
        assert issue["wikiUrl"] == "https://wiki.servarr.com/radarr/system#movie-mount-ro"
        _remount(reelarr, library, "rw")
        assert _issues_after_check(api, "MountCheck") == []
