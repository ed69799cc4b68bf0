"""Time to drain 10,000 queued submissions to the reference case API on loopback, against a bare
``requests.Session`` loop posting the same bodies to the same kind of server.

Both runs talk to ``council-kiosk reference-server`` started as its own process (so it has its
own core and GIL), each run with a fresh server database. What is timed:

- **sync**: ``SyncWorker.run_pass`` until the outbox has nothing due, from an outbox holding
  N encrypted ``queued`` items: leased claims committed before each POST (``synchronous=FULL``),
  decryption, the Open311 client (Idempotency-Key, classification of every answer), results
  recorded durably and personal data purged. Enqueueing is not timed.
- **bare**: a ``for`` loop of ``session.post(url, data=body, headers=...)`` with the same
  form bodies and Idempotency-Keys, checking only ``status_code == 200``. No storage at all.

Prints items/second for each and the ratio sync/bare (target: at least 0.8).
Usage: ``.venv/bin/python bench/sync_drain.py [--items 10000] [--rounds 1]``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from sync.case_api.base import Accepted  # noqa: E402
from sync.case_api.open311 import Open311Client  # noqa: E402
from sync.case_api.open311_encode import build_form_pairs, encode_form  # noqa: E402
from sync.outbox import NewSubmission, Outbox  # noqa: E402
from sync.retry_policy import SyncPolicy  # noqa: E402
from sync.worker import SyncWorker  # noqa: E402

API_KEY = "bench-key"
PAYLOAD = {
    "service_code": "MISSED_BIN",
    "attributes": {"bin_type": "recycling", "bin_out": True, "due_date": "2026-11-20"},
    "address_string": "12 Station Road, Anytown, SW1A 2AA",
    "first_name": "Margaret",
    "last_name": "Okafor",
    "phone": "07700 900982",
    "description": "Was the bin out?\nYes\n\nAnything else?\nThe crew missed our whole side of the street.",
}
ANSWERS = {"bin-type": "recycling", "bin-out": True, "full-name": "Margaret Okafor", "phone": "07700 900982"}


class Server:
    """``council-kiosk reference-server`` in its own process, on a free port."""

    def __init__(self, db: Path) -> None:
        command = [sys.executable, "-m", "kiosk", "reference-server", "--port", "0", "--db", str(db),
                   "--api-key", API_KEY]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"(http://\S+/open311/v2/)", line)
        if not match:
            self.process.kill()
            raise SystemExit(f"the reference server did not start: {line!r} {self.process.stderr.read()}")
        self.base_url = match.group(1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def fill_outbox(folder: Path, count: int) -> tuple[Outbox, list[tuple[str, str]]]:
    outbox = Outbox.open(folder, reference_prefix="BEN", encryption_key=Fernet.generate_key())
    items = []
    for _ in range(count):
        result = outbox.enqueue(NewSubmission(str(uuid.uuid4()), "missed-bin", "1", "en", ANSWERS, PAYLOAD))
        items.append((result.client_uuid, result.reference))
    return outbox, items


def time_sync(folder: Path, count: int) -> float:
    outbox, _ = fill_outbox(folder / "sync", count)
    server = Server(folder / "server-sync.sqlite3")
    client = Open311Client(server.base_url, api_key=API_KEY)
    worker = SyncWorker(outbox, client, SyncPolicy())
    try:
        started = time.perf_counter()
        sent = 0
        while True:
            summary = worker.run_pass()
            sent += summary.sent
            if summary.waiting == 0 or summary.paused_reason:
                break
        elapsed = time.perf_counter() - started
    finally:
        client.close()
        server.stop()
    counts = outbox.counts()
    outbox.close()
    if counts["sent"] != count:
        raise SystemExit(f"sync did not send everything: {counts}")
    return elapsed


def time_bare(folder: Path, count: int) -> float:
    bodies = []
    for index in range(count):
        pairs = build_form_pairs(PAYLOAD, api_key=API_KEY, jurisdiction_id="", reference_attribute="kiosk_reference",
                                 reference=f"BEN-{index:07d}", default_location=None)  # fmt: skip
        bodies.append((str(uuid.uuid4()), encode_form(pairs)))
    server = Server(folder / "server-bare.sqlite3")
    url = f"{server.base_url}requests.json"
    session = requests.Session()
    base_headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    try:
        started = time.perf_counter()
        for key, body in bodies:
            response = session.post(url, data=body, headers={**base_headers, "Idempotency-Key": key}, timeout=(5, 30))
            if response.status_code != 200:
                raise SystemExit(f"bare loop got {response.status_code}: {response.text[:200]}")
        elapsed = time.perf_counter() - started
    finally:
        session.close()
        server.stop()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    assert Accepted  # the client counts a POST as sent only with an id or token
    print(f"draining {args.items} submissions to the reference server on loopback, {args.rounds} round(s), "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    ratios = []
    for round_number in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory() as folder:
            bare = time_bare(Path(folder), args.items)
            sync = time_sync(Path(folder), args.items)
        ratios.append(bare / sync)
        print(f"round {round_number}:")
        print(f"  bare requests.Session loop: {bare:7.2f} s  {args.items / bare:8.0f} items/s")
        print(f"  sync worker (durable)     : {sync:7.2f} s  {args.items / sync:8.0f} items/s")
        print(f"  throughput ratio sync/bare: {bare / sync:.2f}")
    print(f"median ratio over {len(ratios)} round(s): {statistics.median(ratios):.2f}  (target at least 0.80)")


if __name__ == "__main__":
    main()
