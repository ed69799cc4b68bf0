"""Personal data at rest: unreadable without the key, never replaced by a new key, and deleted on time.

The outbox file is read with plain ``sqlite3`` as anyone who copied it would: the ``personal_data``
blobs must not hold a resident's words in any form (plain, JSON-quoted or base64). The key lives in
the key store (the test keyring); a lost or broken key store stops the kiosk instead of making a new
key over the old data. Retention runs through real sync passes against the reference server, with the
outbox clock moved by hand past the grace and retention periods.
"""

# ruff: noqa: F811 - pytest fixtures imported from sync_helpers are used as arguments
from __future__ import annotations

import base64
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from helpers import TEST_KEY
from keyring_backends import BrokenKeyring, MemoryKeyring
from reference_server_fixture import reference_server  # noqa: F401 - a fixture
from sync_helpers import (  # noqa: F401 - clock, outbox and server are fixtures
    PERSONAL_WORDS,
    PREFIX,
    MovableClock,
    Queued,
    case_payload,
    client_for,
    clock,
    enqueue_many,
    fast_policy,
    item,
    open_outbox,
    outbox,
    server,
)

from sync.key_store import KeyStore, KeyStoreError
from sync.outbox import ItemState, Outbox, OutboxKeyError
from sync.outbox.outbox import DATABASE_FILENAME
from sync.reference_server import ReferenceServer
from sync.secure_outbox import open_secure_outbox
from sync.worker import SyncWorker

SECRET_WORDS = (*PERSONAL_WORDS, "Siân", "Llŷr", "Siân Llŷr")


def raw_blobs(data_dir: Path) -> dict[str, bytes | None]:
    connection = sqlite3.connect(data_dir / DATABASE_FILENAME)
    try:
        rows = connection.execute("SELECT reference, personal_data, personal_data_codec FROM outbox_items").fetchall()
    finally:
        connection.close()
    assert all(codec == "fernet-v1" for _, _, codec in rows)
    return {reference: blob for reference, blob, _ in rows}


