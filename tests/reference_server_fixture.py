"""The ``reference_server`` fixture: a real Open311 reference server on 127.0.0.1 for one test.

Use it with ``from reference_server_fixture import reference_server`` in a test module. It yields a
started ``ReferenceServer`` on a free port, with its database in the test's tmp folder, accepting the
api key ``API_KEY`` ("test-key"), and stops it after the test. Also: two valid POST payloads
(``MISSED_BIN``, a metadata=false service, and ``POTHOLE``, a metadata=true one), ``post`` and
``error_descriptions`` (which asserts the body is a JSON error list).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.reference_server import ReferenceServer

API_KEY = "test-key"

MISSED_BIN = {
    "api_key": API_KEY,
    "service_code": "MISSED_BIN",
    "address_string": "14 Quarrington Lane, Anytown",
    "attribute[bin_type]": "recycling",
    "attribute[kiosk_reference]": "TST-ABC-DEFG",
    "first_name": "Ottoline",
    "last_name": "Vandersteen",
    "email": "ottoline@example.org",
    "phone": "07700 900982",
    "description": "Left by the blue gate",
}
POTHOLE = {
    "api_key": API_KEY,
    "service_code": "POTHOLE",
    "lat": "51.5",
    "long": "-0.12",
    "attribute[size]": "large",
    "attribute[road_name]": "High Street",
}


def post(server: ReferenceServer, data: dict[str, Any], fmt: str = "json", key: str | None = None) -> requests.Response:
    headers = {"Idempotency-Key": key} if key else {}
    return requests.post(f"{server.base_url}requests.{fmt}", data=data, headers=headers, timeout=10)


def error_descriptions(response: requests.Response) -> list[str]:
    body = response.json()
    assert isinstance(body, list) and body and all(set(e) == {"code", "description"} for e in body), body
    return [e["description"] for e in body]


@pytest.fixture
def reference_server(tmp_path: Path) -> Iterator[ReferenceServer]:
    server = ReferenceServer(
        host="127.0.0.1", port=0, db_path=tmp_path / "reference-server.sqlite3", api_keys={API_KEY}
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
