"""The systemd unit, as checked in (packaging/reelarr.service) and as `reelarr install-service`
writes it into a scratch root: systemd's own checks, run offline on a copy of this machine's units.

`systemd-analyze verify` checks a unit inside a scratch root that holds systemd's units, the unit
and an executable where ExecStart expects Reelarr (any warning fails the test, since unknown keys
are only warnings); `systemd-analyze security` scores its sandboxing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UNIT = REPO / "packaging" / "reelarr.service"
SYSTEM_UNITS = Path("/lib/systemd/system")
REELARR = [sys.executable, "-m", "reelarr", "install-service"]


def _exec_start(unit: Path) -> str:
    match = re.search(r"^ExecStart=(\S+)", unit.read_text(), re.MULTILINE)
    assert match
    return match.group(1)


def _verify(unit: Path, scratch: Path) -> None:
    shutil.copytree(SYSTEM_UNITS, scratch / "lib/systemd/system", symlinks=True)
    (scratch / "etc/systemd/system").mkdir(parents=True, exist_ok=True)
    if unit != scratch / "etc/systemd/system/reelarr.service":
        shutil.copy(unit, scratch / "etc/systemd/system/reelarr.service")
    program = scratch / _exec_start(unit).lstrip("/")
    program.parent.mkdir(parents=True, exist_ok=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    verified = subprocess.run(
        ["systemd-analyze", "verify", f"--root={scratch}", "reelarr.service"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")


def _assert_scores_ok(unit: Path) -> None:
    scored = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    match = re.search(r"Overall exposure level for reelarr.service: ([\d.]+) (\w+)", scored.stdout)
    assert match, scored.stdout + scored.stderr
    assert float(match.group(1)) <= 3.0
    assert match.group(2) == "OK"


def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    _verify(UNIT, tmp_path)


def test_the_units_sandbox_scores_ok() -> None:
    _assert_scores_ok(UNIT)


def test_the_checked_in_unit_is_what_install_service_writes_by_default() -> None:
    printed = subprocess.run(
        [*REELARR, "--dry-run", "--prefix", "/opt/reelarr"], capture_output=True, text=True, timeout=60
    )
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == UNIT.read_text()


@pytest.fixture
def scratch_root(tmp_path: Path) -> Path:
    """A root with this machine's users and groups, for useradd --root."""
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    for name in ("passwd", "group"):
        shutil.copy(f"/etc/{name}", root / "etc" / name)
    for name in ("shadow", "gshadow"):
        (root / "etc" / name).touch(mode=0o600)
    return root


def test_install_service_writes_the_unit_user_and_data_folder(scratch_root: Path) -> None:
    installed = subprocess.run(
        [*REELARR, "--root", str(scratch_root), "--prefix", "/opt/reelarr-venv", "--user", "reelarr-test",
         "--data-dir", "/srv/reelarr-data", "--library", "/srv/media/movies", "--library", "/srv/downloads"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    (user,) = [
        line.split(":") for line in (scratch_root / "etc/passwd").read_text().splitlines()
        if line.startswith("reelarr-test:")
    ]  # fmt: skip
    assert user[5:] == ["/srv/reelarr-data", "/usr/sbin/nologin"]
    data = scratch_root / "srv/reelarr-data"
    assert (data.stat().st_uid, data.stat().st_gid, data.stat().st_mode & 0o777) == (
        int(user[2]), int(user[3]), 0o700,
    )  # fmt: skip
    unit = scratch_root / "etc/systemd/system/reelarr.service"
    text = unit.read_text()
    assert "ExecStart=/opt/reelarr-venv/bin/reelarr serve --data-dir /srv/reelarr-data\n" in text
    assert re.findall(r"^ReadWritePaths=(.*)$", text, re.MULTILINE) == [
        "/srv/reelarr-data", "/srv/media/movies", "/srv/downloads",
    ]  # fmt: skip
    assert "StateDirectory=" not in text and "User=reelarr-test\n" in text
    _verify(unit, scratch_root)
    _assert_scores_ok(unit)
    # A second run keeps the user (no second entry) and rewrites the unit.
    again = subprocess.run(
        [*REELARR, "--root", str(scratch_root), "--user", "reelarr-test", "--data-dir", "/srv/reelarr-data"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert (scratch_root / "etc/passwd").read_text().count("reelarr-test:") == 1


def test_dry_run_changes_nothing(scratch_root: Path) -> None:
    before = (scratch_root / "etc/passwd").read_text()
    printed = subprocess.run(
        [*REELARR, "--dry-run", "--root", str(scratch_root), "--library", "/srv/media"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    assert "ReadWritePaths=/srv/media\n" in printed.stdout
    assert (scratch_root / "etc/passwd").read_text() == before
    assert not (scratch_root / "etc/systemd").exists()


def test_a_relative_library_path_is_refused(scratch_root: Path) -> None:
    refused = subprocess.run(
        [*REELARR, "--root", str(scratch_root), "--library", "media"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert "media must be an absolute path" in refused.stderr
    assert not (scratch_root / "etc/systemd").exists()
