"""movie version details: each version's monitored flag and its own folder

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 19:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("movie_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("monitored", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column("path", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("movie_versions", schema=None) as batch_op:
        batch_op.drop_column("path")
        batch_op.drop_column("monitored")
