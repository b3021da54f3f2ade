"""install.sh's daemon handling (scripts/quiet-daemons.sh) run against a fake root directory.

A fake `apt-get install` enables a daemon at boot the way Debian's maintainer scripts do (a
systemd .wants link and SysV S links), after checking that the policy-rc.d forbids starting it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"

# What the fake apt-get does: refuse to run if daemons could start, then enable deluged at boot.
FAKE_APT = """
fake_apt_install() {
    allowed=0
    "$REELARR_INSTALL_ROOT/usr/sbin/policy-rc.d" deluged start || allowed=$?
    [ "$allowed" = 101 ] || exit 9
    mkdir -p "$REELARR_INSTALL_ROOT/etc/systemd/system/multi-user.target.wants"
    ln -s /lib/systemd/system/deluged.service \
        "$REELARR_INSTALL_ROOT/etc/systemd/system/multi-user.target.wants/deluged.service"
    for level in 2 3 4 5; do
        ln -s ../init.d/deluged "$REELARR_INSTALL_ROOT/etc/rc$level.d/S01deluged"
    done
}
"""


def _install(root: Path, apt_step: str) -> subprocess.CompletedProcess[str]:
    """Runs the same sequence as install.sh: source, trap, hold, apt, release."""
    script = f"""set -eu
as_root() {{ "$@"; }}
. {SCRIPTS}/quiet-daemons.sh
{FAKE_APT}
trap daemons_release EXIT
daemons_hold
{apt_step}
daemons_release
trap - EXIT
"""
    env = {**os.environ, "REELARR_INSTALL_ROOT": str(root)}
    return subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A root with ssh already enabled at boot (systemd and SysV) and no policy-rc.d."""
    (tmp_path / "usr/sbin").mkdir(parents=True)
    wants = tmp_path / "etc/systemd/system/multi-user.target.wants"
    wants.mkdir(parents=True)
    (wants / "ssh.service").symlink_to("/lib/systemd/system/ssh.service")
    for level in "2345":
        (tmp_path / f"etc/rc{level}.d").mkdir(parents=True)
        (tmp_path / f"etc/rc{level}.d/S01ssh").symlink_to("../init.d/ssh")
    return tmp_path


def _boot_links(root: Path) -> set[str]:
    links = set(os.listdir(root / "etc/systemd/system/multi-user.target.wants"))
    for level in "2345":
        links |= {f"rc{level}.d/{name}" for name in os.listdir(root / f"etc/rc{level}.d")}
    return links


def test_install_leaves_no_policy_and_disables_only_what_it_enabled(root: Path) -> None:
    done = _install(root, "fake_apt_install")
    assert done.returncode == 0, done.stderr
    assert not (root / "usr/sbin/policy-rc.d").exists()
    assert _boot_links(root) == {"ssh.service"} | {
        f"rc{level}.d/{name}" for level in "2345" for name in ("S01ssh", "K01deluged")
    }
    assert "not enabled at boot: /etc/systemd/system/multi-user.target.wants/deluged.service" in done.stdout
    assert "not enabled at boot: /etc/rc2.d/S01deluged" in done.stdout


def test_a_failed_install_still_cleans_up(root: Path) -> None:
    done = _install(root, "fake_apt_install; false")
    assert done.returncode != 0
    assert not (root / "usr/sbin/policy-rc.d").exists()
    assert "deluged.service" not in _boot_links(root)
    assert "rc2.d/K01deluged" in _boot_links(root)


def test_an_existing_policy_is_left_as_it_was(root: Path) -> None:
    policy = root / "usr/sbin/policy-rc.d"
    policy.write_text("#!/bin/sh\n# the administrator's\nexit 101\n")
    policy.chmod(0o755)
    done = _install(root, "fake_apt_install")
    assert done.returncode == 0, done.stderr
    assert policy.read_text() == "#!/bin/sh\n# the administrator's\nexit 101\n"
    assert "deluged.service" not in _boot_links(root)


def test_install_sh_uses_the_same_sequence() -> None:
    """The tests above replay install.sh's steps; this holds it to them."""
    install = (SCRIPTS / "install.sh").read_text()
    steps = [
        ". scripts/quiet-daemons.sh",
        "trap daemons_release EXIT",
        "daemons_hold",
        "apt-get install",
        "daemons_release",
        "trap - EXIT",
    ]
    position = 0
    for step in steps:
        position = install.index(step, position) + len(step)
