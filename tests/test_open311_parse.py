"""The Open311 client without a network: parsing answers, dates, Retry-After, form values, URLs, imports."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from helpers import ROOT

from sync.case_api.base import CaseStatus, NotFound, ServiceSummary
from sync.case_api.http import is_loopback, normalise_base_url, parse_retry_after
from sync.case_api.open311 import Open311Client
from sync.case_api.open311_encode import build_form_pairs, clean_description, encode_form, form_value, strip_html
from sync.case_api.open311_parse import (
    Answer,
    ServerError,
    bool_value,
    case_status_from,
    first_field,
    int_value,
    keywords,
    normalise_definition,
    parse_answer,
    parse_datetime,
    readable_text,
    service_summary,
    sniff,
)
from sync.case_api.registry import CASE_API_KINDS, build_client

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("Sun, 22 Nov 2026 12:00:30 GMT", 30.0),
        ("Sunday, 22-Nov-26 12:01:00 GMT", 60.0),
        ("Sun, 22 Nov 2026 11:00:00 GMT", 0.0),
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("inf", None),
        ("nan", None),
    ],
)
def test_retry_after(value, seconds) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T09:15:00Z", datetime(2026, 11, 20, 9, 15, tzinfo=UTC)),
        (" 2026-11-20T09:15:00-05:00\n", datetime(2026, 11, 20, 9, 15, tzinfo=timezone(timedelta(hours=-5)))),
        ("2026-11-20T09:15:00.1234567+0000", datetime(2026, 11, 20, 9, 15, 0, 123456, tzinfo=UTC)),
        ("2026-11-20T09:15:00", None),  # no timezone: not trusted
        ("2026-11-20", None),
        ("next Tuesday", None),
        ("", None),
        (None, None),
        (12345, None),
    ],
)
def test_datetimes_need_a_timezone(text, expected) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ('  [{"a": 1}]', "json"),
        ("\ufeff{}", "json"),
        ("<?xml version='1.0'?><errors/>", "xml"),
        ("<service_requests/>", "xml"),
        ("<!DOCTYPE html><html></html>", "html"),
        ("\n<HTML><body>x</body></HTML>", "html"),
        ("Internal Server Error", "text"),
        (" \r\n", "empty"),
    ],
)
def test_sniffing(body, kind) -> None:
    assert sniff(body) == kind


def test_json_and_xml_error_lists_give_the_same_errors() -> None:
    expected = [ServerError("400", "service_code not found"), ServerError("400", "location required")]
    json_body = b'[{"code": 400, "description": " service_code not found"}, '
    json_body += b'{"code": "400", "description": "location required"}]'
    xml_body = (
        b"<?xml version='1.0' encoding='utf-8'?>\n<errors><error><code>400</code><description>service_code not found"
        b"</description></error><error><code> 400 </code><description>location required</description></error></errors>"
    )
    for body in (json_body, xml_body, b'{"errors": ' + json_body + b"}"):
        answer = parse_answer(body)
        assert answer.kind == "errors" and answer.errors == expected
        assert answer.server_words() == "service_code not found; location required"
    assert parse_answer(b'{"code": 403, "description": "bad key"}').errors == [ServerError("403", "bad key")]
    assert parse_answer(b'[{"code": 500}]').server_words() == ""
    assert parse_answer(b'[{"code": 500, "description": ""}]').server_words() == "500"


def test_records_in_wrappers_namespaces_and_encodings() -> None:
    record = {"service_request_id": "1", "token": ""}
    assert parse_answer(b'{"service_requests": [{"service_request_id": "1", "token": ""}]}').records == [record]
    assert parse_answer(b'{"service_requests": {"request": {"service_request_id": "1", "token": ""}}}').records == [
        record
    ]
    xml = b'<ns:service_requests xmlns:ns="urn:x"><ns:request><ns:service_request_id>1</ns:service_request_id>'
    xml += b"<ns:token/></ns:request></ns:service_requests>"
    assert parse_answer(xml).records == [record]
    latin = '[{"service_notice": "Caf\u00e9"}]'.encode("latin-1")
    assert first_field(parse_answer(latin, "iso-8859-1").records, "service_notice") == "Caf\u00e9"
    assert parse_answer("\ufeff[]".encode()).kind == "records"
    assert parse_answer(b"[1, 2]") == Answer("records", records=[])


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<service_requests><request><token>&lol2;</token></request></service_requests>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><errors>&e;</errors>',
        b"<service_requests><request>",
        b'{"service_request_id": ',
        b"[" * 100_000,
        b'"just a string"',
        b"\xff\xfe\x00garbage<",
    ],
)
def test_hostile_or_broken_bodies_are_unparseable_never_an_exception(body) -> None:
    answer = parse_answer(body)
    assert answer.kind in ("unparseable", "text")
    assert not answer.records


def test_readable_text_drops_markup_scripts_and_long_tails() -> None:
    page = "<html><head><title>T</title><script>var key='x'</script></head><body><h1>Bad&nbsp;Gateway</h1>\n\n"
    page += "<p>nginx</p></body></html>"
    assert readable_text(page) == "Bad Gateway nginx"
    assert readable_text("a  b\n c") == "a b c"
    assert len(readable_text("word " * 500)) == 500


def test_description_html_is_stripped_but_the_residents_words_are_kept() -> None:
    text = "<p>Bin</p><!-- x --><SCRIPT src=x></SCRIPT> at 5 < 6 and a<b, x > y <3 <br/>done<unknown>"
    assert strip_html(text) == "Bin at 5 < 6 and a<b, x > y <3 done<unknown>"
    assert clean_description("é" * 5000) == "é" * 4000


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (3, "3"),
        (2.5, "2.5"),
        (3.0, "3"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (-2.5879, "-2.5879"),
        (Decimal("1.10"), "1.10"),
        ("  kept  ", "  kept  "),
    ],
)
def test_form_values_are_plain_text(value, text) -> None:
    assert form_value(value) == text


def test_form_pairs_skip_blank_values_and_keep_order() -> None:
    payload = {
        "service_code": "S",
        "lat": 0.0,
        "long": 0.0,
        "email": None,
        "phone": "",
        "attributes": {"a": None, "b": [], "c": "", "d": ["x", None, "y"], "e": 0, "f": False},
    }
    pairs = build_form_pairs(payload, api_key="k", reference_attribute="ref", reference="R-1")
    assert pairs == [
        ("api_key", "k"),
        ("service_code", "S"),
        ("lat", "0"),
        ("long", "0"),
        ("attribute[d][]", "x"),
        ("attribute[d][]", "y"),
        ("attribute[e]", "0"),
        ("attribute[f]", "false"),
        ("attribute[ref]", "R-1"),
    ]
    assert encode_form([("attribute[a b]", "é&=")]) == b"attribute%5Ba+b%5D=%C3%A9%26%3D"
    only_lat = build_form_pairs(
        {"service_code": "S", "lat": 1}, api_key="k", default_location={"address_string": "Hall"}
    )
    assert only_lat[-1] == ("address_string", "Hall")


def test_small_normalisers() -> None:
    assert [bool_value(v) for v in ("true", " TRUE ", "1", "false", "", None, 1, 0, True)] == [
        True, True, True, False, False, False, True, False, True,
    ]  # fmt: skip
    assert bool_value(None, default=True) and bool_value("", default=True)
    assert [int_value(v) for v in ("3", " 4 ", "5.0", "x", None, 6, True)] == [3, 4, 5, 0, 0, 6, 0]
    assert keywords(["a ", " ", "b"]) == ("a", "b") and keywords("x,, y ") == ("x", "y") and keywords(None) == ()


def test_a_definition_with_single_value_and_no_attributes() -> None:
    xml = b"<service_definition><service_code>S</service_code><attributes><attribute><code>c</code><values>"
    xml += b"<value><key>k</key></value></values></attribute></attributes></service_definition>"
    definition = normalise_definition(parse_answer(xml).records, "S")
    assert definition["attributes"][0]["values"] == [{"key": "k", "name": "k"}]
    empty = normalise_definition(parse_answer(b'{"service_code": "S"}').records, "ignored")
    assert empty == {"service_code": "S", "attributes": []}
    assert normalise_definition(parse_answer(b'{"attributes": []}').records, "T") == {
        "service_code": "T",
        "attributes": [],
    }
    assert normalise_definition(parse_answer(b"[]").records, "T") is None


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("https://x.example", "https://x.example/"),
        (" https://x.example/a/b/ ", "https://x.example/a/b/"),
        ("http://127.0.0.1:8080/v2", "http://127.0.0.1:8080/v2/"),
    ],
)
def test_base_url_normalisation(url, normalised) -> None:
    assert normalise_base_url(url) == normalised


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://cases.example/", "https://x.example/?a=1", "https://x/#f"])
def test_base_url_refusals(url) -> None:
    with pytest.raises(ValueError):
        normalise_base_url(url)


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("localhost", "LOCALHOST", "127.0.0.1", "127.9.9.9", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("10.0.0.1", "localhost.example", "example.org", "::2"))


STATUS_JSON = """[{"service_request_id": " SR-7 ", "status": " open ", "status_notes": "  Crew booked\\n ",
 "service_name": "Missed bin ", "agency_responsible": "", "requested_datetime": "2026-11-20T09:15:00Z",
 "updated_datetime": " 2026-11-21T10:00:00+01:00 ", "expected_datetime": "next Tuesday"}]"""
STATUS_XML = """<?xml version="1.0" encoding="UTF-8"?><service_requests><request>
 <service_request_id> SR-7 </service_request_id><status> open </status><status_notes>  Crew booked
 </status_notes><service_name>Missed bin </service_name><agency_responsible/>
 <requested_datetime>2026-11-20T09:15:00Z</requested_datetime>
 <updated_datetime> 2026-11-21T10:00:00+01:00 </updated_datetime><expected_datetime>next Tuesday</expected_datetime>
