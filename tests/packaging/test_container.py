"""The container image, built by scripts/build-image.sh and run with podman as a self-hoster would:
a /config volume owned by PUID/PGID 1234, UMASK and TZ set, the image's own health check.

The image is built from the base and the dependency wheels that `scripts/install.sh --test`
prepared (they need Debian's archive and the package index; the suite has no network), and it is
cached by the hash of its inputs: the build script does nothing when that tag exists. The
container shares the test's network namespace (`--network host`) on a free port.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from local_server import free_port

REPO = Path(__file__).resolve().parents[2]
OWNER = 1234
# runc: crun refuses hosts with hybrid cgroups whose v2 tree holds a controller (this machine).
PODMAN = ["podman", "--runtime", "runc"]


def _limits() -> list[str]:
    """Limits this machine can grant: podman's defaults exceed them, and runc is refused even
    this process's own hard process limit (scripts/build-image.sh has the same)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return ["--ulimit", f"nofile={soft}:{hard}", "--ulimit", "nproc=4096:4096"]


def podman(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PODMAN, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def image() -> str:
    built = subprocess.run(
        ["sh", "scripts/build-image.sh"], cwd=REPO, capture_output=True, text=True, timeout=1200
    )
    assert built.returncode == 0, (
        "the image did not build (its base and wheels come from `sh scripts/install.sh --test`):\n"
        + built.stdout
        + built.stderr
    )
    return built.stdout.strip().splitlines()[-1]


def _wait_for_ping(url: str, name: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        state = podman("inspect", "--format", "{{.State.Status}}", name).stdout.strip()
        assert state == "running", podman("logs", name).stdout + podman("logs", name).stderr
        assert time.monotonic() < deadline, podman("logs", name).stdout
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)


@pytest.fixture
def container(image: str, tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    config = tmp_path / "config"
    config.mkdir()
    os.chown(config, OWNER, OWNER)
    # A file an earlier run left owned by root: the entrypoint hands it to PUID:PGID.
    (config / "left-by-root.txt").write_text("x")
    name, port = f"reelarr-test-{uuid.uuid4().hex[:8]}", free_port()
    started = podman(
        "run", "-d", "--name", name, "--network", "host", *_limits(),
        "-e", f"PUID={OWNER}", "-e", f"PGID={OWNER}", "-e", "UMASK=077", "-e", "TZ=Europe/Berlin",
        "-e", f"REELARR_PORT={port}", "-v", f"{config}:/config", image,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_ping(url, name)
        yield name, url, config
    finally:
        podman("rm", "-f", "-t", "5", name)


def _api_key(config: Path) -> str:
    return str(json.loads((config / "config.json").read_text())["apiKey"])


def test_the_image_runs_as_puid_with_umask_and_tz(container: tuple[str, str, Path]) -> None:
    name, url, config = container
    assert httpx.get(f"{url}/ping", timeout=5).status_code == 200
    files = [config, *config.rglob("*")]
    assert {path.name for path in files} >= {"config.json", "reelarr.db", "left-by-root.txt"}
    assert {(path.stat().st_uid, path.stat().st_gid) for path in files} == {(OWNER, OWNER)}
    assert (config / "reelarr.db").stat().st_mode & 0o077 == 0  # UMASK=077
    status = podman("exec", name, "cat", "/proc/1/status").stdout
    assert f"Uid:\t{OWNER}\t{OWNER}\t{OWNER}\t{OWNER}" in status
    assert podman("exec", name, "cat", "/etc/timezone").stdout.strip() == "Europe/Berlin"
    probe = podman("exec", name, "ffprobe", "-version")
    assert probe.returncode == 0 and probe.stdout.startswith("ffprobe version"), probe.stderr


def test_the_health_check_passes_and_fails_when_reelarr_is_gone(container: tuple[str, str, Path]) -> None:
    name, _, _ = container
    checked = podman("healthcheck", "run", name)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert podman("inspect", "--format", "{{.State.Health.Status}}", name).stdout.strip() == "healthy"
    # Point the same check at a port nobody listens on: it must fail, or it proves nothing.
    wrong = podman("exec", "-e", f"REELARR_PORT={free_port()}", name, "python3",
                   "/usr/local/lib/reelarr-healthcheck.py")  # fmt: skip
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr


def test_a_restart_keeps_the_data(container: tuple[str, str, Path]) -> None:
    name, url, config = container
    key = _api_key(config)
    created = httpx.post(f"{url}/api/v3/tag", json={"label": "kept"}, headers={"X-Api-Key": key}, timeout=10)
    assert created.status_code in (200, 201), created.text
    restarted = podman("restart", "-t", "10", name)
    assert restarted.returncode == 0, restarted.stderr
    _wait_for_ping(url, name)
    assert _api_key(config) == key
    tags = httpx.get(f"{url}/api/v3/tag", headers={"X-Api-Key": key}, timeout=10).json()
    assert [tag["label"] for tag in tags] == ["kept"]
