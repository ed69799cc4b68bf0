"""The Open311 reference server, spoken to over real HTTP: catalogue, POST validation, GETs, Idempotency-Key.

Faults, restarts, the admin endpoints and the command line are in ``test_reference_server_faults.py``.
"""

# ruff: noqa: F811 - test functions take the imported ``reference_server`` fixture as an argument

from __future__ import annotations

import threading
import time
import xml.etree.ElementTree as ET

import pytest
import requests
from reference_server_fixture import MISSED_BIN, POTHOLE, error_descriptions, post, reference_server  # noqa: F401

from sync.reference_server import DEFAULT_SERVICES, ReferenceServer


def test_services_list_in_json_and_xml(reference_server: ReferenceServer) -> None:
    listed = requests.get(reference_server.base_url + "services.json", timeout=10).json()
    codes = {s["service_code"]: s for s in listed}
    shipped = {"MISSED_BIN", "HOUSING_REPAIR", "FLY_TIPPING", "NOISE", "COUNCIL_TAX_MOVE", "CALL_BACK"}
    assert shipped | {"POTHOLE", "STREETLIGHT"} <= set(codes)
    assert all(codes[c]["metadata"] is False for c in shipped)
    assert codes["POTHOLE"]["metadata"] is True and codes["POTHOLE"]["service_name"] == "Report a pothole"
    for entry in listed:
        assert set(entry) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
        assert entry["group"] and entry["keywords"] and entry["type"] == "realtime"

    response = requests.get(reference_server.base_url + "services.xml", timeout=10)
    assert response.headers["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    xml_codes = {s.findtext("service_code"): s.findtext("metadata") for s in root.findall("service")}
    assert xml_codes["POTHOLE"] == "true" and xml_codes["MISSED_BIN"] == "false"
    assert len(xml_codes) == len(DEFAULT_SERVICES)


def test_service_definition_in_json_and_xml(reference_server: ReferenceServer) -> None:
    definition = requests.get(reference_server.base_url + "services/POTHOLE.json", timeout=10).json()
    assert definition["service_code"] == "POTHOLE"
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert [a["order"] for a in definition["attributes"]] == sorted(a["order"] for a in definition["attributes"])
    assert attributes["size"]["datatype"] == "singlevaluelist" and attributes["size"]["required"] is True
    assert len(attributes["size"]["values"]) == 3 and set(attributes["size"]["values"][0]) == {"key", "name"}
    assert attributes["hazards"]["datatype"] == "multivaluelist" and attributes["hazards"]["required"] is False
    assert {a["datatype"] for a in attributes.values()} >= {"string", "number", "datetime", "text"}
    assert any(a["variable"] is False for a in attributes.values())

    root = ET.fromstring(requests.get(reference_server.base_url + "services/STREETLIGHT.xml", timeout=10).content)
    assert root.tag == "service_definition" and root.findtext("service_code") == "STREETLIGHT"
    fault = root.find("attributes/attribute[code='fault']")
    assert fault is not None and fault.findtext("required") == "true"
    assert "out" in [v.findtext("key") for v in fault.findall("values/value")]

    missing = requests.get(reference_server.base_url + "services/NOPE.json", timeout=10)
    assert missing.status_code == 404 and "NOPE" in error_descriptions(missing)[0]
    missing_xml = requests.get(reference_server.base_url + "services/NOPE.xml", timeout=10)
    assert missing_xml.status_code == 404
    assert ET.fromstring(missing_xml.content).find("error/description") is not None


@pytest.mark.parametrize("path", ["services", "services.html", "requests", "tokens/x.csv", "nothing.json"])
def test_paths_without_a_known_format_or_endpoint_are_404(reference_server: ReferenceServer, path: str) -> None:
    response = requests.get(reference_server.base_url + path, timeout=10)
    assert response.status_code == 404
    error_descriptions(response)


def test_post_json_creates_a_case_with_a_string_id(reference_server: ReferenceServer) -> None:
    response = post(reference_server, MISSED_BIN)
    assert response.status_code == 200
    [answer] = response.json()
    assert answer["service_request_id"] == "SR-000001" and "token" not in answer
    assert answer["service_notice"] and "account_id" in answer
    [case] = reference_server.cases()
    assert case["service_request_id"] == "SR-000001" and case["kiosk_reference"] == "TST-ABC-DEFG"
    assert case["attributes"] == {"bin_type": "recycling", "kiosk_reference": "TST-ABC-DEFG"}
    assert (case["first_name"], case["email"], case["status"]) == ("Ottoline", "ottoline@example.org", "open")
    assert case["requested_datetime"].endswith("+00:00")


def test_post_xml_with_a_metadata_service_and_a_multivaluelist(reference_server: ReferenceServer) -> None:
    data = {**POTHOLE, "attribute[hazards][]": ["junction", "bus_stop"], "attribute[depth_cm]": "7"}
    response = post(reference_server, data, fmt="xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == "SR-000001" and root.find("request/token") is None
    [case] = reference_server.cases()
    assert case["attributes"]["hazards"] == ["junction", "bus_stop"] and (case["lat"], case["long"]) == (51.5, -0.12)


@pytest.mark.parametrize("api_key", [None, "", "wrong-key"])
def test_a_missing_or_unknown_api_key_is_403(reference_server: ReferenceServer, api_key: str | None) -> None:
    data = {k: v for k, v in MISSED_BIN.items() if k != "api_key"}
    if api_key is not None:
        data["api_key"] = api_key
    response = post(reference_server, data)
    assert response.status_code == 403 and "api_key" in error_descriptions(response)[0]
    assert reference_server.cases() == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"address_string": ""}, "location required"),
        ({"address_string": None, "lat": "51.5"}, "location required"),
        ({"service_code": "UNKNOWN"}, "'UNKNOWN' is not a service"),
        ({"service_code": None}, "service_code is required"),
        ({"jurisdiction_id": ""}, "jurisdiction_id is empty"),
        ({"description": "x" * 4001}, "description is longer than 4000"),
    ],
)
def test_invalid_posts_are_400_with_the_reason(reference_server: ReferenceServer, change: dict, expected: str) -> None:
    data = {k: v for k, v in {**MISSED_BIN, **change}.items() if v is not None}
    response = post(reference_server, data)
    assert response.status_code == 400
    assert any(expected in d for d in error_descriptions(response)), response.text
    assert reference_server.cases() == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"attribute[size]": None}, "attribute[size] is required"),
        ({"attribute[road_name]": "  "}, "attribute[road_name] is required"),
        ({"attribute[size]": "huge"}, "attribute[size]: 'huge' is not one of small, medium, large"),
        ({"attribute[hazards][]": ["junction", "lava"]}, "attribute[hazards]: 'lava'"),
        ({"attribute[depth_cm]": "deep"}, "attribute[depth_cm] must be a number"),
    ],
)
def test_attributes_of_a_metadata_service_are_checked(reference_server: ReferenceServer, change: dict, expected: str):
    data = {k: v for k, v in {**POTHOLE, **change}.items() if v is not None}
    response = post(reference_server, data, fmt="xml")
    assert response.status_code == 400
    descriptions = [e.findtext("description") for e in ET.fromstring(response.content).findall("error")]
    assert any(expected in (d or "") for d in descriptions), descriptions


