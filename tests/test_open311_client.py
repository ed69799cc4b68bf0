"""The Open311 client against a real HTTP server on 127.0.0.1 that answers from a per-test script.

The canned server is in ``canned_server``; TLS and proxies are tested in ``test_open311_client_tls``.
"""

# ruff: noqa: F811 - fixtures imported from canned_server are used as arguments
from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from canned_server import (  # noqa: F401 - pytest fixtures are imported by name
    HTML,
    JSON,
    TEXT,
    UUID,
    XML,
    Reply,
    _no_proxies,
    case,
    make_client,
    server,
    start_server,
)

from sync.case_api import (
    Accepted,
    CaseStatus,
    CatalogueError,
    Misconfigured,
    NotFound,
    Pending,
    Rejected,
    ServiceSummary,
    Transient,
)

# ---------------------------------------------------------------------------------------------
# Submitting


def test_a_case_is_posted_as_the_exact_form_body_and_accepted_with_its_id(server, make_client) -> None:
    server.script(Reply(201, '[{"service_request_id": 638344, "service_notice": "  Thanks  "}]'))
    description = "<p>Bin <b>not</b> emptied</p> < 5 m > from the gate " + "x" * 5000
    submission = case(
        attributes={"bins": ["general", "recycling"], "assisted": True, "urgent": False, "count": 3, "weight": 2.5},
        first_name="Ada",
        last_name="Lovelace",
        email="ada@example.org",
        phone="",
        description=description,
    )
    outcome = make_client(server.url).submit(submission)
    assert outcome == Accepted(remote_id="638344", service_notice="Thanks")
    [received] = server.received
    assert (received.method, received.path) == ("POST", "/open311/requests.json")
    assert received.headers["content-type"] == "application/x-www-form-urlencoded; charset=utf-8"
    assert received.headers["idempotency-key"] == UUID
    assert received.headers["user-agent"] == "council-kiosk"
    expected_description = ("Bin not emptied < 5 m > from the gate " + "x" * 5000)[:4000]
    assert received.form == [
        ("api_key", "SECRET-KEY"), ("service_code", "BIN"), ("address_string", "1 High Street"),
        ("email", "ada@example.org"), ("first_name", "Ada"), ("last_name", "Lovelace"),
        ("description", expected_description),
        ("attribute[bins][]", "general"), ("attribute[bins][]", "recycling"), ("attribute[assisted]", "true"),
        ("attribute[urgent]", "false"), ("attribute[count]", "3"), ("attribute[weight]", "2.5"),
        ("attribute[kiosk_reference]", "TST-ABC-DEFG"),
    ]  # fmt: skip
    assert b"attribute%5Bbins%5D%5B%5D=general" in received.body


def test_jurisdiction_reference_attribute_and_default_location(server, make_client) -> None:
    server.script(*[Reply(200, '[{"service_request_id": "SRQ-1"}]')] * 3)
    kiosk = {"lat": 51.4545, "long": -2.5879, "address_string": "Central Library"}
    client = make_client(server.url + "/", jurisdiction_id="testshire.gov.uk", reference_attribute="fms_id",
                         default_location=kiosk)  # fmt: skip
    no_place = case(address_string=None, attributes={"fms_id": "spoofed", "note": "Ünïcödé & = ?"})
    assert client.submit(no_place) == Accepted(remote_id="SRQ-1")
    assert client.submit(case(lat=51.5, long=-0.1)) == Accepted(remote_id="SRQ-1")
    assert client.submit(case(address_id="UPRN-1")) == Accepted(remote_id="SRQ-1")
    first, second, third = (received.form for received in server.received)
    assert first == [
        ("api_key", "SECRET-KEY"), ("jurisdiction_id", "testshire.gov.uk"), ("service_code", "BIN"),
        ("lat", "51.4545"), ("long", "-2.5879"), ("address_string", "Central Library"),
        ("attribute[note]", "Ünïcödé & = ?"), ("attribute[fms_id]", "TST-ABC-DEFG"),
    ]  # fmt: skip
    place = [("lat", "51.5"), ("long", "-0.1"), ("address_string", "1 High Street")]
    assert [pair for pair in second if pair[0] in ("lat", "long", "address_string")] == place
    assert ("address_id", "UPRN-1") in third and ("lat", "51.4545") not in third
    assert all(received.path == "/open311/requests.json" for received in server.received)


