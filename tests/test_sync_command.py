"""``council-kiosk sync --once`` and ``queue --json`` as real processes against the reference server,
and the kiosk's own worker running beside them without ever POSTing an item twice.
"""

# ruff: noqa: F811 - pytest fixtures imported from sync_helpers are used as arguments
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, write_config
from keyring_backends import file_keyring
from reference_server_fixture import reference_server  # noqa: F401 - a fixture
from sync_helpers import (  # noqa: F401 - clock, outbox and server are fixtures
    PERSONAL_WORDS,
    Queued,
    assert_all_sent_exactly_once,
    client_for,
    enqueue_many,
    fast_policy,
    item,
    open_outbox,
    outbox,
    server,
    wait_for,
)

from sync.key_store import KeyStore
from sync.outbox import ItemState, Outbox
from sync.reference_server import ReferenceServer
from sync.secure_outbox import open_secure_outbox
from sync.worker import SyncWorker

# ---------------------------------------------------------------------------------------------
# council-kiosk sync --once, as a real process

MISSED_BIN_ANSWERS = {
    "bin-type": "recycling",
    "bin-out": True,
    "address": {"line1": "14 Quarrington Lane", "line2": "", "town": "Anytown", "postcode": "zx9 9qq"},
    "due-date": "2026-01-05",
    "more-info": "Left by the blue gate",
    "full-name": "Ottoline Vandersteen",
    "contact-method": "phone",
    "phone": "07700 900982",
}
QUEUE_FIELDS = {"reference", "state", "attempts", "last_error", "remote_id", "token"}