def forms_of(word: str) -> list[bytes]:
    """Every way ``word`` could show in stored bytes: UTF-8, JSON-quoted (also \\u-escaped), and the base64
    runs (standard and URL-safe, at each of the three alignments) any text containing it would have."""
    texts = {word.encode(), json.dumps(word, ensure_ascii=False).encode(), json.dumps(word).encode()}
    forms = set(texts)
    for text in texts:
        for start in range(3):
            run = text[start : start + 3 * ((len(text) - start) // 3)]
            if len(run) >= 3:
                forms.add(base64.b64encode(run))
                forms.add(base64.urlsafe_b64encode(run))
    return sorted(forms)


def queue_with_welsh_name(outbox: Outbox) -> list[Queued]:
    payload = case_payload(7, first_name="Siân", last_name="Llŷr")
    queued = enqueue_many(outbox, 3) + enqueue_many(outbox, 1, payload=payload)
    return queued


# ---------------------------------------------------------------------------------------------
# Unreadable without the key


def test_the_stored_blobs_hold_no_answer_in_any_form_and_only_the_key_opens_them(
    tmp_path: Path, outbox: Outbox
) -> None:
    queued = queue_with_welsh_name(outbox)
    data_dir = tmp_path / "data"

    blobs = raw_blobs(data_dir)

    assert set(blobs) == {q.reference for q in queued}
    for reference, blob in blobs.items():
        assert blob is not None
        for word in SECRET_WORDS:
            for form in forms_of(word):
                assert form not in blob, f"{reference}: {form!r} (from {word!r}) is readable in the stored blob"
        with pytest.raises(ValueError):
            json.loads(blob)
        # Not readable with another key ...
        with pytest.raises(InvalidToken):
            Fernet(Fernet.generate_key()).decrypt(blob)
        # ... and it really is the resident's data, under the outbox's key.
        plain = json.loads(Fernet(TEST_KEY).decrypt(blob))
        mine = next(q for q in queued if q.reference == reference)
        assert plain["payload"] == mine.payload
    # Nowhere else in the file (or its write-ahead log) either.
    outbox.close()
    everything = b"".join(path.read_bytes() for path in data_dir.glob(f"{DATABASE_FILENAME}*"))
    for word in SECRET_WORDS:
        for form in forms_of(word):
            assert form not in everything, f"{form!r} (from {word!r}) is readable in the outbox files"


def test_the_outbox_refuses_a_wrong_key_and_no_key(tmp_path: Path, outbox: Outbox) -> None:
    queued = enqueue_many(outbox, 2)
    outbox.close()

    with pytest.raises(OutboxKeyError, match="does not match"):
        open_outbox(tmp_path / "data", key=Fernet.generate_key())
    with pytest.raises(OutboxKeyError, match="no key was given"):
        Outbox.open(tmp_path / "data", reference_prefix=PREFIX, encryption_key=None)
    with open_outbox(tmp_path / "data") as reopened:
        assert reopened.personal_data(queued[0].reference)["payload"] == queued[0].payload


def test_a_key_store_that_lost_the_key_stops_and_makes_no_new_key(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data_dir = tmp_path / "data"
    with open_secure_outbox(data_dir, reference_prefix=PREFIX, key_store=KeyStore()) as outbox:
        queued = enqueue_many(outbox, 2)
    assert len(memory_keyring.secrets) == 1
    memory_keyring.secrets.clear()  # a re-imaged machine, a wiped keyring

    with pytest.raises(KeyStoreError, match="encryption key for the outbox .* is missing.*no new key was made"):
        open_secure_outbox(data_dir, reference_prefix=PREFIX, key_store=KeyStore())

    assert memory_keyring.secrets == {}
    with Outbox.open(data_dir, reference_prefix=PREFIX, encryption_key=None, status_only=True) as status:
        assert [summary.reference for summary in status.items()] == [q.reference for q in queued]
    assert all(blob is not None for blob in raw_blobs(data_dir).values())


def test_a_key_store_with_another_key_is_refused(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    data_dir = tmp_path / "data"
    with open_secure_outbox(data_dir, reference_prefix=PREFIX, key_store=KeyStore()) as outbox:
        enqueue_many(outbox, 1)
    (entry,) = memory_keyring.secrets
    memory_keyring.secrets[entry] = Fernet.generate_key().decode("ascii")

    with pytest.raises(OutboxKeyError, match="does not match"):
        open_secure_outbox(data_dir, reference_prefix=PREFIX, key_store=KeyStore())


@pytest.mark.parametrize("with_data", [False, True])
def test_a_broken_keyring_is_a_key_store_error(tmp_path: Path, with_data: bool) -> None:
    data_dir = tmp_path / "data"
    if with_data:
        with open_secure_outbox(data_dir, reference_prefix=PREFIX, key_store=KeyStore()) as outbox:
            enqueue_many(outbox, 1)

    with pytest.raises(KeyStoreError, match="cannot be used: the keyring is locked"):
        open_secure_outbox(data_dir, reference_prefix=PREFIX, key_store=KeyStore(BrokenKeyring()))


# ---------------------------------------------------------------------------------------------
# Deleted on time


def test_sent_items_keep_their_data_for_the_grace_period_then_a_pass_purges_it(
    tmp_path: Path, server: ReferenceServer, outbox: Outbox, clock: MovableClock
) -> None:
    queued = enqueue_many(outbox, 2)
    worker = SyncWorker(outbox, client_for(server), fast_policy(purge_grace=timedelta(hours=1)))

    first = worker.run_pass()

    assert first.sent == 2 and first.purged == 0
    sent = {q.reference: item(outbox, q.reference) for q in queued}
    for q in queued:
        assert sent[q.reference].state is ItemState.SENT and sent[q.reference].purged_at is None
        assert outbox.personal_data(q.reference)["payload"] == q.payload

    clock.advance(59 * 60)
    assert worker.run_pass().purged == 0
    assert all(outbox.personal_data(q.reference) is not None for q in queued)

    clock.advance(2 * 60)
    later = worker.run_pass()

    assert later.purged == 2
    assert "personal data deleted 2" in later.describe()
    for q in queued:
        after = item(outbox, q.reference)
        assert outbox.personal_data(q.reference) is None
        assert after.purge_reason == "deleted from the kiosk: the council's system has the case"
        assert after.purged_at is not None and after.purged_at >= sent[q.reference].sent_at + timedelta(hours=1)
        for name in ("reference", "state", "remote_id", "form_id", "form_version", "created_at", "sent_at"):
            assert getattr(after, name) == getattr(sent[q.reference], name), name
    assert raw_blobs(tmp_path / "data") == {q.reference: None for q in queued}
    assert len(server.cases()) == 2


def test_rejected_items_keep_their_data_until_the_retention_period_then_only_the_data_goes(
    tmp_path: Path, server: ReferenceServer, outbox: Outbox, clock: MovableClock
) -> None:
    rejected = enqueue_many(outbox, 1, payload=case_payload(1, address_string=None))[0]
    resolved = enqueue_many(outbox, 1, payload=case_payload(2, service_code="NO_SUCH_SERVICE"))[0]
    worker = SyncWorker(outbox, client_for(server), fast_policy(rejected_retention=timedelta(days=30)))

    assert worker.run_pass().rejected == 2
    before = item(outbox, rejected.reference)
    assert before.state is ItemState.REJECTED and "location required" in before.last_error

    assert outbox.resolve_rejected(resolved.reference, "phoned the resident, case made by hand") is True
    gone = item(outbox, resolved.reference)
    assert outbox.personal_data(resolved.reference) is None
    assert gone.purge_reason == "resolved by staff: phoned the resident, case made by hand"
    assert gone.state is ItemState.REJECTED and "NO_SUCH_SERVICE" in gone.last_error

    clock.advance(29 * 86400)
    assert worker.run_pass().purged == 0
    assert outbox.personal_data(rejected.reference)["payload"] == rejected.payload

    clock.advance(2 * 86400)
    later = worker.run_pass()

    assert later.purged == 1
    after = item(outbox, rejected.reference)
    assert outbox.personal_data(rejected.reference) is None
    assert after.purge_reason == "deleted from the kiosk: rejected and not resolved by staff within 30 days"
    assert after.purged_at is not None
    for name in ("reference", "state", "remote_id", "form_id", "form_version", "language", "created_at",
                 "updated_at", "attempts", "last_error", "sent_at"):  # fmt: skip
        assert getattr(after, name) == getattr(before, name), name
    assert raw_blobs(tmp_path / "data") == {rejected.reference: None, resolved.reference: None}
    assert server.cases() == []


def test_resolve_rejected_touches_only_rejected_items(server: ReferenceServer, outbox: Outbox) -> None:
    (queued,) = enqueue_many(outbox, 1)
    assert outbox.resolve_rejected(queued.reference, "too early") is False
    assert outbox.personal_data(queued.reference) is not None

    SyncWorker(outbox, client_for(server), fast_policy(purge_grace=timedelta(hours=1))).run_pass()

    assert item(outbox, queued.reference).state is ItemState.SENT
    assert outbox.resolve_rejected(queued.reference, "not rejected") is False
    assert outbox.personal_data(queued.reference) is not None
    assert item(outbox, queued.reference).purge_reason is None
