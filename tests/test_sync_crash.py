"""Kill -9 the sync worker at every dangerous moment and prove nothing is lost and nothing duplicated.

A child process (tests/sync_crash_child.py) drains a real encrypted outbox to the reference server,
which runs in this process over real HTTP. The child is killed with SIGKILL at each named crash point
of the sync code (``COUNCIL_KIOSK_CRASH_POINT=name@N``, so mid-run), and at random moments chosen by a
seeded RNG, then restarted until everything is sent. Each restart moves the child's outbox clock past
the lease of the one before, so items it held in doubt are claimed again at once and re-sent with
the same Idempotency-Key. At the end: every reference is still in the outbox and ``sent``, the server
holds exactly one case per Idempotency-Key and per kiosk reference, each case maps back to its item,
and the remote ids match.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import ROOT
from keyring_backends import file_keyring, file_keyring_env
from sync_helpers import PREFIX, Queued, assert_all_sent_exactly_once, enqueue_many, open_outbox

from sync.crash_points import ENV_VAR
from sync.key_store import KeyStore
from sync.outbox import ItemState
from sync.reference_server import ReferenceServer
from sync.secure_outbox import open_secure_outbox

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]

CHILD = Path(__file__).resolve().parent / "sync_crash_child.py"
ITEMS_PER_CRASH_POINT = 40
ITEMS_FOR_RANDOM_KILLS = 120


def _load_child() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sync_crash_child", CHILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


child = _load_child()


class Rig:
    """One outbox, one reference server and a child to start, crash and restart."""

    def __init__(self, folder: Path, server: ReferenceServer) -> None:
        self.data_dir = folder / "data"
        self.keyring = folder / "test-keyring.json"
        self.server = server
        self.runs = 0
        self.crashes = 0
        self.in_doubt_resent = 0

    def enqueue(self, n: int) -> list[Queued]:
        with (
            file_keyring(self.keyring),
            open_secure_outbox(self.data_dir, reference_prefix=PREFIX, key_store=KeyStore()) as outbox,
        ):
            return enqueue_many(outbox, n)

    def start(self, crash_at: str | None = None, max_seconds: float = 20) -> subprocess.Popen[str]:
        env = {key: value for key, value in os.environ.items() if key != ENV_VAR}
        env.update(file_keyring_env(self.keyring))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), str(ROOT / "tests"), env.get("PYTHONPATH")) if p)
        if crash_at is not None:
            env[ENV_VAR] = crash_at
        # Each run's clock is past the leases of every run before it (see the child's docstring).
        offset = self.runs * (child.LEASE_SECONDS + 1)
        self.runs += 1
        return subprocess.Popen(
            [sys.executable, str(CHILD), str(self.data_dir), self.server.base_url, str(offset), str(max_seconds)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(self, process: subprocess.Popen[str], *, crashed: bool | None) -> dict[str, Any] | None:
        """Wait for the child: ``crashed`` says how it must end (None: either way); its result, if any."""
        stdout, stderr = process.communicate(timeout=60)
        if crashed is None:  # a kill that came after the child printed its result counts as no crash
            crashed = process.returncode != 0 and not stdout
        if crashed:
            assert process.returncode == -signal.SIGKILL, (process.returncode, stderr[-2000:])
            assert stdout == ""
            self.crashes += 1
            return None
        assert process.returncode in (0, -signal.SIGKILL), stderr[-2000:]
        result = json.loads(stdout)
        self.in_doubt_resent += result["in_doubt_resent"]
        return result

    def crash_at(self, point: str) -> None:
        """Run a child that must die at ``point`` (``name@N``)."""
        self.finish(self.start(point), crashed=True)

    def run_to_the_end(self) -> dict[str, Any]:
        """Run a child with no crash point and no fault until it exits with everything sent."""
        self.server.faults.reset()
        result = self.finish(self.start(), crashed=False)
        assert result is not None
        unfinished = {state: result["counts"][state] for state in child.UNFINISHED}
        assert not any(unfinished.values()), unfinished
        return result

    def check(self, queued: list[Queued]) -> None:
        connection = sqlite3.connect(self.data_dir / "outbox.sqlite3")
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            leases = connection.execute("SELECT COUNT(*) FROM outbox_items WHERE lease_owner IS NOT NULL").fetchone()
            assert leases[0] == 0
        finally:
            connection.close()
        with file_keyring(self.keyring):
            key = KeyStore().outbox_key(self.data_dir)
        with open_outbox(self.data_dir, key=key) as outbox:
            assert_all_sent_exactly_once(outbox, self.server, queued)
            assert all(outbox.personal_data(q.reference) is None for q in queued)
            assert outbox.counts()[ItemState.SENT.value] == len(queued)


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    server = ReferenceServer(db_path=tmp_path / "reference-server.sqlite3", api_keys={"test-key"}, seed=7)
    server.start()
    try:
        yield Rig(tmp_path, server)
    finally:
        server.stop()


def test_child_without_crash_point_sends_everything(rig: Rig) -> None:
    queued = rig.enqueue(10)

    result = rig.run_to_the_end()

    assert result["sent"] == 10 and result["in_doubt_resent"] == 0
    rig.check(queued)
    assert rig.server.post_attempts() == {q.client_uuid: 1 for q in queued}


# point -> (faults while crashing, the hit counts to crash at, one after another)
CRASH_PLANS: dict[str, tuple[dict[str, Any], tuple[int, ...]]] = {
    "sync:after_claim": ({}, (1, 2, 3)),
    "sync:before_post": ({}, (1, 6, 13)),
    "sync:during_post": ({"latency_seconds": 0.3}, (1, 3, 4)),
    "sync:after_response": ({"drop_after_commit_rate": 1}, (1, 5, 9)),
}


@pytest.mark.parametrize("point", list(CRASH_PLANS))
def test_killed_at_a_crash_point_and_restarted_nothing_is_lost_or_duplicated(rig: Rig, point: str) -> None:
    queued = rig.enqueue(ITEMS_PER_CRASH_POINT)
    faults, hits = CRASH_PLANS[point]

    for hit in hits:
        rig.server.faults.update(**faults)
        rig.crash_at(f"{point}@{hit}")
    if point == "sync:after_response":
        # Also die after answers that did arrive, before they were recorded: sent, but not known to be.
        rig.server.faults.reset()
        rig.crash_at(f"{point}@7")
    rig.run_to_the_end()

    rig.check(queued)
    assert rig.crashes == len(hits) + (point == "sync:after_response")
    assert rig.in_doubt_resent > 0, "no item was re-sent in doubt after the crashes"
    if point == "sync:during_post":
        # The server finished the POSTs that were cut off; their re-sends were replays, not new cases.
        assert max(rig.server.post_attempts().values()) >= 2


def test_killed_at_random_moments_and_restarted_nothing_is_lost_or_duplicated(rig: Rig) -> None:
    rng = random.Random(20261122)
    queued = rig.enqueue(ITEMS_FOR_RANDOM_KILLS)
    rig.server.faults.update(latency_seconds=0.02, error_rate=0.05, drop_after_commit_rate=0.1)

    finished = None
    for _ in range(10):
        process = rig.start()
        time.sleep(rng.uniform(0.4, 1.6))  # the child takes about 0.5 s to start working
        os.kill(process.pid, signal.SIGKILL)  # harmless if it has just exited: not yet reaped
        finished = rig.finish(process, crashed=None)
        if finished is not None:  # it drained the outbox before the kill
            break
    if finished is None or any(finished["counts"][state] for state in child.UNFINISHED):
        rig.run_to_the_end()

    rig.check(queued)
    assert rig.crashes >= 3
    assert rig.in_doubt_resent > 0, "no crash left an item in doubt"
    assert sum(rig.server.post_attempts().values()) > len(queued)  # crashes and faults cost re-sends
