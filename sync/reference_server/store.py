"""SQLite storage for the reference server: cases, idempotency records and POST attempt counts.

Promises:
- one connection, used under one lock (a ``:memory:`` database when ``path`` is None); a file database
  uses WAL with ``synchronous=NORMAL``, so a server restarted on the same file knows everything again;
- a case and its idempotency record are written in one transaction: both or neither;
- case ids are ``SR-000001``, ``SR-000002`` ... in creation order, never reused;
- ``cases`` are plain dicts read from the database (``attributes`` decoded from JSON).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
CASE_COLUMNS = (
    "service_request_id", "token", "token_ready_at", "service_code", "service_name", "idempotency_key",
    "kiosk_reference", "attributes", "address_string", "address_id", "lat", "long", "first_name", "last_name",
    "email", "phone", "description", "media_url", "device_id", "account_id", "jurisdiction_id", "status",
    "status_notes", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
    "expected_datetime",
)  # fmt: skip
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS cases (
    seq INTEGER PRIMARY KEY,
    {", ".join(f"{c} {'REAL' if c in ('lat', 'long', 'token_ready_at') else 'TEXT'}" for c in CASE_COLUMNS)},
    UNIQUE (service_request_id), UNIQUE (token)
);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS post_attempts (key TEXT PRIMARY KEY, count INTEGER NOT NULL);
"""


class StoreError(Exception):
    """The database cannot be opened or is not a reference server database; the message says why."""


class CaseStore:
    """The server's database. Thread-safe; ``close`` once, when the server stops."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(":memory:" if path is None else str(path), check_same_thread=False,
                                       isolation_level=None)  # fmt: skip
            self._db.row_factory = sqlite3.Row
            if path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute("PRAGMA busy_timeout=5000")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise StoreError(f"{path}: database schema version {version} is not {SCHEMA_VERSION}")
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self._seq = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM cases").fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(f"{path or 'in-memory database'}: cannot use it as the server's database: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def count_attempt(self, key: str) -> None:
        """Add one to the POST attempts seen with this idempotency key."""
        with self._lock:
            self._db.execute(
                "INSERT INTO post_attempts (key, count) VALUES (?, 1) "
                "ON CONFLICT (key) DO UPDATE SET count = count + 1",
                (key,),
            )

    def post_attempts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._db.execute("SELECT key, count FROM post_attempts ORDER BY key").fetchall())

    def idempotency_record(self, key: str) -> tuple[str, int, Any] | None:
        """``(fingerprint, status, body data)`` stored for this key, or None."""
        with self._lock:
            row = self._db.execute("SELECT fingerprint, status, body FROM idempotency WHERE key = ?", (key,)).fetchone()
        return None if row is None else (row[0], row[1], json.loads(row[2]))

    def create_case(
        self,
        case: dict[str, Any],
        answer: Callable[[str], tuple[int, Any]],
        idempotency: tuple[str, str] | None = None,
    ) -> tuple[str, int, Any]:
        """Store a new case and, with ``(key, fingerprint)``, the answer ``answer(service_request_id)`` for it.

        Returns ``(service_request_id, status, data)``. Both rows are committed together.
        """
        with self._lock:
            seq = self._seq + 1
            service_request_id = f"SR-{seq:06d}"
            status, data = answer(service_request_id)
            row = {**case, "service_request_id": service_request_id, "attributes": json.dumps(case.get("attributes"))}
            values = [row.get(column) for column in CASE_COLUMNS]
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    f"INSERT INTO cases (seq, {', '.join(CASE_COLUMNS)}) VALUES (?{', ?' * len(CASE_COLUMNS)})",
                    [seq, *values],
                )
                if idempotency is not None:
                    self._db.execute(
                        "INSERT INTO idempotency (key, fingerprint, status, body) VALUES (?, ?, ?, ?)",
                        (*idempotency, status, json.dumps(data)),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._seq = seq
        return service_request_id, status, data

    def cases(self, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Cases in creation order, optionally filtered by an SQL ``where`` clause on ``CASE_COLUMNS``."""
        sql = f"SELECT {', '.join(CASE_COLUMNS)} FROM cases {'WHERE ' + where if where else ''} ORDER BY seq"
        with self._lock:
            rows = self._db.execute(sql, tuple(params)).fetchall()
        return [_case(row) for row in rows]

    def case(self, service_request_id: str) -> dict[str, Any] | None:
        found = self.cases("service_request_id = ?", (service_request_id,))
        return found[0] if found else None

    def case_by_token(self, token: str) -> dict[str, Any] | None:
        found = self.cases("token = ?", (token,))
        return found[0] if found else None

    def update_case(self, service_request_id: str, **changes: Any) -> bool:
        """Change some columns of one case; False when there is no such case."""
        unknown = set(changes) - set(CASE_COLUMNS)
        if unknown:
            raise ValueError(f"not case columns: {', '.join(sorted(unknown))}")
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self._lock:
            cursor = self._db.execute(
                f"UPDATE cases SET {assignments} WHERE service_request_id = ?", (*changes.values(), service_request_id)
            )
        return cursor.rowcount == 1


def _case(row: sqlite3.Row) -> dict[str, Any]:
    case = dict(row)
    case["attributes"] = json.loads(case["attributes"]) if case["attributes"] else {}
    return case