def test_get_requests_by_id_and_by_list_never_shows_personal_fields(reference_server: ReferenceServer) -> None:
    first = post(reference_server, MISSED_BIN).json()[0]["service_request_id"]
    second = post(reference_server, POTHOLE).json()[0]["service_request_id"]
    base = reference_server.base_url
    [one] = requests.get(f"{base}requests/{first}.json?jurisdiction_id=anytown", timeout=10).json()
    assert one["service_request_id"] == first and one["status"] == "open"
    assert one["address"] == MISSED_BIN["address_string"] and one["service_name"] == "Report a missed bin collection"
    for field in ("first_name", "last_name", "email", "phone"):
        assert field not in one
    assert not {"Ottoline", "07700", "example.org"} & set(map(str, one.values()))

    listed = requests.get(f"{base}requests.json", params={"service_request_id": f"{second},{first},SR-999"}, timeout=10)
    assert [r["service_request_id"] for r in listed.json()] == [second, first]
    by_code = requests.get(f"{base}requests.json", params={"service_code": "POTHOLE"}, timeout=10).json()
    assert [r["service_request_id"] for r in by_code] == [second]

    reference_server.set_status(first, status="closed", status_notes="Collected on Tuesday")
    root = ET.fromstring(requests.get(f"{base}requests/{first}.xml", timeout=10).content)
    assert (
        root.findtext("request/status") == "closed" and root.findtext("request/status_notes") == "Collected on Tuesday"
    )
    closed = requests.get(f"{base}requests.json", params={"status": "closed"}, timeout=10).json()
    assert [r["service_request_id"] for r in closed] == [first]

    missing = requests.get(f"{base}requests/SR-999999.json", timeout=10)
    assert missing.status_code == 404 and error_descriptions(missing)


