"""The outbox: where every submission is stored durably before anything else happens.

Promises:
- ``enqueue`` returns only after the item is committed with ``synchronous=FULL``; a crash at any
  point leaves either the whole item or nothing.
- ``enqueue`` is idempotent on ``client_uuid``: a second call (a double tap on Send, a retry after
  a crash, another process racing) returns the first item's reference and creates nothing.
- Reading status (``items``, ``find``) never loads or returns personal data; only
  ``personal_data`` and the sync worker's claims do. Logs and exception messages carry
  references, states and form ids only.
- Opened with an ``encryption_key``, personal data is written encrypted (``fernet-v1``) and the
  key is checked against the one the outbox was first used with (``key_check``).
- Personal data is deleted (``purge_due``) once the case API has the case, after the grace
  period, and from rejected items after the retention period; the item itself stays.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from sync.crash_points import crash_point
from sync.outbox import claims
from sync.outbox.claims import ClaimedItem, ItemUpdate
from sync.outbox.codec import codecs_for
from sync.outbox.database import WRITE_OPTIONS, open_engine
from sync.outbox.errors import OutboxError, storage_error
from sync.outbox.key_check import check_key, is_encrypted
from sync.outbox.models import OutboxItem, OutboxMeta
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
        encryption_key: bytes | None = None,
    ) -> None:
        """Wrap an already migrated engine; most callers want ``Outbox.open``."""
        self._engine = engine
        self._path = path
        self._prefix = normalise_prefix(reference_prefix)
        self._clock = clock if clock is not None else utc_now
        self._rng = rng
        self._codec, self._decoders = codecs_for(encryption_key)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._closed = False
        self._status_only = False

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        reference_prefix: str,
        encryption_key: bytes | None,
        clock: Callable[[], datetime] | None = None,
        rng: RandomSource | None = None,
        status_only: bool = False,
    ) -> Outbox:
        """Open (creating and migrating as needed) ``data_dir / "outbox.sqlite3"``.

        ``encryption_key`` (a Fernet key) encrypts personal data; ``None`` stores it as plain
        JSON and must be chosen explicitly (tools and tests only; the kiosk always has a key).
        ``clock`` must return timezone-aware datetimes; ``rng`` replaces ``secrets`` for
        reference numbers (tests only). ``status_only`` opens without any key for reading
        states (staff listings); storing or reading personal data then raises ``OutboxError``.
        Raises ``OutboxError`` if the storage cannot be used, and ``OutboxKeyError`` if the key
        does not match the data.
        """
        prefix = normalise_prefix(reference_prefix)
        path = Path(data_dir) / DATABASE_FILENAME
        engine = open_engine(path)
        outbox = cls(engine, path, reference_prefix=prefix, clock=clock, rng=rng, encryption_key=encryption_key)
        if status_only:
            outbox._status_only = True
            return outbox
        try:
            with outbox._write_session() as session:
                check_key(session, None if encryption_key is None else outbox._codec, str(path))
                session.commit()
        except OutboxError:
            outbox.close()
            raise
        except SQLAlchemyError as exc:
            outbox.close()
            raise storage_error(exc, path, "checking the encryption key") from exc
        return outbox

    @staticmethod
    def holds_encrypted_data(data_dir: Path) -> bool:
        """Whether the outbox in ``data_dir`` was ever used with a key (False if there is none yet)."""
        path = Path(data_dir) / DATABASE_FILENAME
        if not path.exists():
            return False
        engine = open_engine(path)
        try:
            with Session(engine) as session:
                return is_encrypted(session)
        except SQLAlchemyError as exc:
            raise storage_error(exc, path, "checking for encrypted data") from exc
        finally:
            engine.dispose()

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
        self._check_personal_data_allowed()
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
        self._check_personal_data_allowed()
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
            return self._decoders[row.personal_data_codec].decode(row.personal_data)
        except (KeyError, ValueError):
            raise OutboxError(
                f"personal data of {canonical} cannot be decoded (codec {row.personal_data_codec!r})"
            ) from None

    def claim(self, owner: str, limit: int, lease_seconds: float, *, retry_now: bool = False) -> list[ClaimedItem]:
        """Claim due items for sending (see ``claims.claim_for_sending``); committed on return.

        Each claimed item carries its decrypted case payload. An item whose personal data cannot
        be decoded is left claimed (its lease runs out) and reported in the log by reference.
        """
        self._check_personal_data_allowed()
        now = require_aware(self._clock())
        with self._write_session() as session:
            rows = claims.claim_for_sending(
                session, owner, limit, timedelta(seconds=lease_seconds), now, retry_now=retry_now
            )
            loaded = [(row.reference, row.client_uuid, row.form_id, row.attempts, doubt, row.token,
                       row.personal_data, row.personal_data_codec) for row, doubt in rows]  # fmt: skip
            session.commit()
        crash_point("sync:after_claim")
        claimed = []
        for reference, client_uuid, form_id, attempts, doubt, token, blob, codec_name in loaded:
            try:
                data = self._decoders[codec_name].decode(blob) if blob is not None else {}
            except (KeyError, ValueError):
                logger.error("personal data of %s cannot be decoded (codec %s); skipped", reference, codec_name)
                continue
            payload = data.get("payload", {})
            claimed.append(ClaimedItem(reference, client_uuid, form_id, attempts, doubt, token, payload))
        return claimed

    def claim_tokens(
        self,
        owner: str,
        limit: int,
        lease_seconds: float,
        *,
        retry_now: bool = False,
        asked_before: datetime | None = None,
    ) -> list[ClaimedItem]:
        """Claim ``awaiting_id`` items whose token is due to be resolved; committed on return.

        ``asked_before`` leaves out items changed since then (see ``claims.claim_tokens``).
        """
        now = require_aware(self._clock())
        with self._write_session() as session:
            rows = claims.claim_tokens(
                session, owner, limit, timedelta(seconds=lease_seconds), now, retry_now=retry_now,
                asked_before=None if asked_before is None else require_aware(asked_before),
            )  # fmt: skip
            result = [ClaimedItem(r.reference, r.client_uuid, r.form_id, r.attempts, False, r.token) for r in rows]
            session.commit()
        return result

    def renew_leases(self, owner: str, references: list[str], lease_seconds: float) -> set[str]:
        """Extend this owner's leases; returns the references it still holds."""
        now = require_aware(self._clock())
        with self._write_session() as session:
            held = claims.renew_leases(session, owner, references, timedelta(seconds=lease_seconds), now)
            session.commit()
        return held

    def record(self, owner: str, updates: list[ItemUpdate]) -> list[str]:
        """Apply the sync results for items this owner holds, in one durable transaction."""
        if not updates:
            return []
        now = require_aware(self._clock())
        try:
            with self._write_session() as session:
                changed = claims.apply_updates(session, owner, updates, now)
                session.commit()
        except SQLAlchemyError as exc:
            raise storage_error(exc, self._path, "recording sync results") from exc
        return changed

    def purge_due(self, sent_grace: timedelta, rejected_retention: timedelta) -> list[str]:
        """Delete personal data the council already has (after ``sent_grace``) and that of
        rejected items older than ``rejected_retention``. Returns the references purged."""
        now = require_aware(self._clock())
        sent_reason = "deleted from the kiosk: the council's system has the case"
        days = rejected_retention.total_seconds() / 86400
        rejected_reason = f"deleted from the kiosk: rejected and not resolved by staff within {days:g} days"
        with self._write_session() as session:
            sent = session.scalars(
                select(OutboxItem.reference).where(
                    OutboxItem.state.in_((ItemState.SENT.value, ItemState.AWAITING_ID.value)),
                    OutboxItem.personal_data.is_not(None),
                    OutboxItem.updated_at <= now - sent_grace,
                )
            ).all()
            rejected = session.scalars(
                select(OutboxItem.reference).where(
                    OutboxItem.state == ItemState.REJECTED.value,
                    OutboxItem.personal_data.is_not(None),
                    OutboxItem.updated_at <= now - rejected_retention,
                )
            ).all()
            for references, reason in ((sent, sent_reason), (rejected, rejected_reason)):
                if references:
                    session.execute(
                        update(OutboxItem)
                        .where(OutboxItem.reference.in_(references))
                        .values(personal_data=None, purged_at=now, purge_reason=reason)
                    )
            session.commit()
        purged = list(sent) + list(rejected)
        if purged:
            logger.info("personal data purged from %d items", len(purged))
        return purged

    def resolve_rejected(self, reference: str, note: str) -> bool:
        """Staff resolved a rejected item: delete its personal data now, keep the item and the note."""
        canonical = _normalise_reference(reference)
        now = require_aware(self._clock())
        reason = f"resolved by staff: {note}"[:200]
        with self._write_session() as session:
            result = session.execute(
                update(OutboxItem)
                .where(OutboxItem.reference == canonical, OutboxItem.state == ItemState.REJECTED.value)
                .values(personal_data=None, purged_at=now, updated_at=now, purge_reason=reason)
            )
            session.commit()
        return bool(result.rowcount)

    def counts(self) -> dict[str, int]:
        """How many items are in each state (every state present, zero if none)."""
        with self._read_session("counting items") as session:
            rows = session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()
        counts = {state.value: 0 for state in ItemState}
        counts.update({state: number for state, number in rows})
        return counts

    def meta(self, key: str) -> str | None:
        """A queue fact from ``outbox_meta`` (never personal data), or None."""
        with self._read_session("reading queue status") as session:
            row = session.get(OutboxMeta, key)
            return None if row is None else row.value

    def set_meta(self, key: str, value: str | None) -> None:
        """Store (or with None, remove) a queue fact."""
        with self._write_session() as session:
            row = session.get(OutboxMeta, key)
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(OutboxMeta(key=key, value=value))
            else:
                row.value = value
            session.commit()

    def now(self) -> datetime:
        """The outbox's clock (aware UTC)."""
        return require_aware(self._clock())

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

    def _check_personal_data_allowed(self) -> None:
        if self._status_only:
            raise OutboxError(f"the outbox {self._path} was opened for status only, without its key")

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
        sent_at=row.sent_at,
        purged_at=row.purged_at,
        purge_reason=row.purge_reason,
    )
