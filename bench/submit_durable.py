"""Submit to durable: how long ``Outbox.enqueue`` takes to commit a submission to disk.

    .venv/bin/python bench/submit_durable.py [--submissions 500]

The outbox is a real SQLite file (WAL, ``synchronous=FULL``) in a temporary folder on the same
disk as the system temp dir. Each iteration builds one journey at "Check your answers" with
``forms.submission.journey_from_answers`` (rotating through the forms in ``sessions.ANSWERS``;
not timed), then queues it with ``kiosk.submitting.queue_journey``, exactly as the Send button
does. Timed: ``Outbox.enqueue`` alone (encode, INSERT, COMMIT with fsync), and the whole
``queue_journey`` (plus building the case payload). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sessions  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from forms.catalogue import load_catalogue  # noqa: E402
from forms.submission import journey_from_answers  # noqa: E402
from kiosk.assets import bundled_forms_dir  # noqa: E402
from kiosk.submitting import queue_journey  # noqa: E402
from sync.outbox import EnqueueResult, NewSubmission, Outbox  # noqa: E402

TARGET_P95_SECONDS = 0.010


class TimedOutbox(Outbox):
    """The real outbox, recording how long each ``enqueue`` took."""

    durations: list[float]

    def enqueue(self, submission: NewSubmission) -> EnqueueResult:
        started = time.perf_counter()
        result = super().enqueue(submission)
        self.durations.append(time.perf_counter() - started)
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=500)
    args = parser.parse_args()

    catalogue = load_catalogue([bundled_forms_dir()])
    forms = [catalogue.get(form_id) for form_id in sessions.FORMS]
    queued: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-submit-") as folder:
        outbox = TimedOutbox.open(Path(folder), encryption_key=Fernet.generate_key(), reference_prefix="BEN")
        outbox.durations = []
        try:
            for index in range(args.submissions):
                form = forms[index % len(forms)]
                journey = journey_from_answers(form, sessions.ANSWERS[form.id], today=lambda: sessions.TODAY)
                started = time.perf_counter()
                result = queue_journey(journey, outbox)
                queued.append(time.perf_counter() - started)
                assert result.created, "a fresh journey must create a new item"
            stored = len(outbox.items())
        finally:
            outbox.close()
        size_kib = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1024
    assert stored == args.submissions, f"{stored} items stored, expected {args.submissions}"

    enqueue = outbox.durations
    print(
        f"submit to durable, real SQLite file (WAL, synchronous=FULL) in {tempfile.gettempdir()}, "
        f"{len(enqueue)} submissions, {stored} items stored, {size_kib:.0f} KiB on disk:"
    )
    print(f"  Outbox.enqueue   {sessions.summary_ms(enqueue)}")
    print(f"  queue_journey    {sessions.summary_ms(queued)}")
    print(f"  first enqueue    {enqueue[0] * 1000:.2f} ms (first call: SQLAlchemy compiles and caches the statements)")
    p95 = sessions.percentile(enqueue, 95)
    verdict = "meets" if p95 < TARGET_P95_SECONDS else "MISSES"
    target = TARGET_P95_SECONDS * 1000
    print(f"  target: submit-to-durable p95 under {target:.0f} ms: {p95 * 1000:.2f} ms, {verdict} it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
