"""apprise urls: the library-based Apprise notifications move to their own implementation name

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 20:40:00

``Apprise`` is now Radarr's kind (an Apprise API server); the notifications saved before, which
hold Apprise URLs for the library, become ``AppriseUrls`` so they keep working.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE provider_definitions SET implementation = 'AppriseUrls', "
        "config_contract = 'AppriseUrlsSettings' "
        "WHERE kind = 'notification' AND implementation = 'Apprise'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE provider_definitions SET implementation = 'Apprise', config_contract = 'AppriseSettings' "
        "WHERE kind = 'notification' AND implementation = 'AppriseUrls'"
    )