def test_the_idempotency_key_is_the_same_on_every_attempt(server, make_client) -> None:
    server.script(Reply(503, "busy", TEXT), Reply(201, '[{"token": "T-9"}]'))
    client = make_client(server.url)
    assert isinstance(client.submit(case()), Transient)
    assert client.submit(case()) == Accepted(token="T-9")
    assert [received.headers["idempotency-key"] for received in server.received] == [UUID, UUID]
    assert server.received[0].body == server.received[1].body


@pytest.mark.parametrize(
    ("fmt", "reply", "expected"),
    [
        ("json", Reply(200, '[{"token": "  abc-123 "}]'), Accepted(token="abc-123")),
        ("json", Reply(200, '{"service_request_id": "SRQ-0123-4567"}'), Accepted(remote_id="SRQ-0123-4567")),
        (
            "xml",
            Reply(200, "<?xml version='1.0'?><service_requests><request><service_request_id> 42 </service_request_id>"
                  "<service_notice>Within 3 days</service_notice></request></service_requests>", XML),
            Accepted(remote_id="42", service_notice="Within 3 days"),
        ),
        ("xml", Reply(200, "<service_requests><request><token>tok</token></request></service_requests>", XML),
         Accepted(token="tok")),
        ("json", Reply(200, "<service_requests><request><token>t</token></request></service_requests>", JSON),
         Accepted(token="t")),
        ("xml", Reply(200, '[{"service_request_id": "7"}]', XML), Accepted(remote_id="7")),
    ],
)  # fmt: skip
def test_json_and_xml_answers_with_an_id_or_a_token_are_accepted(server, make_client, fmt, reply, expected) -> None:
    server.script(reply)
    assert make_client(server.url, format=fmt).submit(case()) == expected
    assert server.received[0].path == f"/open311/requests.{fmt}"


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(200, '[{"code": 500, "description": "Confirm is down"}]'), "200 with errors: Confirm is down"),
        (Reply(200, '[{"service_request_id": "  ", "token": ""}]'), "without a case id or token"),
        (Reply(200, "[]"), "without a case id or token"),
        (Reply(201, ""), "empty body"),
        (Reply(200, "<html><body>Welcome to the portal</body></html>", HTML), "a web page"),
        (Reply(200, '[{"service_request_id": ', JSON), "could not be read"),
        (Reply(502, "<!DOCTYPE html><html><h1>502 Bad Gateway</h1></html>", HTML), "answered 502"),
        (Reply(500, "Internal Server Error", TEXT), "answered 500"),
        (Reply(429, "slow down", TEXT), "answered 429"),
        (Reply(409, '[{"code": 409, "description": "request in progress"}]'), "409: request in progress"),
        (Reply(408, ""), "answered 408"),
    ],
)
def test_anything_that_is_not_a_case_is_transient(server, make_client, reply, words) -> None:
    server.script(reply)
    outcome = make_client(server.url).submit(case(first_name="Ada"))
    assert isinstance(outcome, Transient) and words in outcome.reason
    assert "SECRET-KEY" not in outcome.reason and "Ada" not in outcome.reason
    assert outcome.retry_after is None


def test_retry_after_in_seconds_and_as_an_http_date(server, make_client) -> None:
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    server.script(
        Reply(503, "maintenance", TEXT, {"Retry-After": "7"}),
        Reply(503, "maintenance", TEXT, {"Retry-After": soon}),
        Reply(429, "", TEXT, {"Retry-After": "soon"}),
    )
    client = make_client(server.url)
    assert client.submit(case()) == Transient("the case API answered 503", 7.0)
    later = client.submit(case())
    assert isinstance(later, Transient) and 25 < later.retry_after <= 30
    assert client.submit(case()) == Transient("the case API answered 429", None)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(400, '[{"code": 400, "description": "service_code not found"}, {"code": "400", '
                    '"description": " location required "}]'), "400: service_code not found; location required"),
        (Reply(400, "<?xml version='1.0' encoding='utf-8'?><errors><error><code>400</code><description>service_code"
                    " not found</description></error><error><code>400</code><description>location required"
                    "</description></error></errors>", XML), "400: service_code not found; location required"),
        (Reply(400, "<html><head><style>p{}</style></head><body><h1>Bad request</h1><p>The form &amp; its"
                    " fields were <b>invalid</b></p></body></html>", HTML),
         "400: Bad request The form & its fields were invalid"),
        (Reply(422, '{"errors": [{"code": "422", "description": "key reused with another payload"}]}'),
         "422: key reused with another payload"),
        (Reply(400, ""), "400: the case API gave no reason"),
        (Reply(400, "x" * 2000, TEXT), "400: " + "x" * 499 + "\u2026"),
    ],
)  # fmt: skip
def test_validation_errors_are_rejected_with_the_servers_words(server, make_client, reply, reason) -> None:
    server.script(reply)
    assert make_client(server.url).submit(case()) == Rejected(reason)


