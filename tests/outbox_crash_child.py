"""Child process for tests/test_outbox_crash.py: enqueue one known submission and exit.

Usage: ``python tests/outbox_crash_child.py DATA_DIR``. With ``COUNCIL_KIOSK_CRASH_POINT`` set,
the outbox kills this process at that point. Otherwise it prints the ``EnqueueResult`` as JSON.
The constants below are what the parent test expects to find stored.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from helpers import TEST_KEY

from sync.outbox import NewSubmission, Outbox

PREFIX = "CRASH"
FIXED_NOW = datetime(2024, 5, 1, 9, 30, 0, 123456, tzinfo=UTC)
SUBMISSION = NewSubmission(
    client_uuid="6f1c2a5e-8d0b-4c3e-9a7f-2b4d6e8f0a1c",
    form_id="housing-repair",
    form_version="3f9a7c1d",
    language="cy",
    answers={"full-name": "Siân Crash-Test", "leak-where": "kitchen", "photos": ["a", "b"]},
    payload={"service_code": "HOUSING_REPAIR", "attribute": {"room": "kitchen"}, "n": 1.5},
)


def main(argv: list[str]) -> int:
    data_dir = Path(argv[1])
    with Outbox.open(data_dir, encryption_key=TEST_KEY, reference_prefix=PREFIX, clock=lambda: FIXED_NOW) as outbox:
        result = outbox.enqueue(SUBMISSION)
    print(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
