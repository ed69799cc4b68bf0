"""Helpers shared by the sync tests: outboxes full of cases, a clock to move, and end-state checks.

Everything here is real: a real SQLite outbox (encrypted with ``TEST_KEY``), the real Open311 client
and the real reference server. ``MovableClock`` follows wall time plus an offset the test moves by hand,
so back-off, retention and pause delays can be skipped without sleeping, while the server's own delays
(token resolution, ``Retry-After``) still run on real time.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import TEST_KEY
from reference_server_fixture import reference_server  # noqa: F401 - used by the server fixture

from sync.case_api.open311 import Open311Client
from sync.outbox import ItemState, NewSubmission, Outbox
from sync.reference_server import ReferenceServer
from sync.retry_policy import SyncPolicy

PREFIX = "TST"
API_KEY = "test-key"
ADDRESS = "14 Quarrington Lane, Anytown ZX9 9QQ"
FIRST_NAME = "Ottoline"
LAST_NAME = "Vandersteen"
EMAIL = "ottoline@example.org"
PHONE = "07700 900982"
DESCRIPTION = "Left by the blue gate"
PERSONAL_WORDS = ("Quarrington", "Anytown", "ZX9 9QQ", FIRST_NAME, LAST_NAME, EMAIL, PHONE, "blue gate")


class MovableClock:
    """An aware UTC clock: wall time plus an offset that ``advance`` moves forward."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@dataclass(frozen=True)
class Queued:
    """One submission the test put in the outbox."""

    reference: str
    client_uuid: str
    payload: dict[str, Any]


def case_payload(number: int = 0, *, service_code: str = "MISSED_BIN", **changes: Any) -> dict[str, Any]:
    """A case payload as ``forms.payload`` builds it, with personal data; ``changes`` replace fields
    (a value of None removes the field)."""
    payload: dict[str, Any] = {
        "service_code": service_code,
        "address_string": f"{number} {ADDRESS}" if number else ADDRESS,
        "first_name": FIRST_NAME,
        "last_name": LAST_NAME,
        "email": EMAIL,
        "phone": PHONE,
        "description": DESCRIPTION,
        "attributes": {"bin_type": "recycling", "item_number": number},
    }
    if service_code == "POTHOLE":
        payload["attributes"] = {"size": "large", "road_name": "High Street", "hazards": ["junction", "bus_stop"]}
    for name, value in changes.items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value
    return payload


def answers_for(payload: dict[str, Any]) -> dict[str, Any]:
    """The resident's answers stored beside a payload (personal data too)."""
    return {
        "full-name": f"{payload.get('first_name', '')} {payload.get('last_name', '')}".strip(),
        "address": payload.get("address_string"),
        "phone": payload.get("phone"),
        "more-info": payload.get("description"),
    }


def enqueue_many(
    outbox: Outbox,
    n: int,
    *,
    service_code: str = "MISSED_BIN",
    payload: dict[str, Any] | None = None,
    form_id: str = "missed-bin",
) -> list[Queued]:
    """Queue ``n`` submissions (each its own UUID); ``payload`` is used as given for every one."""
    queued = []
    for number in range(1, n + 1):
        body = dict(payload) if payload is not None else case_payload(number, service_code=service_code)
        client_uuid = str(uuid.uuid4())
        result = outbox.enqueue(
            NewSubmission(client_uuid, form_id, "v1", "en", answers=answers_for(body), payload=body)
        )
        assert result.created
        queued.append(Queued(result.reference, client_uuid, body))
    return queued


def open_outbox(data_dir: Path, clock: MovableClock | None = None, key: bytes = TEST_KEY) -> Outbox:
    return Outbox.open(data_dir, reference_prefix=PREFIX, encryption_key=key, clock=clock)


def fast_policy(**changes: Any) -> SyncPolicy:
    """A policy for tests: back-off and token polls of 0.5 to 2 s, a pause probe after 60 s, short leases.

    The waits are short, but long enough that an item failing in a pass is never due again in the
    same pass: tests move the outbox clock (``MovableClock.advance``) past them instead of sleeping.
    """
    values: dict[str, Any] = {
        "lease_seconds": 10.0,
        "request_budget_seconds": 5.0,
        "batch_size": 20,
        "backoff_base_seconds": 1.0,
        "backoff_cap_seconds": 2.0,
        "token_poll_base_seconds": 1.0,
        "token_poll_cap_seconds": 2.0,
        "pause_probe_seconds": 60.0,
    }
    values.update(changes)
    return SyncPolicy(**values)


def client_for(server: ReferenceServer, fmt: str = "json", **changes: Any) -> Open311Client:
    values: dict[str, Any] = {"api_key": API_KEY, "format": fmt, "connect_timeout": 2.0, "read_timeout": 3.0}
    values.update(changes)
    return Open311Client(server.base_url, **values)


def item(outbox: Outbox, reference: str):
    found = outbox.find(reference)
    assert found is not None, reference
    return found


def assert_all_sent_exactly_once(outbox: Outbox, server: ReferenceServer, queued: list[Queued]) -> None:
    """Every queued item is ``sent`` with the id of the one case the server holds for it, and the server
    holds nothing else: one case per Idempotency-Key and per kiosk reference, each mapping back to
    its item."""
    items = {summary.reference: summary for summary in outbox.items()}
    assert set(items) == {q.reference for q in queued}, "an item was lost from (or added to) the outbox"
    not_sent = {ref: (s.state.value, s.last_error) for ref, s in items.items() if s.state is not ItemState.SENT}
    assert not not_sent, f"{len(not_sent)} items not sent: {list(not_sent.items())[:5]}"

    cases = server.cases()
    by_key = Counter(case["idempotency_key"] for case in cases)
    by_reference = Counter(case["kiosk_reference"] for case in cases)
    assert [k for k, n in by_key.items() if n > 1] == [], "a submission became more than one case"
    assert [r for r, n in by_reference.items() if n > 1] == [], "a kiosk reference is on more than one case"
    assert len(cases) == len(queued)
    expected = {q.client_uuid: q for q in queued}
    assert set(by_key) == set(expected)
    for case in cases:
        mine = expected[case["idempotency_key"]]
        assert case["kiosk_reference"] == mine.reference
        assert case["address_string"] == mine.payload["address_string"]
        assert items[mine.reference].remote_id == case["service_request_id"]


@pytest.fixture
def server(reference_server: ReferenceServer) -> ReferenceServer:  # noqa: F811 - the imported fixture
    return reference_server


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def outbox(tmp_path: Path, clock: MovableClock) -> Iterator[Outbox]:
    with open_outbox(tmp_path / "data", clock) as opened:
        yield opened


def wait_for(condition, timeout: float = 5.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)
