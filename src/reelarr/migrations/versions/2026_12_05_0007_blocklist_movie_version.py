"""blocklist movie version: which version of its movie a blocklisted release was grabbed for

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("blocklist", schema=None) as batch_op:
        batch_op.add_column(sa.Column("movie_version_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("blocklist", schema=None) as batch_op:
        batch_op.drop_column("movie_version_id")
