"""``reelarr import-radarr``: read Radarr's data, write it into Reelarr, print and keep the report."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from reelarr import config
from reelarr.from_radarr import api_source, source
from reelarr.from_radarr.report import Report


class _DryRun(Exception):
    """Raised inside the write transaction so a dry run rolls everything back."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--radarr-dir", type=Path, help="Radarr's data folder (holding radarr.db and config.xml)"
    )
    where.add_argument("--backup", type=Path, help="a Radarr backup zip (System > Backup in Radarr)")
    where.add_argument("--url", help="a running Radarr's address (with --api-key), read through its API v3")
    parser.add_argument("--api-key", help="the running Radarr's API key (Settings > General in Radarr)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be imported; write nothing")
    parser.add_argument("--merge", action="store_true", help="merge into a Reelarr library that has movies")
    parser.add_argument("--new-api-key", action="store_true", help="keep Reelarr's API key, not Radarr's")


def read(args: argparse.Namespace) -> tuple[source.RadarrData, str]:
    """Radarr's data and where it came from, as the report names it."""
    if args.url is not None:
        if not args.api_key:
            raise source.SourceError("--url needs --api-key (Settings > General in Radarr)")
        data, version = api_source.read_api(args.url, args.api_key)
        return data, f"{args.url} (Radarr {version}, API v3)"
    if args.radarr_dir is not None:
        return source.read_folder(args.radarr_dir.expanduser()), str(args.radarr_dir)
    return source.read_backup(args.backup.expanduser()), str(args.backup)


async def run(settings: config.Settings, data: source.RadarrData, report: Report, *, merge: bool) -> None:
    from reelarr import migrations
    from reelarr.app import install_defaults
    from reelarr.db import Database
    from reelarr.from_radarr import writing

    db = Database(settings.effective_database_url)
    try:
        await migrations.upgrade(db.engine)
        await install_defaults(db)
        try:
            async with db.write() as uow:
                await writing.apply(uow.session, data, report, merge=merge)
                if report.dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    finally:
        await db.dispose()


def main(args: argparse.Namespace, settings: config.Settings) -> int:
    try:
        data, where = read(args)
        report = Report(dry_run=args.dry_run, source=where, migration=data.migration)
        if args.url is not None:
            report.needs_human.append(
                "the login: Radarr's API does not give out its user, so set up Reelarr's login yourself"
            )
        if data.migration > source.NEWEST_KNOWN_MIGRATION:
            report.needs_human.append(
                f"Radarr's database is at migration {data.migration}, newer than the newest Reelarr knows "
                f"({source.NEWEST_KNOWN_MIGRATION}): whatever that Radarr added is not imported"
            )
        asyncio.run(run(settings, data, report, merge=args.merge))
    except source.SourceError as exc:
        print(f"reelarr: {exc}", file=sys.stderr)
        return 2
    api_key = data.config_xml.get("ApiKey", "")
    if args.new_api_key or not api_key:
        report.mapped.append("API key: Reelarr keeps its own; give clients the key in config.json")
    else:
        report.mapped.append("API key: Radarr's, so every client keeps working unchanged")
        if not args.dry_run:
            config.save(replace(settings, api_key=api_key))
    text = report.render()
    print(text, end="")
    if not args.dry_run:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        path = settings.data_dir / f"radarr-import-{stamp}.txt"
        path.write_text(text)
        print(f"Report written to {path}")
    return 0
