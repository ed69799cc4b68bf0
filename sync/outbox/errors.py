"""The one exception callers of the outbox need to handle, with messages staff can act on.

Messages name the database file and what went wrong; they never contain answers, because
SQLite's own messages carry no values and the engine is created with hidden parameters.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class OutboxError(Exception):
    """The outbox could not store or read submissions (storage, not resident, problems)."""


_SQLITE_PROBLEMS = {
    "SQLITE_CANTOPEN": "cannot open or create the outbox database {path}: its folder must be "
    "writable and the path must be a file",
    "SQLITE_NOTADB": "{path} is not an SQLite database (a wrong or damaged file is in the way)",
    "SQLITE_CORRUPT": "the outbox database {path} is damaged (corrupt)",
    "SQLITE_FULL": "the disk holding the outbox database {path} is full",
    "SQLITE_READONLY": "the outbox database {path} is read-only",
    "SQLITE_PERM": "no permission to use the outbox database {path}",
    "SQLITE_BUSY": "the outbox database {path} is locked by another process",
    "SQLITE_LOCKED": "the outbox database {path} is locked",
    "SQLITE_IOERR": "disk I/O error on the outbox database {path}",
}


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    from sqlalchemy.exc import DBAPIError

    original = exc.orig if isinstance(exc, DBAPIError) else exc
    return original if isinstance(original, sqlite3.Error) else None


def storage_error(exc: BaseException, path: Path, action: str) -> OutboxError:
    """Return an ``OutboxError`` explaining ``exc`` (raised while ``action``) for staff."""
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        reason = exc.strerror or type(exc).__name__
        target = exc.filename if exc.filename is not None else path
        return OutboxError(f"outbox storage failed while {action}: {reason}: {target}")
    error = _sqlite_error(exc)
    if error is not None:
        name = getattr(error, "sqlite_errorname", "") or ""
        for prefix, template in _SQLITE_PROBLEMS.items():
            if name.startswith(prefix):
                detail = template.format(path=path)
                return OutboxError(f"{detail} (while {action}; SQLite said: {error})")
        return OutboxError(f"outbox storage failed while {action} on {path}: {error}")
    if isinstance(exc, SQLAlchemyError):
        return OutboxError(f"outbox storage failed while {action} on {path}: {type(exc).__name__}")
    return OutboxError(f"outbox storage failed while {action} on {path}: {type(exc).__name__}")
