"""Child process for tests/test_sync_crash.py: run sync passes until the outbox is drained, or die trying.

Usage: ``python tests/sync_crash_child.py DATA_DIR BASE_URL CLOCK_OFFSET_SECONDS MAX_SECONDS``.

It opens the outbox as the kiosk does (the key from the key store: run it with ``file_keyring_env``),
and runs ``run_pass(retry_now=True)`` until no item is queued, sending or awaiting an id, or until
``MAX_SECONDS`` have passed. With ``COUNCIL_KIOSK_CRASH_POINT`` set, the sync code kills this process
there; the parent may also kill it at any moment. Leases are 2 s, with a client whose connect + read
timeouts (0.5 + 1.0 s) fit inside them. The outbox clock runs ``CLOCK_OFFSET_SECONDS`` ahead of the
wall clock: the parent raises the offset past the lease at every restart, so the leases of a killed
child have run out for the next one without waiting. On a normal exit it prints one JSON line:
``{"counts", "passes", "sent", "in_doubt_resent"}``.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sync.case_api.open311 import Open311Client
from sync.key_store import KeyStore
from sync.outbox import ItemState
from sync.retry_policy import SyncPolicy
from sync.secure_outbox import open_secure_outbox
from sync.worker import SyncWorker

PREFIX = "TST"
LEASE_SECONDS = 2.0
POLICY = SyncPolicy(
    lease_seconds=LEASE_SECONDS,
    request_budget_seconds=1.6,
    batch_size=10,
    record_every=4,
    backoff_base_seconds=0.05,
    backoff_cap_seconds=0.2,
    token_poll_base_seconds=0.05,
    token_poll_cap_seconds=0.2,
    pause_probe_seconds=0.1,
    max_consecutive_failures=3,
)
UNFINISHED = (ItemState.QUEUED.value, ItemState.SENDING.value, ItemState.AWAITING_ID.value)


def main(argv: list[str]) -> int:
    data_dir, base_url = Path(argv[1]), argv[2]
    offset, max_seconds = timedelta(seconds=float(argv[3])), float(argv[4])

    def clock() -> datetime:
        return datetime.now(UTC) + offset

    client = Open311Client(base_url, api_key="test-key", connect_timeout=0.5, read_timeout=1.0)
    deadline = time.monotonic() + max_seconds
    passes = sent = in_doubt = 0
    with open_secure_outbox(data_dir, reference_prefix=PREFIX, key_store=KeyStore(), clock=clock) as outbox:
        worker = SyncWorker(outbox, client, POLICY)
        while True:
            summary = worker.run_pass(retry_now=True)
            passes += 1
            sent += summary.sent
            in_doubt += summary.in_doubt_resent
            if not any(summary.counts.get(state, 0) for state in UNFINISHED) or time.monotonic() > deadline:
                break
            time.sleep(0.01)
    client.close()
    print(json.dumps({"counts": summary.counts, "passes": passes, "sent": sent, "in_doubt_resent": in_doubt}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
