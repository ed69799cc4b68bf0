"""The stored shape of the outbox: one row per submission in ``outbox_items``.

The schema is created and changed only by the Alembic migrations in ``sync/migrations``; a test
proves this model and the migrated schema match. Personal data lives only in
``personal_data`` (encoded by the codec named in ``personal_data_codec``) and becomes NULL when
purged; every other column is safe to show to staff and to log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sync.outbox.states import ItemState
from sync.outbox.timestamps import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Named constraints, so later batch migrations on SQLite can find and change them."""

STATE_VALUES = tuple(state.value for state in ItemState)


class Base(DeclarativeBase):
    """Declarative base for the outbox tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OutboxItem(Base):
    """One resident's submission and where it stands on its way to the case API."""

    __tablename__ = "outbox_items"
    __table_args__ = (
        CheckConstraint(
            "state IN (" + ", ".join(f"'{value}'" for value in STATE_VALUES) + ")",
            name="state_valid",
        ),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_items_state_created_at", "state", "created_at"),
        Index("ix_outbox_items_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_uuid: Mapped[str] = mapped_column(String(64), unique=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(35))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    remote_id: Mapped[str | None] = mapped_column(String(255))
    token: Mapped[str | None] = mapped_column(String(255))
    lease_owner: Mapped[str | None] = mapped_column(String(255))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    personal_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    personal_data_codec: Mapped[str] = mapped_column(String(32))
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    purge_reason: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"OutboxItem(reference={self.reference!r}, state={self.state!r})"


class OutboxMeta(Base):
    """The queue's own facts (key check, paused and why, server back-off); never personal data."""

    __tablename__ = "outbox_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
