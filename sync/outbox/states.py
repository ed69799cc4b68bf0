"""The states an outbox item moves through, and which moves are allowed.

The outbox is a stored state machine: every move is written durably before the work it
announces, so after a crash the worker knows exactly where each item stood.

- ``queued``: stored and waiting. The sync worker picks items whose ``next_attempt_at`` is
  empty or due.
- ``queued -> sending``: the worker claims the item with a lease (``lease_owner``,
  ``lease_expires_at``) and commits that *before* it POSTs, sending the item's ``client_uuid``
  as the ``Idempotency-Key``.
- ``sending -> sent``: the server answered with a ``service_request_id`` (stored as
  ``remote_id``).
- ``sending -> awaiting_id``: the server answered with a ``token``; the worker resolves it later,
  across restarts, without POSTing again.
- ``sending -> queued``: a transient failure (network, timeout, 5xx, 429, unparseable answer);
  ``attempts`` goes up by one and ``next_attempt_at`` is set with back-off.
- ``sending -> rejected``: a permanent 400 validation failure; the server's words are kept in
  ``last_error``. The item is never deleted; staff can see it.
- ``sending`` whose lease has expired is *in doubt* (the POST may have reached the server). It is
  re-sent with the same Idempotency-Key (``sending -> sending`` under a new lease).
- ``awaiting_id -> sent``: the token resolved to a ``service_request_id``.

Configuration failures (401/403) pause the whole queue; they do not change an item's state.
"""

from __future__ import annotations

from enum import StrEnum


class ItemState(StrEnum):
    """The stored state of one outbox item (the values are what the database holds)."""

    QUEUED = "queued"
    SENDING = "sending"
    AWAITING_ID = "awaiting_id"
    SENT = "sent"
    REJECTED = "rejected"


ALLOWED_TRANSITIONS: dict[ItemState, frozenset[ItemState]] = {
    ItemState.QUEUED: frozenset({ItemState.SENDING}),
    ItemState.SENDING: frozenset(
        {
            ItemState.SENT,
            ItemState.AWAITING_ID,
            ItemState.QUEUED,
            ItemState.REJECTED,
            ItemState.SENDING,  # an expired lease re-claimed: the in-doubt re-send
        }
    ),
    ItemState.AWAITING_ID: frozenset({ItemState.SENT}),
    ItemState.SENT: frozenset(),
    ItemState.REJECTED: frozenset(),
}
"""For each state, the states an item may move to next. ``sent`` and ``rejected`` are final."""

INITIAL_STATE = ItemState.QUEUED


def can_transition(current: ItemState, target: ItemState) -> bool:
    """True when moving an item from ``current`` to ``target`` is allowed."""
    return target in ALLOWED_TRANSITIONS[current]
