"""Alembic environment: runs on the connection handed over by ``reelarr.migrations.upgrade``."""

from __future__ import annotations

from alembic import context

from reelarr import models  # noqa: F401  (registers the tables on the metadata)
from reelarr.db import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through reelarr.migrations.upgrade (or `reelarr migrate`)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
