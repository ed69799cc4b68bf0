"""The outbox against real SQLite files: durability, idempotency, privacy, clear errors."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import TEST_KEY
from sqlalchemy import event

from sync.outbox import (
    CODECS,
    ItemState,
    JsonCodec,
    NewSubmission,
    Outbox,
    OutboxError,
)
from sync.outbox.database import open_engine
from sync.references import ALPHABET, check_character, is_valid_reference

REPO_ROOT = Path(__file__).resolve().parents[1]
SECRET = "Zebedee-Quintrell-07700-900123"
JSON_KEYS = {
    "sent_at",
    "personal_data",
    "purged_at",
    "purge_reason",
    "reference",
    "form_id",
    "form_version",
    "state",
    "created_at",
    "attempts",
    "next_attempt_at",
    "last_error",
    "remote_id",
    "token",
}


def make_submission(**changes: object) -> NewSubmission:
    values: dict[str, object] = {
        "client_uuid": str(uuid.uuid4()),
        "form_id": "missed-bin",
        "form_version": "a1b2c3d4",
        "language": "en",
        "answers": {"full-name": SECRET, "bin-type": "general", "notes": "Gate code 1234 ✓"},
        "payload": {"service_code": "MISSED_BIN", "first_name": SECRET, "attribute": {"x": 1}},
    }
    values.update(changes)
    return NewSubmission(**values)  # type: ignore[arg-type]


class StepClock:
    """A clock that returns the given instants in turn (then keeps the last)."""

    def __init__(self, *instants: datetime) -> None:
        self._instants = list(instants)

    def __call__(self) -> datetime:
        return self._instants.pop(0) if len(self._instants) > 1 else self._instants[0]


class ScriptedRandom:
    """A random source that draws reference bodies from a script, in order."""

    def __init__(self, *bodies: str) -> None:
        self._chars = iter("".join(bodies))

    def choice(self, seq: str) -> str:
        return next(self._chars)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "kiosk-data"


@pytest.fixture
def outbox(data_dir: Path) -> Iterator[Outbox]:
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin") as opened:
        yield opened


def raw_rows(data_dir: Path) -> list[sqlite3.Row]:
    connection = sqlite3.connect(data_dir / "outbox.sqlite3")
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute("SELECT * FROM outbox_items ORDER BY id").fetchall()
    finally:
        connection.close()


def test_enqueue_is_committed_and_readable_from_a_new_outbox(data_dir: Path) -> None:
    submission = make_submission()
    now = datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC)
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin", clock=lambda: now) as first:
        result = first.enqueue(submission)
        # Committed before enqueue returned: another connection sees it while the outbox is open.
        rows = raw_rows(data_dir)

    assert result.created is True
    assert result.client_uuid == submission.client_uuid
    assert is_valid_reference(result.reference) and result.reference.startswith("BIN-")
    assert len(rows) == 1
    row = rows[0]
    assert row["state"] == "queued"
    assert row["attempts"] == 0
    assert row["client_uuid"] == submission.client_uuid
    assert row["reference"] == result.reference
    assert row["created_at"] == row["updated_at"] == "2024-03-04T05:06:07.000000+00:00"
    assert row["personal_data_codec"] == "fernet-v1"
    assert isinstance(row["personal_data"], bytes) and len(row["personal_data"]) > 0
    for column in ("next_attempt_at", "last_error", "remote_id", "token", "lease_owner"):
        assert row[column] is None

    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin") as second:
        summary = second.find(result.reference)
        assert summary is not None
        assert summary.state is ItemState.QUEUED
        assert summary.form_id == "missed-bin"
        assert summary.form_version == "a1b2c3d4"
        assert summary.language == "en"
        assert summary.created_at == now and summary.created_at.tzinfo is not None
        assert summary.attempts == 0
        assert second.personal_data(result.reference) == {
            "answers": submission.answers,
            "payload": submission.payload,
        }


def test_double_enqueue_of_one_uuid_stores_one_item(data_dir: Path, outbox: Outbox) -> None:
    submission = make_submission()
    first = outbox.enqueue(submission)
    again = outbox.enqueue(submission)
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin") as other:
        from_other = other.enqueue(make_submission(client_uuid=submission.client_uuid.upper()))

    assert first.created is True
    assert again.created is False and again.reference == first.reference
    assert from_other.created is False and from_other.reference == first.reference
    assert len(raw_rows(data_dir)) == 1


def test_racing_enqueues_of_one_uuid_store_one_item(data_dir: Path) -> None:
    Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin").close()
    submission = make_submission()
    results = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def send() -> None:
        try:
            with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin") as mine:
                start.wait()
                results.append(mine.enqueue(submission))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(result.created for result in results) == 1
    assert len({result.reference for result in results}) == 1
    assert len(raw_rows(data_dir)) == 1


def test_connections_use_wal_and_synchronous_full(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "new-dir" / "outbox.sqlite3")
    try:
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                pragma = connection.exec_driver_sql
                assert pragma("PRAGMA journal_mode").scalar() == "wal"
                assert pragma("PRAGMA synchronous").scalar() == 2
                assert pragma("PRAGMA foreign_keys").scalar() == 1
                assert pragma("PRAGMA busy_timeout").scalar() == 5000
    finally:
        engine.dispose()


def test_items_are_oldest_first_whatever_the_insert_order(data_dir: Path) -> None:
    base = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    bst = timezone(timedelta(hours=1))
    clock = StepClock(
        base + timedelta(minutes=10),
        base.astimezone(bst),  # the same instant as base, written in another zone
        base + timedelta(seconds=1),
    )
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="k", clock=clock) as outbox:
        late = outbox.enqueue(make_submission(form_id="late"))
        early = outbox.enqueue(make_submission(form_id="early"))
        middle = outbox.enqueue(make_submission(form_id="middle"))
        items = outbox.items()

    assert [item.reference for item in items] == [
        early.reference,
        middle.reference,
        late.reference,
    ]
    assert items[0].created_at == base and items[0].created_at.utcoffset() == timedelta(0)


def test_json_view_has_exact_keys_and_no_answers(outbox: Outbox) -> None:
    outbox.enqueue(make_submission())
    outbox.enqueue(make_submission(form_id="housing-repair"))

    dicts = [item.to_json_dict() for item in outbox.items()]
    text = json.dumps(dicts)

    assert all(set(entry) == JSON_KEYS for entry in dicts)
    assert SECRET not in text and "Gate code" not in text and "MISSED_BIN" not in text
    assert dicts[0]["state"] == "queued"
    assert dicts[0]["next_attempt_at"] is None
    assert datetime.fromisoformat(dicts[0]["created_at"]).tzinfo is not None
    assert SECRET not in repr(outbox.items()) and SECRET not in repr(make_submission())


def test_find_accepts_typed_references(outbox: Outbox) -> None:
    reference = outbox.enqueue(make_submission()).reference
    prefix, first, second = reference.split("-")

    for typed in (reference.lower(), f"{prefix} {first} {second}", f"{prefix}{first}{second}"):
        found = outbox.find(typed)
        assert found is not None and found.reference == reference
        assert outbox.personal_data(typed) is not None
    assert outbox.find("BIN-222-2222") is None
    assert outbox.find("not a reference") is None
    assert outbox.personal_data("not a reference") is None


def test_reference_collision_draws_another_reference(data_dir: Path) -> None:
    taken = "ABCDEF"
    fresh = "GHJKMN"
    rng = ScriptedRandom(taken, taken, fresh)
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin", rng=rng) as outbox:
        first = outbox.enqueue(make_submission())
        second = outbox.enqueue(make_submission())

    assert first.reference == f"BIN-ABC-DEF{check_character(taken)}"
    assert second.created is True
    assert second.reference == f"BIN-GHJ-KMN{check_character(fresh)}"
    assert len(raw_rows(data_dir)) == 2


def test_endless_reference_collisions_raise_and_store_nothing(data_dir: Path) -> None:
    rng = ScriptedRandom(*(["ABCDEF"] * 20))
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin", rng=rng) as outbox:
        outbox.enqueue(make_submission())
        with pytest.raises(OutboxError, match="unused reference"):
            outbox.enqueue(make_submission())

    assert len(raw_rows(data_dir)) == 1


def test_unusable_data_dir_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")

    with pytest.raises(OutboxError, match="outbox folder") as caught:
        Outbox.open(blocker / "data", encryption_key=TEST_KEY, reference_prefix="bin")
    assert "not-a-folder" in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_data_dir_gives_a_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutboxError, match="writable|read-only|permission"):
            Outbox.open(locked, encryption_key=TEST_KEY, reference_prefix="bin")
    finally:
        locked.chmod(0o700)


def test_folder_in_place_of_the_database_file_gives_a_clear_error(data_dir: Path) -> None:
    (data_dir / "outbox.sqlite3").mkdir(parents=True)

    with pytest.raises(OutboxError, match="cannot open or create the outbox database"):
        Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin")


def test_file_that_is_not_sqlite_gives_a_clear_error(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    impostor = data_dir / "outbox.sqlite3"
    content = b"these are somebody's holiday photos, not a database\n" * 200
    impostor.write_bytes(content)

    with pytest.raises(OutboxError, match="not an SQLite database") as caught:
        Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin")
    assert str(impostor) in str(caught.value)
    assert impostor.read_bytes() == content


def _limit_pages(connection: sqlite3.Connection, _record: object) -> None:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count={pages}")


def test_full_disk_gives_a_clear_error_without_answers(data_dir: Path) -> None:
    path = data_dir / "outbox.sqlite3"
    engine = open_engine(path)
    engine.dispose()
    event.listen(engine, "connect", _limit_pages)  # the database cannot grow: SQLITE_FULL
    outbox = Outbox(engine, path, reference_prefix="bin")
    try:
        big = make_submission(answers={"notes": SECRET * 2000})
        with pytest.raises(OutboxError, match="full") as caught:
            outbox.enqueue(big)
    finally:
        outbox.close()

    assert SECRET not in str(caught.value)
    assert SECRET not in repr(caught.value.__cause__)
    assert raw_rows(data_dir) == []


def test_bad_input_is_refused_before_anything_is_stored(data_dir: Path, outbox: Outbox) -> None:
    with pytest.raises(ValueError, match="UUID"):
        outbox.enqueue(make_submission(client_uuid="double-tap"))
    with pytest.raises(ValueError, match="JSON") as caught:
        outbox.enqueue(make_submission(answers={"when": datetime.now(UTC), "who": SECRET}))
    assert SECRET not in str(caught.value)
    assert raw_rows(data_dir) == []


def test_naive_clock_is_refused(data_dir: Path) -> None:
    with (
        Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin", clock=datetime.now) as outbox,
        pytest.raises(ValueError, match="timezone"),
    ):
        outbox.enqueue(make_submission())


def test_logs_never_contain_answers(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin") as outbox:
        submission = make_submission()
        reference = outbox.enqueue(submission).reference
        outbox.enqueue(submission)
        outbox.items()
        outbox.personal_data(reference)

    assert reference in caplog.text
    assert SECRET not in caplog.text and "Gate code" not in caplog.text


def test_closed_outbox_refuses_work(data_dir: Path) -> None:
    outbox = Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix="bin")
    outbox.close()
    outbox.close()
    with pytest.raises(OutboxError, match="closed"):
        outbox.items()


def test_json_codec_round_trips_and_is_registered() -> None:
    codec = CODECS["json-v1"]
    assert isinstance(codec, JsonCodec)
    data = {"answers": {"name": "Siân Ó Dálaigh", "n": [1, 2.5, None, True]}, "payload": {}}
    assert codec.decode(codec.encode(data)) == data
    with pytest.raises(ValueError):
        codec.decode(b"\xff\xfe")
    with pytest.raises(ValueError):
        codec.decode(b"[1, 2]")


def test_outbox_imports_without_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import sync, sync.references, sync.crash_points, sync.outbox\n"
        "assert not any(name.startswith('PySide6') and sys.modules[name] for name in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    completed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr


def test_alphabet_used_by_scripted_random_is_valid() -> None:
    assert set("ABCDEFGHJKMN") <= set(ALPHABET)
