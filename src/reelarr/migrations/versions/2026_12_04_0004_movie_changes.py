"""movie changes: a log of which movies' resources changed, written by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 19:30:00

Every write to a table the movie resource shows (movies, metadata, versions, files, alternative
titles) leaves the movie's id in ``movie_changes``, whoever wrote it (ORM, Core, the Radarr
importer, another process), so the served movie list re-serializes just those movies.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# table -> (the column that leads to the movie, the movies it names given that column's value).
_MOVIES_OF = {
    "movies": ("id", "SELECT {key}"),
    "movie_versions": ("movie_id", "SELECT {key}"),
    "movie_files": ("movie_id", "SELECT {key}"),
    "movie_metadata": ("id", "SELECT id FROM movies WHERE movie_metadata_id = {key}"),
    "alternative_titles": ("movie_metadata_id", "SELECT id FROM movies WHERE movie_metadata_id = {key}"),
}


def _records(table: str, operation: str) -> str:
    """The statements that log the movies a row change touches (an update that moves a row to
    another movie logs both)."""
    column, movies = _MOVIES_OF[table]
    record = "INSERT INTO movie_changes (movie_id) {movies};"
    if operation == "insert":
        return record.format(movies=movies.format(key=f"NEW.{column}"))
    if operation == "delete":
        return record.format(movies=movies.format(key=f"OLD.{column}"))
    moved = f"OLD.{column} IS DISTINCT FROM NEW.{column}"
    old_movies = movies.format(key=f"OLD.{column}")
    old_movies += f" AND {moved}" if " WHERE " in old_movies else f" WHERE {moved}"
    return record.format(movies=movies.format(key=f"NEW.{column}")) + " " + record.format(movies=old_movies)


def upgrade() -> None:
    op.create_table(
        "movie_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("movie_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movie_changes")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in _MOVIES_OF:
        for operation in ("insert", "update", "delete"):
            name = f"movie_changes_{table}_{operation}"
            when = f"AFTER {operation.upper()} ON {table} FOR EACH ROW"
            if sqlite:
                op.execute(f"CREATE TRIGGER {name} {when} BEGIN {_records(table, operation)} END")
                continue
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {_records(table, operation)} "
                "RETURN NULL; END $$ LANGUAGE plpgsql"
            )
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {name}()")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in _MOVIES_OF:
        for operation in ("insert", "update", "delete"):
            name = f"movie_changes_{table}_{operation}"
            op.execute(f"DROP TRIGGER {name}" if sqlite else f"DROP TRIGGER {name} ON {table}")
            if not sqlite:
                op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("movie_changes")
