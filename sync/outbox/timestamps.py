"""Timezone-aware UTC timestamps stored as fixed-width ISO-8601 text.

SQLite has no datetime type. Storing ``YYYY-MM-DDTHH:MM:SS.ffffff+00:00`` (always with
microseconds, always UTC) keeps the timezone explicit and makes text order equal time order, so
``ORDER BY`` and ``<=`` comparisons in SQL are correct.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

STORED_LENGTH = 32


def require_aware(value: datetime) -> datetime:
    """Return ``value`` in UTC; raise ``ValueError`` for a naive datetime."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware datetimes")
    return value.astimezone(UTC)


def to_stored_text(value: datetime) -> str:
    """Return the canonical stored form of an aware datetime."""
    return require_aware(value).isoformat(timespec="microseconds")


def utc_now() -> datetime:
    """The default clock: the current time in UTC."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A column of aware UTC datetimes; naive datetimes are refused, never guessed at."""

    impl = String(STORED_LENGTH)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else to_stored_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        parsed = datetime.fromisoformat(value)
        # Only text written outside this type can lack an offset; it is UTC by convention.
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