def test_refused_keys_and_unknown_endpoints_are_misconfigured(server, make_client) -> None:
    server.script(
        Reply(403, '[{"code": 403, "description": "Invalid api_key"}]'),
        Reply(401, "<errors><error><code>401</code><description>no key</description></error></errors>", XML),
        Reply(404, "<html>Not Found</html>", HTML),
        Reply(405, ""),
        Reply(301, "", headers={"Location": "https://new.example/open311/requests.json"}),
    )
    client = make_client(server.url)
    url = server.url + "/requests.json"
    assert client.submit(case()) == Misconfigured("the case API refused the API key (403): Invalid api_key")
    assert client.submit(case()) == Misconfigured("the case API refused the API key (401): no key")
    assert client.submit(case()) == Misconfigured(
        f"the case API has no such endpoint {url} (404: Not Found); check case_api.base_url"
    )
    assert url in client.submit(case()).reason
    moved = client.submit(case())
    assert isinstance(moved, Misconfigured) and "https://new.example/open311/requests.json" in moved.reason
    assert len(server.received) == 5
    server.script(Reply(404, ""))
    hidden = make_client(server.url.replace("127.0.0.1", "kiosk:s3cret@127.0.0.1")).submit(case())
    assert isinstance(hidden, Misconfigured) and "s3cret" not in hidden.reason and "127.0.0.1" in hidden.reason


def test_a_missing_api_key_is_misconfigured_without_a_request(server, make_client) -> None:
    for key in ("", "  "):
        assert make_client(server.url, api_key=key).submit(case()) == Misconfigured(
            "no API key is set for the case API"
        )
    assert server.received == []


def test_timeouts_dropped_and_refused_connections_are_transient(server, make_client) -> None:
    server.script(Reply(200, '[{"service_request_id": "1"}]', sleep=1.0), Reply(drop=True))
    client = make_client(server.url, read_timeout=0.2)
    started = time.monotonic()
    assert client.submit(case()) == Transient("the case API did not answer within 0.2 s")
    assert time.monotonic() - started < 0.8
    assert client.submit(case()) == Transient("could not reach the case API (connection dropped)")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    refused = make_client(f"http://127.0.0.1:{port}/").submit(case())
    assert refused == Transient("could not reach the case API (connection refused)")


def test_submissions_reuse_one_pooled_connection_and_log_no_personal_data(server, make_client, caplog) -> None:
    server.script(*[Reply(201, '[{"service_request_id": "1"}]')] * 50)
    client = make_client(server.url)
    with caplog.at_level("INFO", logger="sync.case_api.open311"):
        outcomes = [client.submit(case(first_name="Ada", email="ada@example.org")) for _ in range(50)]
    assert set(outcomes) == {Accepted(remote_id="1")}
    assert len({received.port for received in server.received}) == 1
    assert caplog.messages[0] == "case TST-ABC-DEFG: status 201, Accepted"
    assert not any(word in caplog.text for word in ("Ada", "ada@", "SECRET-KEY", "High Street"))


# ---------------------------------------------------------------------------------------------
# Tokens and status


def test_a_token_is_pending_until_the_server_has_a_case_id(server, make_client) -> None:
    server.script(
        Reply(404, '[{"code": 404, "description": "not yet"}]'),
        Reply(200, '[{"token": "abc/1", "service_request_id": "  "}]'),
        Reply(200, "<service_requests><request><service_request_id>SR-9</service_request_id></request>"
                   "</service_requests>", XML),
        Reply(403, "bad key", TEXT),
        Reply(500, "", TEXT),
    )  # fmt: skip
    client = make_client(server.url, jurisdiction_id="ts")
    assert client.resolve_token("abc/1") == Pending()
    assert client.resolve_token("abc/1") == Pending()
    assert client.resolve_token("abc/1") == Accepted(remote_id="SR-9")
    assert client.resolve_token("abc/1") == Misconfigured("the case API refused the API key (403): bad key")
    assert isinstance(client.resolve_token("abc/1"), Transient)
    assert {(r.method, r.path) for r in server.received} == {("GET", "/open311/tokens/abc%2F1.json?jurisdiction_id=ts")}
    assert "idempotency-key" not in server.received[0].headers and server.received[0].body == b""


