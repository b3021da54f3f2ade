"""Schemathesis fuzzes a running ``reelarr serve`` from Radarr's OpenAPI document and from our own.

Integration tests: the real process on 127.0.0.1, driven by schemathesis's CLI with the API key.
No answer may be a 500, and the server's log may hold no traceback afterwards; against our own
document every answer must also match the schema it declares.

Bounded to keep the suite quick on two cores: a fixed seed, a handful of generated cases per
operation, the fuzzing phase only (the coverage phase makes some 20,000 cases and takes minutes).
Operations left out, because they end the run rather than test the API:
- ``POST /system/shutdown`` and ``/system/restart`` stop the server under test;
- ``POST /system/backup/restore/*`` replaces the database the run is using;
- ``POST /command`` starts long jobs (a library-wide refresh or search) with arbitrary names.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract import OPENAPI
from local_server import free_port
from reelarr_process import Reelarr

SEED = "20261204"
EXCLUDED = [
    "--exclude-path-regex",
    "^/api/v3/system/(shutdown|restart|backup/restore)",
    "--exclude-name",
    "POST /api/v3/command",
]


@pytest.fixture
def reelarr(tmp_path: Path) -> Iterator[Reelarr]:
    instance = Reelarr(tmp_path / "data", free_port())
    instance.start()
    try:
        yield instance
    finally:
        instance.stop()


def _fuzz(reelarr: Reelarr, document: Path, checks: str, examples: int, tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        str(document),
        "--url",
        reelarr.url,
        "--header",
        f"X-Api-Key: {reelarr.api_key}",
        "--checks",
        checks,
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(examples),
        "--seed",
        SEED,
        "--no-shrink",
        # One worker: with two threads, hypothesis describing its strategies trips a CPython 3.11
        # bug ("SystemError: AST constructor recursion depth mismatch") now and then.
        "--workers",
        "1",
        "--request-timeout",
        "20",
        *EXCLUDED,
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    report = run.stdout + run.stderr
    # Failures and errors come first in schemathesis's report; the warnings after them can be long.
    assert run.returncode == 0, report.split("= WARNINGS =")[0][-8000:]
    assert "Tested:" in report, report[-3000:]
    server_log = reelarr.output.read_text(errors="replace")
    server_log += "".join(p.read_text(errors="replace") for p in (reelarr.data_dir / "logs").glob("*"))
    assert "Traceback" not in server_log, server_log[-6000:]


def test_radarr_document_finds_no_server_error(reelarr: Reelarr, tmp_path: Path) -> None:
    _fuzz(reelarr, OPENAPI, "not_a_server_error", 2, tmp_path)


def test_own_document_finds_no_server_error_and_answers_match_it(reelarr: Reelarr, tmp_path: Path) -> None:
    with reelarr.api() as api:
        response = api.get("/openapi.json")
    assert response.status_code == 200, response.text
    document = tmp_path / "reelarr-openapi.json"
    document.write_text(response.text)
    _fuzz(reelarr, document, "not_a_server_error,response_schema_conformance", 2, tmp_path)
    # The document is behind the API key like the rest of /api/v3.
    assert httpx.get(f"{reelarr.url}/api/v3/openapi.json").status_code == 401
