"""Migrations build the schema from an empty database on SQLite and PostgreSQL, and the
schema they build is exactly the one the models describe."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from reelarr import migrations
from reelarr.db import Base, make_null_pool_engine


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_migrations_run_from_an_empty_database_and_match_the_models(database_url: str) -> None:
    engine = make_null_pool_engine(database_url)
    try:
        await migrations.upgrade(engine)
        await migrations.upgrade(engine)  # a second start changes nothing
        assert await migrations.current_revision(engine) == migrations.head_revision()
        async with engine.connect() as connection:
            tables = await connection.run_sync(_tables)
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert differences == []


def _upgrade_to(connection: Connection, revision: str) -> None:
    cfg = migrations.alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


async def test_apprise_notifications_saved_before_0006_become_apprise_urls(database_url: str) -> None:
    engine = make_null_pool_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_to, "0005")
            await connection.execute(
                text(
                    "INSERT INTO provider_definitions (kind, name, implementation, config_contract, "
                    "settings, options, enable, priority, tags) VALUES ('notification', 'Phone', 'Apprise', "
                    "'AppriseSettings', '{\"urls\": [\"ntfys://ntfy.sh/movies\"]}', '{}', true, 25, '[]')"
                )
            )
        await migrations.upgrade(engine)
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text("SELECT implementation, config_contract FROM provider_definitions")
                )
            ).one()
    finally:
        await engine.dispose()
    assert tuple(row) == ("AppriseUrls", "AppriseUrlsSettings")
