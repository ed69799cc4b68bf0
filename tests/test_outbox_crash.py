"""Kill -9 a process inside enqueue and prove the outbox holds the whole item or nothing.

Each crash point is hit in a child process (tests/outbox_crash_child.py) that SIGKILLs itself
there. Afterwards the database must pass ``integrity_check`` and hold either nothing (before the
commit) or the complete item (after it). Re-running the same submission must then leave exactly
one item: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from helpers import TEST_KEY

from sync.crash_points import ENV_VAR
from sync.outbox import ItemState, Outbox
from sync.references import is_valid_reference

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]

REPO_ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).resolve().parent / "outbox_crash_child.py"
NOT_COMMITTED = ["enqueue:before_insert", "enqueue:after_insert", "enqueue:before_commit"]
COMMITTED = ["enqueue:after_commit"]


def _load_child() -> ModuleType:
    spec = importlib.util.spec_from_file_location("outbox_crash_child", CHILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


child = _load_child()


def run_child(data_dir: Path, crash_at: str | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != ENV_VAR}
    env["PYTHONPATH"] = os.pathsep.join(part for part in (str(REPO_ROOT), os.environ.get("PYTHONPATH")) if part)
    if crash_at is not None:
        env[ENV_VAR] = crash_at
    return subprocess.run(
        [sys.executable, str(CHILD), str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def raw_state(data_dir: Path) -> tuple[str, list[sqlite3.Row]]:
    connection = sqlite3.connect(data_dir / "outbox.sqlite3")
    connection.row_factory = sqlite3.Row
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        rows = connection.execute("SELECT * FROM outbox_items").fetchall()
        return integrity, rows
    finally:
        connection.close()


def assert_whole_item(data_dir: Path) -> str:
    """Assert the outbox holds exactly the child's submission, complete; return its reference."""
    expected = child.SUBMISSION
    _, rows = raw_state(data_dir)
    assert len(rows) == 1
    row = rows[0]
    assert row["client_uuid"] == expected.client_uuid
    assert row["personal_data"] is not None and row["personal_data_codec"] == "fernet-v1"
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix=child.PREFIX) as outbox:
        items = outbox.items()
        assert len(items) == 1
        item = items[0]
        assert is_valid_reference(item.reference) and item.reference.startswith("CRASH-")
        assert (item.form_id, item.form_version, item.language) == (
            expected.form_id,
            expected.form_version,
            expected.language,
        )
        assert item.state is ItemState.QUEUED
        assert item.attempts == 0
        assert item.created_at == item.updated_at == child.FIXED_NOW
        assert (item.next_attempt_at, item.last_error, item.remote_id, item.token) == (
            None,
            None,
            None,
            None,
        )
        assert outbox.personal_data(item.reference) == {
            "answers": expected.answers,
            "payload": expected.payload,
        }
        return item.reference


def test_child_without_crash_point_stores_the_item(tmp_path: Path) -> None:
    completed = run_child(tmp_path, None)
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["created"] is True
    assert assert_whole_item(tmp_path) == result["reference"]


@pytest.mark.parametrize("crash_at", NOT_COMMITTED + COMMITTED)
def test_crash_leaves_whole_item_or_nothing(tmp_path: Path, crash_at: str) -> None:
    crashed = run_child(tmp_path, crash_at)

    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert crashed.stdout == ""
    integrity, rows = raw_state(tmp_path)
    assert integrity == "ok"
    if crash_at in COMMITTED:
        reference = assert_whole_item(tmp_path)
    else:
        assert rows == []
        with Outbox.open(tmp_path, encryption_key=TEST_KEY, reference_prefix=child.PREFIX) as outbox:
            assert outbox.items() == []
        reference = None

    resumed = run_child(tmp_path, None)

    assert resumed.returncode == 0, resumed.stderr
    result = json.loads(resumed.stdout)
    assert result["created"] is (reference is None)
    assert assert_whole_item(tmp_path) == result["reference"]
    if reference is not None:
        assert result["reference"] == reference
    assert raw_state(tmp_path)[0] == "ok"
