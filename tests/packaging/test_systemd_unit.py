"""packaging/reelarr.service: systemd's own checks, run offline on a copy of this machine's units.

`systemd-analyze verify` checks it inside a scratch root that holds systemd's units, the unit
and an executable where ExecStart expects Reelarr (any warning fails the test, since unknown keys
are only warnings); `systemd-analyze security` scores its sandboxing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

UNIT = Path(__file__).resolve().parents[2] / "packaging" / "reelarr.service"
SYSTEM_UNITS = Path("/lib/systemd/system")


def _exec_start() -> str:
    match = re.search(r"^ExecStart=(\S+)", UNIT.read_text(), re.MULTILINE)
    assert match
    return match.group(1)


def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    shutil.copytree(SYSTEM_UNITS, tmp_path / "lib/systemd/system", symlinks=True)
    (tmp_path / "etc/systemd/system").mkdir(parents=True)
    shutil.copy(UNIT, tmp_path / "etc/systemd/system/reelarr.service")
    program = tmp_path / _exec_start().lstrip("/")
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    verified = subprocess.run(
        ["systemd-analyze", "verify", f"--root={tmp_path}", "reelarr.service"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")


def test_the_units_sandbox_scores_ok() -> None:
    scored = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(UNIT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    match = re.search(r"Overall exposure level for reelarr.service: ([\d.]+) (\w+)", scored.stdout)
    assert match, scored.stdout + scored.stderr
    assert float(match.group(1)) <= 3.0
    assert match.group(2) == "OK"
