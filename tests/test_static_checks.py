"""The project's own checks run with the suite, so CI fails on a lint, type or layering error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--no-cache", "src", "tests", "bench"],
        ["ruff", "format", "--no-cache", "--check", "src", "tests", "bench"],
        ["mypy"],
        ["lint-imports"],
    ],
    ids=["ruff", "ruff-format", "mypy", "import-layers"],
)
def test_static_check_passes(command: list[str]) -> None:
    result = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_no_two_test_modules_share_a_name() -> None:
    """pytest imports test modules by their bare name (the folders are not packages): a second
    ``test_trakt.py`` makes the whole collection fail."""
    names: dict[str, list[str]] = {}
    for module in (ROOT / "tests").rglob("*.py"):
        if module.name != "conftest.py":
            names.setdefault(module.name, []).append(str(module.relative_to(ROOT)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
