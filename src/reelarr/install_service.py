"""``reelarr install-service``: Reelarr as a sandboxed systemd service, from the venv it runs in.

Writes the unit (packaging/reelarr.service is this module's output with the default paths),
creates the dedicated system user and the data folder, and lists each library and download
folder in ``ReadWritePaths`` (``ProtectSystem=strict`` makes everything else read-only).
``--root`` writes into another root (a package build, or a test); ``--dry-run`` only prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_DATA_DIR = Path("/var/lib/reelarr")

_HEADER = """\
# Reelarr as a system service. Install steps, upgrades and removal: docs/install.md.
# Written by `reelarr install-service`; add library and download folders with its --library
# option (or to ReadWritePaths with `systemctl edit reelarr`).
[Unit]
Description=Reelarr movie collection manager (Radarr API v3)
Documentation=https://github.com/reelarr/reelarr/blob/main/docs/install.md
After=network-online.target
Wants=network-online.target

[Service]
Type=exec
"""

_SANDBOX = """\
# Left out on purpose: PrivateUsers= (hides the media group that grants access to the libraries)
# and MemoryDenyWriteExecute= (libffi callbacks in the Python packages may need it).

NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectHostname=yes
ProtectClock=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectProc=invisible
ProcSubset=pid
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RemoveIPC=yes
CapabilityBoundingSet=
AmbientCapabilities=
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged
DevicePolicy=closed
KeyringMode=private

[Install]
WantedBy=multi-user.target
"""


def render_unit(prefix: Path, data_dir: Path, user: str, libraries: list[Path]) -> str:
    """The unit's text; a data folder under /var/lib is systemd's StateDirectory (made at start)."""
    lines = [
        f"User={user}",
        f"Group={user}",
        f"ExecStart={prefix}/bin/reelarr serve --data-dir {data_dir}",
        "Restart=on-failure",
    ]
    if data_dir.parent == Path("/var/lib"):
        lines += [f"StateDirectory={data_dir.name}", "StateDirectoryMode=0700"]
    lines.append("UMask=0077")
    lines.append("# Media libraries and download folders: one line each, e.g. ReadWritePaths=/srv/media")
    lines += [f"ReadWritePaths={path}" for path in [data_dir, *libraries]]
    return _HEADER + "\n".join(lines) + "\n" + _SANDBOX


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="default /var/lib/reelarr")
    parser.add_argument("--user", default="reelarr", help="the system user it runs as (made if missing)")
    parser.add_argument(
        "--library", type=Path, action="append", default=[], metavar="FOLDER",
        help="a library or download folder Reelarr may write to (repeat for each)",
    )  # fmt: skip
    parser.add_argument("--prefix", type=Path, default=Path(sys.prefix), help="the venv (default: this one)")
    parser.add_argument("--root", type=Path, default=Path("/"), help="install into this root (default /)")
    parser.add_argument("--dry-run", action="store_true", help="print the unit, change nothing")


def _inside(root: Path, path: Path) -> Path:
    return root / path.relative_to("/")


def _ensure_user(root: Path, user: str, data_dir: Path) -> None:
    passwd = _inside(root, Path("/etc/passwd"))
    if passwd.exists() and any(line.split(":")[0] == user for line in passwd.read_text().splitlines()):
        return
    command = ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", str(data_dir),
               "--shell", "/usr/sbin/nologin", user]  # fmt: skip
    if root != Path("/"):
        command[1:1] = ["--root", str(root.resolve())]
    subprocess.run(command, check=True, capture_output=True, text=True)


def _owner(root: Path, user: str) -> tuple[int, int]:
    for line in _inside(root, Path("/etc/passwd")).read_text().splitlines():
        fields = line.split(":")
        if fields[0] == user:
            return int(fields[2]), int(fields[3])
    raise LookupError(user)


def main(args: argparse.Namespace) -> int:
    for path in [args.data_dir, args.prefix, *args.library]:
        if not path.is_absolute():
            print(f"reelarr: {path} must be an absolute path", file=sys.stderr)
            return 2
    unit = render_unit(args.prefix, args.data_dir, args.user, args.library)
    if args.dry_run:
        print(unit, end="")
        return 0
    if shutil.which("useradd") is None:
        print("reelarr: useradd is missing (Debian's passwd package)", file=sys.stderr)
        return 2
    try:
        _ensure_user(args.root, args.user, args.data_dir)
    except subprocess.CalledProcessError as exc:
        print(f"reelarr: could not create the user {args.user}: {exc.stderr.strip()}", file=sys.stderr)
        return 2
    data = _inside(args.root, args.data_dir)
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chown(data, *_owner(args.root, args.user))
    target = _inside(args.root, Path("/etc/systemd/system/reelarr.service"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(unit)
    print(f"Wrote {target}. Then: systemctl daemon-reload && systemctl enable --now reelarr")
    return 0