def test_case_status_over_http_in_both_formats(server, make_client) -> None:
    server.script(
        Reply(200, '[{"service_request_id": " SR-7 ", "status": " open ", "status_notes": "  Crew booked\\n ",'
                   ' "requested_datetime": " 2026-11-21T10:00:00+01:00 ", "expected_datetime": "soon"}]'),
        Reply(200, "<service_requests><request><service_request_id>SR-7</service_request_id><status> closed "
                   "</status><updated_datetime>2026-11-22T08:00:00Z</updated_datetime></request></service_requests>",
              XML),
    )  # fmt: skip
    assert make_client(server.url).case_status("SR-7") == CaseStatus(
        "SR-7", "open", "Crew booked", requested_datetime=datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    )
    closed = make_client(server.url, format="xml").case_status("SR-7")
    assert closed == CaseStatus("SR-7", "closed", updated_datetime=datetime(2026, 11, 22, 8, 0, tzinfo=UTC))
    assert [r.path for r in server.received] == ["/open311/requests/SR-7.json", "/open311/requests/SR-7.xml"]


def test_case_status_not_found_refused_and_failing(server, make_client) -> None:
    server.script(Reply(404, ""), Reply(200, "[]"), Reply(401, ""), Reply(503, "", headers={"Retry-After": "2"}))
    client = make_client(server.url)
    assert client.case_status("SR 1") == NotFound("the case API does not know case SR 1")
    assert isinstance(client.case_status("SR-1"), NotFound)
    assert client.case_status("SR-1") == Misconfigured("the case API refused the API key (401)")
    assert client.case_status("SR-1") == Transient("the case API answered 503", 2.0)
    assert server.received[0].path == "/open311/requests/SR%201.json"


# ---------------------------------------------------------------------------------------------
# The service catalogue


def test_services_and_definitions_over_http_in_both_formats(server, make_client) -> None:
    server.script(
        Reply(200, "<services><service><service_code> BIN </service_code><service_name>Missed bin</service_name>"
                   "<metadata>true</metadata><keywords>bin, waste</keywords></service></services>", XML),
        Reply(200, '{"service_code": "BIN", "attributes": [{"variable": "true", "code": " bin_type ",'
                   ' "required": "false", "order": "2", "values": [{"key": 1, "name": " One "}]}]}'),
    )  # fmt: skip
    client = make_client(server.url, format="xml", jurisdiction_id="ts")
    assert client.services() == [ServiceSummary("BIN", "Missed bin", metadata=True, keywords=("bin", "waste"))]
    attribute = {"variable": True, "code": "bin_type", "datatype": "string", "required": False, "order": 2,
                 "datatype_description": "", "description": "", "values": [{"key": "1", "name": "One"}]}  # fmt: skip
    assert client.service_definition("BIN/1") == {"service_code": "BIN", "attributes": [attribute]}
    paths = ["/open311/services.xml?jurisdiction_id=ts", "/open311/services/BIN%2F1.xml?jurisdiction_id=ts"]
    assert [r.path for r in server.received] == paths


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(500, "oops", TEXT), "answered 500: oops"),
        (Reply(403, '[{"code": 403, "description": "Invalid api_key"}]'), "answered 403: Invalid api_key"),
        (Reply(200, "<html><body>Log in</body></html>", HTML), "a web page"),
        (Reply(200, '[{"code": 404, "description": "jurisdiction unknown"}]'), "errors: jurisdiction unknown"),
        (Reply(200, "<services><service>", XML), "could not be read"),
        (Reply(drop=True), "connection dropped"),
    ],
)
def test_catalogue_failures_raise_catalogue_error(server, make_client, reply, words) -> None:
    server.script(reply)
    with pytest.raises(CatalogueError, match="could not read the service list") as raised:
        make_client(server.url).services()
    assert words in str(raised.value) and server.url in str(raised.value)


def test_a_definition_answer_without_a_definition_is_a_catalogue_error(server, make_client) -> None:
    server.script(Reply(200, '[{"service_code": "A", "service_name": "A"}]'.replace("service_code", "x")))
    with pytest.raises(CatalogueError, match="no service definition"):
        make_client(server.url).service_definition("A")