</request></service_requests>"""


@pytest.mark.parametrize("body", [STATUS_JSON, STATUS_XML], ids=["json", "xml"])
def test_case_status_is_parsed_and_stripped(body) -> None:
    status = case_status_from(parse_answer(body.encode()).records, "SR-7")
    assert status == CaseStatus(
        remote_id="SR-7",
        status="open",
        status_notes="Crew booked",
        service_name="Missed bin",
        requested_datetime=datetime(2026, 11, 20, 9, 15, tzinfo=UTC),
        updated_datetime=datetime(2026, 11, 21, 9, 0, tzinfo=UTC),
    )
    assert status.updated_datetime.utcoffset() == timedelta(hours=1)
    two = parse_answer(b'[{"service_request_id": "A"}, {"service_request_id": "B", "status": "closed"}]').records
    assert case_status_from(two, "B") == CaseStatus("B", "closed")
    assert isinstance(case_status_from([], "B"), NotFound)


SERVICES_JSON = """[{"service_code": " BIN ", "service_name": "Missed bin", "description": " Tell us ",
 "metadata": true, "type": "realtime", "keywords": "bin, waste", "group": " Waste "},
 {"service_code": "FLY", "service_name": "Fly-tipping", "metadata": "false", "type": "Batch"},
 {"service_name": "no code"}]"""
SERVICES_XML = """<?xml version="1.0"?><services><service><service_code> BIN </service_code>
 <service_name>Missed bin</service_name><description> Tell us </description><metadata>true</metadata>
 <type>realtime</type><keywords>bin, waste</keywords><group> Waste </group></service>
 <service><service_code>FLY</service_code><service_name>Fly-tipping</service_name><metadata>false</metadata>
 <type>Batch</type><keywords/></service><service><service_name>no code</service_name></service></services>"""
DEFINITION_JSON = """{"service_code": " BIN ", "attributes": [
 {"variable": "false", "code": "intro", "datatype": "text", "required": false, "order": 1,
  "description": " Bins go out by 7am "},
 {"variable": true, "code": " bin_type ", "datatype": "multivaluelist", "required": "true",
  "datatype_description": " Pick all ", "order": "2", "description": "Which bins?",
  "values": [{"key": " general ", "name": " General waste "}, {"key": 2, "name": "Recycling"}]},
 {"code": "when"}]}"""
DEFINITION_XML = """<service_definition><service_code> BIN </service_code><attributes>
 <attribute><variable>false</variable><code>intro</code><datatype>text</datatype><required>false</required>
  <order>1</order><description> Bins go out by 7am </description></attribute>
 <attribute><variable>true</variable><code> bin_type </code><datatype>multivaluelist</datatype>
  <required>true</required><datatype_description> Pick all </datatype_description><order>2</order>
  <description>Which bins?</description><values><value><key> general </key><name> General waste </name></value>
  <value><key>2</key><name>Recycling</name></value></values></attribute>
 <attribute><code>when</code></attribute></attributes></service_definition>"""
NORMALISED = {
    "service_code": "BIN",
    "attributes": [
        {"variable": False, "code": "intro", "datatype": "text", "required": False, "datatype_description": "",
         "order": 1, "description": "Bins go out by 7am", "values": []},
        {"variable": True, "code": "bin_type", "datatype": "multivaluelist", "required": True,
         "datatype_description": "Pick all", "order": 2, "description": "Which bins?",
         "values": [{"key": "general", "name": "General waste"}, {"key": "2", "name": "Recycling"}]},
        {"variable": True, "code": "when", "datatype": "string", "required": False, "datatype_description": "",
         "order": 0, "description": "", "values": []},
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("services", "definition"), [(SERVICES_JSON, DEFINITION_JSON), (SERVICES_XML, DEFINITION_XML)], ids=["json", "xml"]
)
def test_services_and_definitions_are_normalised(services, definition) -> None:
    summaries = [service_summary(record) for record in parse_answer(services.encode()).records]
    assert summaries == [
        ServiceSummary("BIN", "Missed bin", "Tell us", True, "realtime", ("bin", "waste"), "Waste"),
        ServiceSummary("FLY", "Fly-tipping", "", False, "batch", (), ""),
        None,
    ]
    assert normalise_definition(parse_answer(definition.encode()).records, "ignored") == NORMALISED


@pytest.mark.parametrize("url", ["http://cases.council.example/open311", "ftp://127.0.0.1/", "https:///x", ""])
def test_plain_http_is_refused_except_on_loopback(url: str) -> None:
    with pytest.raises(ValueError):
        Open311Client(url, api_key="k")


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://cases.example/open311", "https://cases.example/open311/requests.xml"),
     ("https://cases.example/open311/", "https://cases.example/open311/requests.xml"),
     ("http://localhost:8080", "http://localhost:8080/requests.xml"), ("http://[::1]:81/a", "http://[::1]:81/a/requests.xml")],
)  # fmt: skip
def test_base_urls_are_joined_once(url: str, expected: str) -> None:
    with build_client("open311", base_url=url, api_key="k", format="xml") as client:
        assert client.requests_url == expected
    assert {"open311": Open311Client} == CASE_API_KINDS
    with pytest.raises(ValueError, match="unknown case API kind"):
        build_client("soap", base_url=url)


def test_the_client_imports_neither_qt_nor_the_kiosk() -> None:
    code = (
        "import sys, sync.case_api.registry, sync.case_api.open311_parse, sync.case_api.http\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('kiosk', 'PySide6', 'shiboken6')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
