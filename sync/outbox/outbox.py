"""The outbox: where every submission is stored durably before anything else happens.

Promises:
- ``enqueue`` returns only after the item is committed with ``synchronous=FULL``; a crash at any
  point leaves either the whole item or nothing.
- ``enqueue`` is idempotent on ``client_uuid``: a second call (a double tap on Send, a retry after
  a crash, another process racing) returns the first item's reference and creates nothing.
- Reading status (``items``, ``find``) never loads or returns personal data; only
  ``personal_data`` does. Logs and exception messages carry references, states and form ids only.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from sync.crash_points import crash_point
from sync.outbox.codec import CURRENT_CODEC, PersonalDataCodec, codec_named
from sync.outbox.database import WRITE_OPTIONS, open_engine
from sync.outbox.errors import OutboxError, storage_error
from sync.outbox.models import OutboxItem
from sync.outbox.records import EnqueueResult, NewSubmission, OutboxSummary
from sync.outbox.states import INITIAL_STATE, ItemState
from sync.outbox.timestamps import require_aware, utc_now
from sync.references import RandomSource, generate_reference, normalise_prefix
from sync.references import normalise_reference as _normalise_reference

logger = logging.getLogger(__name__)

DATABASE_FILENAME = "outbox.sqlite3"
MAX_REFERENCE_ATTEMPTS = 5


class Outbox:
    """Durable local store of submissions waiting for (or done with) the case API."""

    def __init__(
        self,
        engine: Engine,
        path: Path,
        *,
        reference_prefix: str,
        clock: Callable[[], datetime] | None = None,
        rng: RandomSource | None = None,
        codec: PersonalDataCodec = CURRENT_CODEC,
    ) -> None:
        """Wrap an already migrated engine; most callers want ``Outbox.open``."""
        self._engine = engine
        self._path = path
        self._prefix = normalise_prefix(reference_prefix)
        self._clock = clock if clock is not None else utc_now
        self._rng = rng
        self._codec = codec
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._closed = False

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        reference_prefix: str,
        clock: Callable[[], datetime] | None = None,
        rng: RandomSource | None = None,
    ) -> Outbox:
        """Open (creating and migrating as needed) ``data_dir / "outbox.sqlite3"``.

        ``clock`` must return timezone-aware datetimes; ``rng`` replaces ``secrets`` for
        reference numbers (tests only). Raises ``OutboxError`` if the storage cannot be used.
        """
        prefix = normalise_prefix(reference_prefix)
        path = Path(data_dir) / DATABASE_FILENAME
        engine = open_engine(path)
        return cls(engine, path, reference_prefix=prefix, clock=clock, rng=rng)

    @property
    def path(self) -> Path:
        """The SQLite file behind this outbox."""
        return self._path

    def enqueue(self, submission: NewSubmission) -> EnqueueResult:
        """Store ``submission`` as a ``queued`` item and return its reference once committed.

        If an item with the same ``client_uuid`` exists, returns its reference with
        ``created=False``. Raises ``ValueError`` for a bad UUID or unencodable data (before
        anything is written) and ``OutboxError`` if storage fails.
        """
        client_uuid = _canonical_uuid(submission.client_uuid)
        blob = self._codec.encode({"answers": submission.answers, "payload": submission.payload})
        now = require_aware(self._clock())
        for _ in range(MAX_REFERENCE_ATTEMPTS):
            reference = generate_reference(self._prefix, self._rng)
            try:
                return self._insert(submission, client_uuid, reference, blob, now)
            except IntegrityError:
                existing = self._reference_for_uuid(client_uuid)
                if existing is not None:
                    logger.info("outbox item already stored reference=%s (race)", existing)
                    return EnqueueResult(existing, client_uuid, created=False)
                if self._reference_taken(reference):
                    logger.warning("reference collision on %s; drawing another", reference)
                    continue
                raise OutboxError(
                    f"the outbox database {self._path} refused a new item "
                    f"for form {submission.form_id} (constraint failed)"
                ) from None
            except SQLAlchemyError as exc:
                raise storage_error(exc, self._path, "storing a submission") from exc
        raise OutboxError(f"could not find an unused reference number after {MAX_REFERENCE_ATTEMPTS} tries")

    def _insert(
        self,
        submission: NewSubmission,
        client_uuid: str,
        reference: str,
        blob: bytes,
        now: datetime,
    ) -> EnqueueResult:
        with self._write_session() as session:
            existing = session.scalar(select(OutboxItem.reference).where(OutboxItem.client_uuid == client_uuid))
            if existing is not None:
                logger.info("outbox item already stored reference=%s", existing)
                return EnqueueResult(existing, client_uuid, created=False)
            crash_point("enqueue:before_insert")
            session.add(
                OutboxItem(
                    client_uuid=client_uuid,
                    reference=reference,
                    form_id=submission.form_id,
                    form_version=submission.form_version,
                    language=submission.language,
                    state=INITIAL_STATE.value,
                    attempts=0,
                    created_at=now,
                    updated_at=now,
                    personal_data=blob,
                    personal_data_codec=self._codec.name,
                )
            )
            session.flush()
            crash_point("enqueue:after_insert")
            crash_point("enqueue:before_commit")
            session.commit()
        crash_point("enqueue:after_commit")
        logger.info(
            "outbox item stored reference=%s form_id=%s state=%s",
            reference,
            submission.form_id,
            INITIAL_STATE.value,
        )
        return EnqueueResult(reference, client_uuid, created=True)

    def items(self) -> list[OutboxSummary]:
        """Every item's status, oldest first. Contains no personal data."""
        with self._read_session("listing items") as session:
            rows = session.scalars(select(OutboxItem).order_by(OutboxItem.created_at, OutboxItem.id))
            return [_summary(row) for row in rows]

    def find(self, reference: str) -> OutboxSummary | None:
        """The status of the item with this reference (typed forms accepted), or None."""
        canonical = _normalise_reference(reference)
        if canonical is None:
            return None
        with self._read_session("finding an item") as session:
            row = session.scalar(select(OutboxItem).where(OutboxItem.reference == canonical))
            return None if row is None else _summary(row)

    def personal_data(self, reference: str) -> dict[str, Any] | None:
        """``{"answers": ..., "payload": ...}`` for an item, or None if unknown or purged."""
        canonical = _normalise_reference(reference)
        if canonical is None:
            return None
        with self._read_session("reading personal data") as session:
            row = session.execute(
                select(OutboxItem.personal_data, OutboxItem.personal_data_codec).where(
                    OutboxItem.reference == canonical
                )
            ).first()
        if row is None or row.personal_data is None:
            return None
        try:
            return codec_named(row.personal_data_codec).decode(row.personal_data)
        except (KeyError, ValueError):
            raise OutboxError(
                f"personal data of {canonical} cannot be decoded (codec {row.personal_data_codec!r})"
            ) from None

    def close(self) -> None:
        """Release the database. Safe to call more than once."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise OutboxError(f"the outbox {self._path} is closed")

    @contextmanager
    def _write_session(self) -> Iterator[Session]:
        """A session whose transaction starts with ``BEGIN IMMEDIATE``; caller commits."""
        self._check_open()
        with self._sessions() as session:
            session.connection(execution_options=WRITE_OPTIONS)
            yield session

    @contextmanager
    def _read_session(self, action: str) -> Iterator[Session]:
        self._check_open()
        try:
            with self._sessions() as session:
                yield session
        except SQLAlchemyError as exc:
            raise storage_error(exc, self._path, action) from exc

    def _reference_for_uuid(self, client_uuid: str) -> str | None:
        with self._read_session("checking for a stored item") as session:
            return session.scalar(select(OutboxItem.reference).where(OutboxItem.client_uuid == client_uuid))

    def _reference_taken(self, reference: str) -> bool:
        with self._read_session("checking a reference") as session:
            found = session.scalar(select(OutboxItem.id).where(OutboxItem.reference == reference))
            return found is not None


def _canonical_uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ValueError("client_uuid must be a UUID string") from None


def _summary(row: OutboxItem) -> OutboxSummary:
    return OutboxSummary(
        reference=row.reference,
        form_id=row.form_id,
        form_version=row.form_version,
        language=row.language,
        state=ItemState(row.state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        remote_id=row.remote_id,
        token=row.token,
    )