def kiosk(*args: str | Path, api_key: str | None = "test-key", timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COUNCIL_KIOSK_CONFIG", "KIOSK_CASE_API_KEY")}
    if api_key is not None:
        env["KIOSK_CASE_API_KEY"] = api_key
    return subprocess.run([sys.executable, "-m", "kiosk", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def kiosk_config(folder: Path, server: ReferenceServer | None, extra: str = "") -> Path:
    api = f'[case_api]\nbase_url = "{server.base_url}"\n' if server is not None else ""
    return write_config(folder, extra=api + extra)


def queue_json(config: Path) -> dict[str, dict[str, Any]]:
    listing = kiosk("--config", config, "queue", "--json")
    assert listing.returncode == 0, listing.stderr
    items = json.loads(listing.stdout)
    assert all(set(entry) >= QUEUE_FIELDS for entry in items)
    return {entry["reference"]: entry for entry in items}


def queue_in_process(data_dir: Path, keyring_file: Path, n: int) -> list[Queued]:
    """Queue ``n`` items the way the kiosk does: the outbox key comes from (or is made in) the key store."""
    with (
        file_keyring(keyring_file),
        open_secure_outbox(data_dir, reference_prefix="TST", key_store=KeyStore()) as outbox,
    ):
        return enqueue_many(outbox, n)


@pytest.mark.slow
def test_sync_once_command_prints_a_summary_and_queue_shows_each_items_progress(
    tmp_path: Path, server: ReferenceServer, child_keyring: Path
) -> None:
    config = kiosk_config(tmp_path / "kiosk", server, "[sync]\nbackoff_base_seconds = 0.01\n")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(MISSED_BIN_ANSWERS), encoding="utf-8")
    submitted = kiosk("--config", config, "submit", "missed-bin", "--answers", answers)
    assert submitted.returncode == 0, submitted.stderr
    references = [submitted.stdout.strip()] + [q.reference for q in queue_in_process(tmp_path / "kiosk" / "data",
                                                                                     child_keyring, 1)]  # fmt: skip

    server.faults.update(error_rate=1, error_status=503)
    failing = kiosk("--config", config, "sync", "--once")

    assert failing.returncode == 0, failing.stderr
    assert failing.stdout.startswith("Sent 0, ") and "retrying later 2" in failing.stdout
    assert "still waiting to send 2" in failing.stdout
    listed = queue_json(config)
    assert set(listed) == set(references)
    for entry in listed.values():
        assert (entry["state"], entry["attempts"], entry["remote_id"], entry["token"]) == ("queued", 1, None, None)
        assert entry["last_error"].startswith("the case API answered 503")

    server.faults.reset()
    server.faults.update(token_only=True, token_delay_seconds=1.0)
    tokens = kiosk("--config", config, "sync", "--once", "--retry-now")

    assert tokens.returncode == 0, tokens.stderr
    assert "waiting for a case number 2" in tokens.stdout
    listed = queue_json(config)
    for entry in listed.values():
        assert entry["state"] == "awaiting_id" and entry["remote_id"] is None
        assert entry["token"] == server.store.cases("kiosk_reference = ?", (entry["reference"],))[0]["token"]

    time.sleep(1.0)
    done = kiosk("--config", config, "sync", "--once", "--retry-now")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Sent 2, token resolved 2")
    listed = queue_json(config)
    cases = {case["kiosk_reference"]: case for case in server.cases()}
    assert set(cases) == set(references)
    for reference, entry in listed.items():
        assert entry["state"] == "sent" and entry["attempts"] == 2 and entry["last_error"] is None
        assert entry["remote_id"] == cases[reference]["service_request_id"] and entry["token"]
        assert entry["personal_data"] == "deleted"
    assert sorted(server.post_attempts().values()) == [2, 2]
    bin_case = cases[references[0]]
    assert bin_case["service_code"] == "MISSED_BIN" and "Quarrington" in bin_case["address_string"]
    for output in (failing, tokens, done):
        for word in PERSONAL_WORDS:
            assert word.lower() not in (output.stdout + output.stderr).lower()


@pytest.mark.slow
@pytest.mark.parametrize("problem", ["no base_url", "no api key", "403 from the server"])
def test_sync_once_command_exits_2_with_the_reason_for_configuration_problems(
    tmp_path: Path, server: ReferenceServer, child_keyring: Path, problem: str
) -> None:
    config = kiosk_config(tmp_path / "kiosk", None if problem == "no base_url" else server)
    queued = queue_in_process(tmp_path / "kiosk" / "data", child_keyring, 2)
    api_key = {"no base_url": "test-key", "no api key": None, "403 from the server": "wrong-key"}[problem]

    result = kiosk("--config", config, "sync", "--once", api_key=api_key)

    assert result.returncode == 2, (result.stdout, result.stderr)
    expected = {
        "no base_url": "council-kiosk: no case API is configured: set [case_api] base_url in the config",
        "no api key": "council-kiosk: no case API key: store one with `council-kiosk set-api-key`",
        "403 from the server": "council-kiosk: sending is paused: the case API refused the API key (403): "
        "api_key is not valid",
    }[problem]
    assert expected in result.stderr
    if problem == "403 from the server":
        assert "Sending is paused: the case API refused the API key (403)" in result.stdout
    assert server.cases() == []
    listed = queue_json(config)
    assert set(listed) == {q.reference for q in queued}
    for entry in listed.values():
        assert (entry["state"], entry["attempts"], entry["last_error"], entry["remote_id"]) == ("queued", 0, None, None)


# ---------------------------------------------------------------------------------------------
# The kiosk's worker and sync --once at the same time


@pytest.mark.slow
def test_kiosk_worker_and_sync_once_processes_together_post_each_item_exactly_once(
    tmp_path: Path, server: ReferenceServer, child_keyring: Path
) -> None:
    total = 120
    # Small batches, so the four workers' claims interleave (a worker claims its next batch while it sends one).
    config = kiosk_config(tmp_path / "kiosk", server, "[sync]\nbatch_size = 10\n")
    data_dir = tmp_path / "kiosk" / "data"
    queued = queue_in_process(data_dir, child_keyring, total)
    with file_keyring(child_keyring):
        key = KeyStore().outbox_key(data_dir)
    assert key is not None
    server.faults.latency_seconds = 0.005

    stop = threading.Event()
    sent_by_thread: list[int] = []
    errors: list[BaseException] = []

    def kiosk_worker() -> None:
        try:
            with Outbox.open(data_dir, reference_prefix="TST", encryption_key=key) as own:
                worker = SyncWorker(own, client_for(server), fast_policy(batch_size=4, record_every=2))
                while not stop.is_set():
                    sent_by_thread.append(worker.run_pass().sent)
                    time.sleep(0.005)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    env = {k: v for k, v in os.environ.items() if k != "COUNCIL_KIOSK_CONFIG"}
    env["KIOSK_CASE_API_KEY"] = "test-key"
    command = [sys.executable, "-m", "kiosk", "--config", str(config), "sync", "--once"]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    thread = threading.Thread(target=kiosk_worker, name="kiosk-sync-worker", daemon=True)
    outputs = []
    try:
        # Start the kiosk's worker once a command has begun, so all of them drain the queue together.
        with open_outbox(data_dir, key=key) as check:
            wait_for(lambda: check.counts()[ItemState.QUEUED.value] < total, timeout=60, what="a command to start")
        thread.start()
        for process in processes:
            stdout, stderr = process.communicate(timeout=120)
            outputs.append((process.returncode, stdout, stderr))
        with open_outbox(data_dir, key=key) as check:
            wait_for(lambda: check.counts()[ItemState.SENT.value] == total, timeout=30, what="every item sent")
    finally:
        stop.set()
        if thread.is_alive():
            thread.join(timeout=30)
        for process in processes:
            if process.poll() is None:
                process.kill()
    assert not errors, errors
    assert not thread.is_alive()

    sent_by_commands = []
    for returncode, stdout, stderr in outputs:
        assert returncode == 0, stderr
        match = re.match(r"Sent (\d+), ", stdout)
        assert match, stdout
        sent_by_commands.append(int(match.group(1)))
    shares = [*sent_by_commands, sum(sent_by_thread)]
    assert sum(shares) == total, shares
    assert sum(1 for share in shares if share) >= 2, f"the workers did not overlap: {shares}"
    assert server.post_attempts() == {q.client_uuid: 1 for q in queued}, "an item was POSTed more than once"
    with open_outbox(data_dir, key=key) as check:
        assert_all_sent_exactly_once(check, server, queued)
        assert all(summary.attempts == 1 for summary in check.items())
