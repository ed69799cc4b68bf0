"""The outbox table: one row per submission, with its sync state machine.

Revision ID: 0001
Revises:
Create Date: 2024-11-22

Types are spelled out here (not imported from the models) so this migration never changes when
the models do. Timestamps are ISO-8601 UTC text, 32 characters. Names are final (``op.f``),
not run through the naming convention.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "outbox_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_uuid", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("form_id", sa.String(length=100), nullable=False),
        sa.Column("form_version", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", _TIMESTAMP, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("remote_id", sa.String(length=255), nullable=True),
        sa.Column("token", sa.String(length=255), nullable=True),
        sa.Column("lease_owner", sa.String(length=255), nullable=True),
        sa.Column("lease_expires_at", _TIMESTAMP, nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.Column("sent_at", _TIMESTAMP, nullable=True),
        sa.Column("personal_data", sa.LargeBinary(), nullable=True),
        sa.Column("personal_data_codec", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_items")),
        sa.UniqueConstraint("client_uuid", name=op.f("uq_outbox_items_client_uuid")),
        sa.UniqueConstraint("reference", name=op.f("uq_outbox_items_reference")),
        sa.CheckConstraint(
            "state IN ('queued', 'sending', 'awaiting_id', 'sent', 'rejected')",
            name=op.f("ck_outbox_items_state_valid"),
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_items_attempts_not_negative")),
    )
    op.create_index(op.f("ix_outbox_items_state_created_at"), "outbox_items", ["state", "created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_items_state_created_at"), table_name="outbox_items")
    op.drop_table("outbox_items")
