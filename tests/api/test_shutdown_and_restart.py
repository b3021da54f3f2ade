"""``POST /system/shutdown`` and ``/system/restart`` on a real ``reelarr serve`` process."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_for_status(base: str, key: str, timeout: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{base}/api/v3/system/status", headers={"X-Api-Key": key}, timeout=2)
            if response.status_code == 200:
                status: dict[str, object] = response.json()
                return status
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("reelarr serve did not answer")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, str]]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reelarr",
            "serve",
            "--data-dir",
            str(tmp_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "config.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        key = json.loads((tmp_path / "config.json").read_text())["apiKey"]
        _wait_for_status(base, key)
        yield process, base, key
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_shutdown_stops_the_server(served: tuple[subprocess.Popen[bytes], str, str]) -> None:
    process, base, key = served
    response = httpx.post(f"{base}/api/v3/system/shutdown", headers={"X-Api-Key": key}, timeout=10)
    assert response.status_code == 200 and response.json() == {"shuttingDown": True}
    assert process.wait(timeout=30) == 0
    assert process.stderr is not None and b"Traceback" not in process.stderr.read()


def test_restart_starts_the_server_again_in_the_same_process(
    served: tuple[subprocess.Popen[bytes], str, str],
) -> None:
    process, base, key = served
    before = _wait_for_status(base, key)["startTime"]
    response = httpx.post(f"{base}/api/v3/system/restart", headers={"X-Api-Key": key}, timeout=10)
    assert response.status_code == 200 and response.json() == {"restarting": True}
    time.sleep(1)
    after = _wait_for_status(base, key)["startTime"]
    assert after != before and process.poll() is None, "re-executed in place: the same pid answers again"
    httpx.post(f"{base}/api/v3/system/shutdown", headers={"X-Api-Key": key}, timeout=10)
    assert process.wait(timeout=30) == 0
