"""The durable outbox of submissions (SQLAlchemy on SQLite), safe to use without Qt."""

from sync.outbox.codec import CODECS, JsonCodec, PersonalDataCodec
from sync.outbox.errors import OutboxError
from sync.outbox.outbox import Outbox
from sync.outbox.records import EnqueueResult, NewSubmission, OutboxSummary
from sync.outbox.states import ALLOWED_TRANSITIONS, ItemState

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CODECS",
    "EnqueueResult",
    "ItemState",
    "JsonCodec",
    "NewSubmission",
    "Outbox",
    "OutboxError",
    "OutboxSummary",
    "PersonalDataCodec",
]
