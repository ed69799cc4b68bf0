"""The plain values that go into and come out of the outbox.

``NewSubmission`` carries personal data in; ``OutboxSummary`` carries status out and never any
answers, so it is safe to show on a staff screen, serialise, or log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sync.outbox.states import ItemState


@dataclass(frozen=True)
class NewSubmission:
    """A completed form to store. ``client_uuid`` is also the Idempotency-Key when sending.

    ``answers`` and ``payload`` are left out of ``repr`` so an accidental log line cannot leak
    them.
    """

    client_uuid: str
    form_id: str
    form_version: str
    language: str
    answers: dict[str, Any] = field(repr=False)
    payload: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class EnqueueResult:
    """What ``Outbox.enqueue`` did: ``created`` is False when the UUID was already stored."""

    reference: str
    client_uuid: str
    created: bool


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class OutboxSummary:
    """The status of one stored item, without any personal data."""

    reference: str
    form_id: str
    form_version: str
    language: str
    state: ItemState
    created_at: datetime
    updated_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    remote_id: str | None
    token: str | None
    sent_at: datetime | None = None
    purged_at: datetime | None = None
    purge_reason: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with exactly the keys staff tooling relies on; ISO-8601 times."""
        return {
            "reference": self.reference,
            "form_id": self.form_id,
            "form_version": self.form_version,
            "state": self.state.value,
            "created_at": _iso(self.created_at),
            "attempts": self.attempts,
            "next_attempt_at": _iso(self.next_attempt_at),
            "last_error": self.last_error,
            "remote_id": self.remote_id,
            "token": self.token,
            "sent_at": _iso(self.sent_at),
            "personal_data": "deleted" if self.purged_at else "kept",
            "purged_at": _iso(self.purged_at),
            "purge_reason": self.purge_reason,
        }
