"""The durable outbox of submissions (SQLAlchemy on SQLite), safe to use without Qt.

Names are imported on first use, so ``from sync.outbox import OutboxError`` or the records do
not pay for SQLAlchemy and Alembic: the kiosk paints its home screen before loading them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ALLOWED_TRANSITIONS": "sync.outbox.states",
    "CODECS": "sync.outbox.codec",
    "ClaimedItem": "sync.outbox.claims",
    "ItemUpdate": "sync.outbox.claims",
    "OutboxKeyError": "sync.outbox.key_check",
    "EnqueueResult": "sync.outbox.records",
    "ItemState": "sync.outbox.states",
    "JsonCodec": "sync.outbox.codec",
    "NewSubmission": "sync.outbox.records",
    "Outbox": "sync.outbox.outbox",
    "OutboxError": "sync.outbox.errors",
    "OutboxSummary": "sync.outbox.records",
    "PersonalDataCodec": "sync.outbox.codec",
}
__all__ = [
    "ALLOWED_TRANSITIONS",
    "CODECS",
    "ClaimedItem",
    "ItemUpdate",
    "OutboxKeyError",
    "EnqueueResult",
    "ItemState",
    "JsonCodec",
    "NewSubmission",
    "Outbox",
    "OutboxError",
    "OutboxSummary",
    "PersonalDataCodec",
]

if TYPE_CHECKING:
    from sync.outbox.claims import ClaimedItem, ItemUpdate
    from sync.outbox.codec import CODECS, JsonCodec, PersonalDataCodec
    from sync.outbox.errors import OutboxError
    from sync.outbox.key_check import OutboxKeyError
    from sync.outbox.outbox import Outbox
    from sync.outbox.records import EnqueueResult, NewSubmission, OutboxSummary
    from sync.outbox.states import ALLOWED_TRANSITIONS, ItemState


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'sync.outbox' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
