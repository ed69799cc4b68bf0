"""Purge bookkeeping on items, and a small key-value table for the queue's own status.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

``purged_at``/``purge_reason`` say when and why an item's personal data was deleted (the item
itself stays for status look-ups and figures). ``outbox_meta`` holds the encryption key check and
the queue status (paused and why, the server's Retry-After), never personal data.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIMESTAMP = sa.String(length=32)


def upgrade() -> None:
    with op.batch_alter_table("outbox_items") as batch:
        batch.add_column(sa.Column("purged_at", _TIMESTAMP, nullable=True))
        batch.add_column(sa.Column("purge_reason", sa.String(length=200), nullable=True))
    op.create_index(op.f("ix_outbox_items_state_next_attempt_at"), "outbox_items", ["state", "next_attempt_at"])
    op.create_table(
        "outbox_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_outbox_meta")),
    )


def downgrade() -> None:
    op.drop_table("outbox_meta")
    op.drop_index(op.f("ix_outbox_items_state_next_attempt_at"), table_name="outbox_items")
    with op.batch_alter_table("outbox_items") as batch:
        batch.drop_column("purge_reason")
        batch.drop_column("purged_at")
