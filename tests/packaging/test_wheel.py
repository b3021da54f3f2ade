"""The wheel, built offline from a copy of the source tree and installed into a fresh venv outside
the repository, runs Reelarr: API, set-up/login page and the npm-built UI files.

The fresh venv gets the wheel alone (``--no-deps``): its dependencies come from the project's venv
through PYTHONPATH, because no package index is reachable inside the test namespace. The status
endpoint's ``startupPath`` proves Reelarr itself was imported from the fresh venv.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from local_server import free_port

REPO = Path(__file__).resolve().parents[2]
VENDOR = Path("src/reelarr/web/static/vendor")
UI_ASSETS = ("htmx.min.js", "sse.min.js", "pico.min.css")


def _source_copy(target: Path, *, with_ui_assets: bool) -> Path:
    """The files git knows (committed or not), plus the npm-built ones when asked."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    if with_ui_assets:
        (target / VENDOR).mkdir(parents=True, exist_ok=True)
        for asset in UI_ASSETS:
            shutil.copy2(REPO / VENDOR / asset, target / VENDOR / asset)
    return target


def _build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index", "-w",
         str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = _source_copy(tmp_path_factory.mktemp("source"), with_ui_assets=True)
    out = tmp_path_factory.mktemp("dist")
    built = _build(source, out)
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("reelarr-*.whl")
    return wheel


def test_the_wheel_carries_the_ui_templates_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"reelarr/web/static/vendor/{asset}" for asset in UI_ASSETS} <= names
    assert "reelarr/web/static/app.js" in names
    assert any(n.startswith("reelarr/web/templates/") and n.endswith(".html") for n in names)
    assert any(n.startswith("reelarr/migrations/versions/") for n in names)
    assert "reelarr/migrations/env.py" in names


def test_building_without_the_ui_assets_fails_and_says_why(tmp_path: Path) -> None:
    source = _source_copy(tmp_path / "source", with_ui_assets=False)
    built = _build(source, tmp_path / "dist")
    assert built.returncode != 0
    assert "the web UI's files are missing" in built.stderr + built.stdout
    assert not list((tmp_path / "dist").glob("*.whl"))


@pytest.fixture
def installed(wheel: Path, tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin/python"), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        check=True,
        timeout=300,
    )  # fmt: skip
    return venv


@pytest.fixture
def served(installed: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port, data = free_port(), tmp_path / "data"
    dependencies = sysconfig.get_paths()["purelib"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": dependencies}
    output = tmp_path / "reelarr.out"
    with open(output, "wb") as out:
        process = subprocess.Popen(
            [str(installed / "bin/reelarr"), "serve", "--data-dir", str(data), "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, output.read_text()
            assert time.monotonic() < deadline, output.read_text()
            try:
                if httpx.get(f"{url}/ping", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url, data
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_installed_wheel_serves_the_api_and_the_ui(served: tuple[str, Path], installed: Path) -> None:
    url, data = served
    key = json.loads((data / "config.json").read_text())["apiKey"]
    status = httpx.get(f"{url}/api/v3/system/status", headers={"X-Api-Key": key}, timeout=10)
    assert status.status_code == 200, status.text
    assert status.json()["packageVersion"] == wheel_version(installed)
    assert status.json()["startupPath"].startswith(str(installed))
    page = httpx.get(f"{url}/", timeout=10, follow_redirects=True)
    assert page.status_code == 200
    # The Movies page, or the login/set-up page that stands before it once authentication is required.
    assert page.url.path in ("/", "/login", "/setup"), page.url
    assert ("Movies" if page.url.path == "/" else "<form") in page.text
    asset = httpx.get(f"{url}/static/vendor/htmx.min.js", timeout=10)
    assert asset.status_code == 200
    assert asset.content == (REPO / VENDOR / "htmx.min.js").read_bytes()


def wheel_version(venv: Path) -> str:
    (dist_info,) = venv.glob("lib/python*/site-packages/reelarr-*.dist-info")
    return dist_info.name.removeprefix("reelarr-").removesuffix(".dist-info")
