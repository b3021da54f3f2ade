"""``reelarr serve`` as a child process on a temporary data folder, for tests that need the real
command: its start-up, its files on disk, signals, or a mount namespace of its own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx


class Reelarr:
    """A ``reelarr serve`` child process on a temporary data folder."""

    def __init__(
        self, data_dir: Path, port: int, *, prefix: tuple[str, ...] = (), umask: int | None = None
    ) -> None:
        """``prefix`` runs the command under another (``unshare -m ...``); ``umask`` is the child's."""
        self.data_dir, self.port = data_dir, port
        self.prefix, self.umask = prefix, umask
        self.process: subprocess.Popen[bytes] | None = None
        self.output = data_dir.parent / f"reelarr-{port}.out"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REELARR_")}
        with open(self.output, "ab") as out:
            self.process = subprocess.Popen(
                [
                    *self.prefix,
                    sys.executable,
                    "-m",
                    "reelarr",
                    "serve",
                    "--data-dir",
                    str(self.data_dir),
                    "--port",
                    str(self.port),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                umask=-1 if self.umask is None else self.umask,
            )
        deadline = time.monotonic() + 90  # a loaded test machine can take this long to migrate
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output.read_text()
            try:
                if httpx.get(f"{self.url}/ping", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("reelarr did not start:\n" + self.output.read_text())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_key(self) -> str:
        return str(json.loads((self.data_dir / "config.json").read_text())["apiKey"])

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=f"{self.url}/api/v3", headers={"X-Api-Key": self.api_key}, timeout=10)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