def test_a_repeated_idempotency_key_replays_the_first_answer(reference_server: ReferenceServer) -> None:
    first = post(reference_server, MISSED_BIN, key="key-1")
    again = post(reference_server, MISSED_BIN, fmt="xml", key="key-1")
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert ET.fromstring(again.content).findtext("request/service_request_id") == first.json()[0]["service_request_id"]
    assert len(reference_server.cases()) == 1 and reference_server.cases()[0]["idempotency_key"] == "key-1"
    assert reference_server.post_attempts() == {"key-1": 2}


def test_the_same_key_with_another_payload_is_422(reference_server: ReferenceServer) -> None:
    assert post(reference_server, MISSED_BIN, key="key-1").status_code == 200
    other = post(reference_server, {**MISSED_BIN, "description": "Something else"}, key="key-1")
    assert other.status_code == 422 and "Idempotency-Key" in error_descriptions(other)[0]
    # The api key is not part of the payload.
    reference_server.stop()
    with ReferenceServer(db_path=reference_server.db_path, api_keys={"other-key"}) as restarted:
        assert post(restarted, {**MISSED_BIN, "api_key": "other-key"}, key="key-1").status_code == 200
        assert len(restarted.cases()) == 1


def test_the_same_key_while_the_first_is_in_flight_is_409(reference_server: ReferenceServer) -> None:
    reference_server.faults.latency_seconds = 0.4
    answers: list[requests.Response] = []
    first = threading.Thread(target=lambda: answers.append(post(reference_server, MISSED_BIN, key="key-1")))
    first.start()
    time.sleep(0.15)
    second = post(reference_server, MISSED_BIN, key="key-1")
    first.join()
    assert second.status_code == 409 and error_descriptions(second)
    assert answers[0].status_code == 200 and len(reference_server.cases()) == 1
    assert reference_server.post_attempts() == {"key-1": 2}


def test_error_answers_are_not_stored_so_a_retry_is_processed_afresh(reference_server: ReferenceServer) -> None:
    no_location = {k: v for k, v in MISSED_BIN.items() if k != "address_string"}
    assert post(reference_server, no_location, key="key-1").status_code == 400
    assert post(reference_server, {**no_location, "api_key": "bad"}, key="key-2").status_code == 403
    assert post(reference_server, MISSED_BIN, key="key-1").status_code == 200
    assert post(reference_server, MISSED_BIN, key="key-2").status_code == 200
    assert reference_server.post_attempts() == {"key-1": 2, "key-2": 2} and len(reference_server.cases()) == 2


def test_keep_alive_connections_are_reused(reference_server: ReferenceServer) -> None:
    with requests.Session() as session:
        started = time.perf_counter()
        for number in range(200):
            response = session.post(reference_server.base_url + "requests.json", data=MISSED_BIN, timeout=10,
                                    headers={"Idempotency-Key": f"key-{number}"})  # fmt: skip
            assert response.status_code == 200 and response.raw.version == 11
        elapsed = time.perf_counter() - started
    assert len(reference_server.cases()) == 200
    assert elapsed < 5, f"200 POSTs took {elapsed:.2f} s"
