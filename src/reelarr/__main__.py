"""The ``reelarr`` command: ``serve`` (the default), ``migrate``, ``parse``, ``import-radarr`` and
``install-service``."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from reelarr import config


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", type=Path, help="data folder (default ~/.config/reelarr, or REELARR_DATA_DIR)"
    )
    parser.add_argument("--host", help="address to bind (default 127.0.0.1, or REELARR_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default 7878, or REELARR_PORT)")
    parser.add_argument("--url-base", help="serve under this path, e.g. /reelarr (or REELARR_URL_BASE)")
    parser.add_argument("--log-level", choices=["debug", "info", "warning", "error"], help="log level")
    parser.add_argument(
        "--database-url", help="e.g. postgresql+asyncpg://user@host/db (or REELARR_DATABASE_URL)"
    )


def _load(args: argparse.Namespace) -> config.Settings:
    return config.load(
        args.data_dir,
        {
            "host": args.host,
            "port": args.port,
            "url_base": args.url_base,
            "log_level": args.log_level,
            "database_url": args.database_url,
        },
    )


async def _migrate(settings: config.Settings) -> str | None:
    from reelarr import migrations
    from reelarr.db import make_null_pool_engine

    engine = make_null_pool_engine(settings.effective_database_url)
    try:
        await migrations.upgrade(engine)
        return await migrations.current_revision(engine)
    finally:
        await engine.dispose()


def _check_database(settings: config.Settings) -> str | None:
    """Migrate before serving, so a bad database URL is a one-line message, not a traceback."""
    try:
        asyncio.run(_migrate(settings))
    except Exception as exc:  # the driver's own error says what is wrong; the stack does not
        return f"cannot open the database {_redacted_url(settings.effective_database_url)}: {exc}"
    return None


def _redacted_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from reelarr.app import create_app

    settings = _load(args)
    problem = _check_database(settings)
    if problem:
        print(f"reelarr: {problem}", file=sys.stderr)
        return 2
    host = settings.host if ":" not in settings.host else f"[{settings.host}]"
    print(
        f"Reelarr: listening on http://{host}:{settings.port}{settings.url_base}/"
        f" (API at {settings.url_base}/api/v3)",
        flush=True,
    )
    print(f"Reelarr: API key in {settings.config_path}", flush=True)
    app = create_app(settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host=settings.host, port=settings.port, log_config=None, proxy_headers=False)
    )
    requested: list[str] = []

    def request_exit(kind: str) -> None:
        requested.append(kind)
        server.should_exit = True

    # POST /api/v3/system/shutdown and /restart: uvicorn finishes the requests in flight, then stops.
    app.state.request_exit = request_exit
    server.run()
    if requested and requested[-1] == "restart":
        print("Reelarr: restarting", flush=True)
        os.execv(sys.executable, [sys.executable, "-m", "reelarr", *sys.argv[1:]])
    # uvicorn returns normally when it could not bind; say so rather than exit silently.
    return 0 if server.started else 1


def migrate(args: argparse.Namespace) -> int:
    settings = _load(args)
    try:
        revision = asyncio.run(_migrate(settings))
    except Exception as exc:
        print(f"reelarr: migration failed: {exc}", file=sys.stderr)
        return 2
    print(f"database at revision {revision}")
    return 0


def import_radarr(args: argparse.Namespace) -> int:
    from reelarr.from_radarr import cli

    return cli.main(args, _load(args))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "parse":
        from reelarr.parser.cli import main as parse_main

        return parse_main(argv[1:])
    parser = argparse.ArgumentParser(prog="reelarr", description="A movie collection manager.")
    sub = parser.add_subparsers(dest="command")
    serve_parser = sub.add_parser("serve", help="run Reelarr (the default)")
    _serve_arguments(serve_parser)
    migrate_parser = sub.add_parser("migrate", help="bring the database to the newest schema")
    _serve_arguments(migrate_parser)
    import_parser = sub.add_parser(
        "import-radarr", help="bring a Radarr library, settings and history across"
    )
    _serve_arguments(import_parser)
    from reelarr.from_radarr.cli import add_arguments

    add_arguments(import_parser)
    service_parser = sub.add_parser("install-service", help="run Reelarr as a sandboxed systemd service")
    from reelarr import install_service

    install_service.add_arguments(service_parser)
    sub.add_parser("parse", help='parse a release title: reelarr parse "Title.2019.1080p..." [--json]')
    if not argv or argv[0].startswith("-"):
        argv = ["serve", *argv]
    args = parser.parse_args(argv)
    try:
        commands = {
            "serve": serve,
            "migrate": migrate,
            "import-radarr": import_radarr,
            "install-service": install_service.main,
        }
        return commands[args.command](args)
    except config.ConfigError as exc:
        print(f"reelarr: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
