"""The sync worker's side of the outbox: claim items with a lease, record what the server said.

Promises:
- ``claim_for_sending`` picks due items oldest first and, in one ``BEGIN IMMEDIATE``
  transaction, marks them ``sending`` with this owner's lease and counts the attempt. So two
  workers (the kiosk's own and a ``sync --once`` run) never hold the same item, and an item is
  durably ``sending`` before its POST. An item still ``sending`` after its lease ran out is in
  doubt (the owner died mid-POST) and is claimed again: it is re-sent with the same
  Idempotency-Key.
- ``record`` applies a batch of results in one transaction, and only to items this owner still
  holds; a result for an item whose lease was lost is dropped (the new holder decides).
- Every change follows ``ALLOWED_TRANSITIONS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from sync.outbox.models import OutboxItem
from sync.outbox.states import ItemState, can_transition

SENDING = ItemState.SENDING.value
QUEUED = ItemState.QUEUED.value
AWAITING_ID = ItemState.AWAITING_ID.value


@dataclass(frozen=True)
class ClaimedItem:
    """An item this worker now holds. ``payload`` is decrypted personal data (never logged)."""

    reference: str
    client_uuid: str
    form_id: str
    attempts: int
    in_doubt: bool
    token: str | None = None
    payload: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class ItemUpdate:
    """What to do with one held item. ``purge_reason`` set means delete its personal data now."""

    reference: str
    state: ItemState
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    remote_id: str | None = None
    token: str | None = None
    purge_reason: str | None = None
    undo_attempt: bool = False
    keep_last_error: bool = False


def _due_for_sending(now: datetime, retry_now: bool):
    due = or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now)
    queued = and_(OutboxItem.state == QUEUED, True if retry_now else due)
    in_doubt = and_(OutboxItem.state == SENDING, OutboxItem.lease_expires_at < now)
    return or_(queued, in_doubt)


def claim_for_sending(
    session: Session, owner: str, limit: int, lease: timedelta, now: datetime, *, retry_now: bool = False
) -> list[tuple[Row, bool]]:
    """Claim up to ``limit`` due items (oldest first); returns each row (reference, client_uuid,
    form_id, attempts, token, personal_data, personal_data_codec) and whether it was in doubt."""
    rows = session.execute(
        select(OutboxItem.id, OutboxItem.state)
        .where(_due_for_sending(now, retry_now))
        .order_by(OutboxItem.created_at, OutboxItem.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    in_doubt = {row.id for row in rows if row.state == SENDING}
    session.execute(
        update(OutboxItem)
        .where(OutboxItem.id.in_(ids))
        .values(
            state=SENDING,
            lease_owner=owner,
            lease_expires_at=now + lease,
            attempts=OutboxItem.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    claimed = session.execute(
        select(
            OutboxItem.id,
            OutboxItem.reference,
            OutboxItem.client_uuid,
            OutboxItem.form_id,
            OutboxItem.attempts,
            OutboxItem.token,
            OutboxItem.personal_data,
            OutboxItem.personal_data_codec,
        )
        .where(OutboxItem.id.in_(ids))
        .order_by(OutboxItem.created_at, OutboxItem.id)
    ).all()
    return [(row, row.id in in_doubt) for row in claimed]


def claim_tokens(
    session: Session,
    owner: str,
    limit: int,
    lease: timedelta,
    now: datetime,
    *,
    retry_now: bool = False,
    asked_before: datetime | None = None,
) -> list[OutboxItem]:
    """Claim up to ``limit`` ``awaiting_id`` items whose token is due to be asked about again.

    With ``asked_before`` (the start of a pass), items changed since then (asked in this pass) are
    left out, so a pass asks about each token at most once however short the poll delay.
    """
    due = or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now)
    rows = session.scalars(
        select(OutboxItem.id)
        .where(
            OutboxItem.state == AWAITING_ID,
            True if retry_now else due,
            True if asked_before is None else OutboxItem.updated_at < asked_before,
            or_(OutboxItem.lease_expires_at.is_(None), OutboxItem.lease_expires_at < now),
        )
        .order_by(OutboxItem.created_at, OutboxItem.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    session.execute(
        update(OutboxItem).where(OutboxItem.id.in_(rows)).values(lease_owner=owner, lease_expires_at=now + lease)
    )
    return list(session.scalars(select(OutboxItem).where(OutboxItem.id.in_(rows)).order_by(OutboxItem.id)).all())


def renew_leases(session: Session, owner: str, references: Iterable[str], lease: timedelta, now: datetime) -> set[str]:
    """Extend this owner's leases on ``references``; returns those it still holds."""
    refs = list(references)
    if not refs:
        return set()
    held = set(
        session.scalars(
            select(OutboxItem.reference).where(
                OutboxItem.reference.in_(refs),
                OutboxItem.lease_owner == owner,
                OutboxItem.state.in_((SENDING, AWAITING_ID)),
            )
        ).all()
    )
    if held:
        session.execute(update(OutboxItem).where(OutboxItem.reference.in_(held)).values(lease_expires_at=now + lease))
    return held


_HELD_COLUMNS = (
    OutboxItem.id,
    OutboxItem.reference,
    OutboxItem.state,
    OutboxItem.attempts,
    OutboxItem.last_error,
    OutboxItem.remote_id,
    OutboxItem.token,
    OutboxItem.sent_at,
    OutboxItem.purged_at,
    OutboxItem.purge_reason,
)


def _new_values(row: Row, change: ItemUpdate, now: datetime) -> dict[str, Any]:
    current = ItemState(row.state)
    if change.state != current and not can_transition(current, change.state):
        raise ValueError(f"{row.reference}: {current.value} -> {change.state.value} is not allowed")
    purge = change.purge_reason is not None and row.purged_at is None
    return {
        "b_id": row.id,
        "state": change.state.value,
        "lease_owner": None,
        "lease_expires_at": None,
        "updated_at": now,
        "next_attempt_at": change.next_attempt_at,
        "last_error": row.last_error if change.keep_last_error else change.last_error,
        "remote_id": change.remote_id if change.remote_id is not None else row.remote_id,
        "token": change.token if change.token is not None else row.token,
        "sent_at": now if change.state is ItemState.SENT and row.sent_at is None else row.sent_at,
        "attempts": row.attempts - 1 if change.undo_attempt and row.attempts > 0 else row.attempts,
        "purged_at": now if purge else row.purged_at,
        "purge_reason": change.purge_reason if purge else row.purge_reason,
    }


def apply_updates(session: Session, owner: str, updates: Sequence[ItemUpdate], now: datetime) -> list[str]:
    """Apply each update to an item this owner holds; returns the references actually changed.

    One SELECT and one executemany UPDATE (plus one for purges) however many items there are.
    """
    if not updates:
        return []
    rows = {
        row.reference: row
        for row in session.execute(
            select(*_HELD_COLUMNS).where(
                OutboxItem.reference.in_([u.reference for u in updates]), OutboxItem.lease_owner == owner
            )
        )
    }
    values = [_new_values(rows[change.reference], change, now) for change in updates if change.reference in rows]
    if not values:
        return []
    table = OutboxItem.__table__
    columns = {name: bindparam(name) for name in values[0] if name != "b_id"}
    session.execute(update(table).where(table.c.id == bindparam("b_id")).values(columns), values)
    purged = [{"b_id": v["b_id"]} for v in values if v["purged_at"] == now and v["purge_reason"] is not None]
    if purged:
        session.execute(update(table).where(table.c.id == bindparam("b_id")).values(personal_data=None), purged)
    by_id = {row.id: reference for reference, row in rows.items()}
    return [by_id[v["b_id"]] for v in values]
