"""The Open311 reference server's faults, restarts, admin endpoints and command line, over real HTTP."""

# ruff: noqa: F811 - test functions take the imported ``reference_server`` fixture as an argument

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests
from helpers import ROOT
from reference_server_fixture import MISSED_BIN, error_descriptions, post, reference_server  # noqa: F401

from sync.reference_server import FaultError, Faults, ReferenceServer


def test_token_only_answers_resolve_after_the_delay(reference_server: ReferenceServer) -> None:
    reference_server.faults.update(token_only=True, token_delay_seconds=0.2)
    [answer] = post(reference_server, MISSED_BIN, key="key-1").json()
    assert answer["token"] and "service_request_id" not in answer
    base = reference_server.base_url
    assert requests.get(f"{base}tokens/{answer['token']}.json", timeout=10).status_code == 404
    [case] = reference_server.cases()
    assert requests.get(f"{base}requests/{case['service_request_id']}.json", timeout=10).status_code == 404
    deadline = time.monotonic() + 5
    while (found := requests.get(f"{base}tokens/{answer['token']}.xml", timeout=10)).status_code == 404:
        assert time.monotonic() < deadline, "the token never resolved"
        time.sleep(0.05)
    request = ET.fromstring(found.content).find("request")
    assert request is not None and request.findtext("service_request_id") == case["service_request_id"]
    assert request.findtext("token") == answer["token"] == case["token"]
    assert requests.get(f"{base}requests/{case['service_request_id']}.json", timeout=10).status_code == 200
    assert requests.get(f"{base}tokens/unknown.json", timeout=10).status_code == 404


def test_drop_after_commit_loses_the_answer_and_a_retry_replays_it(reference_server: ReferenceServer) -> None:
    reference_server.faults.drop_after_commit_rate = 1.0
    with pytest.raises(requests.ConnectionError):
        post(reference_server, MISSED_BIN, key="key-1")
    [case] = reference_server.cases()
    reference_server.faults.reset()
    retry = post(reference_server, MISSED_BIN, key="key-1")
    assert retry.status_code == 200 and retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json()[0]["service_request_id"] == case["service_request_id"]
    assert len(reference_server.cases()) == 1 and reference_server.post_attempts() == {"key-1": 2}


@pytest.mark.parametrize(("body", "content_type"), [("json", "application/json"), ("html", "text/html"),
                                                    ("text", "text/plain")])  # fmt: skip
def test_error_rate_answers_before_doing_anything(reference_server: ReferenceServer, body: str, content_type: str):
    reference_server.faults.update(error_rate=1.0, error_status=503, error_body=body, retry_after=2.5)
    response = post(reference_server, MISSED_BIN, key="key-1")
    assert response.status_code == 503 and response.headers["Retry-After"] == "3"
    assert response.headers["Content-Type"].startswith(content_type)
    if body == "json":
        assert error_descriptions(response)
    else:
        with pytest.raises(ValueError):
            response.json()
    assert requests.get(reference_server.base_url + "services.json", timeout=10).status_code == 503
    assert reference_server.cases() == [] and reference_server.post_attempts() == {"key-1": 1}


def test_error_rate_draws_are_seeded(tmp_path: Path) -> None:
    def statuses() -> list[int]:
        with ReferenceServer(seed=7) as server:
            server.faults.update(error_rate=0.5, error_status=500)
            return [requests.get(server.base_url + "services.json", timeout=10).status_code for _ in range(20)]

    first = statuses()
    assert first == statuses() and {200, 500} == set(first)


def test_ok_error_list_is_a_200_that_creates_nothing(reference_server: ReferenceServer) -> None:
    reference_server.faults.ok_error_list_rate = 1.0
    response = post(reference_server, MISSED_BIN)
    assert response.status_code == 200 and error_descriptions(response)
    xml = post(reference_server, MISSED_BIN, fmt="xml")
    assert xml.status_code == 200 and ET.fromstring(xml.content).tag == "errors"
    assert reference_server.cases() == []


def test_malformed_answers_are_neither_json_nor_xml(reference_server: ReferenceServer) -> None:
    reference_server.faults.malformed_rate = 1.0
    for fmt in ("json", "xml"):
        response = post(reference_server, MISSED_BIN, fmt=fmt)
        assert response.status_code == 200
        with pytest.raises(ValueError):
            response.json()
        with pytest.raises(ET.ParseError):
            ET.fromstring(response.content)
    assert reference_server.cases() == []


def test_force_status_answers_every_open311_request_but_not_admin(reference_server: ReferenceServer) -> None:
    reference_server.faults.force_status = 403
    response = post(reference_server, MISSED_BIN)
    assert response.status_code == 403 and error_descriptions(response)
    assert requests.get(reference_server.base_url + "services.xml", timeout=10).status_code == 403
    assert requests.get(reference_server.admin_url + "cases", timeout=10).json() == []


def test_latency_makes_clients_time_out(reference_server: ReferenceServer) -> None:
    reference_server.faults.latency_seconds = 0.5
    with pytest.raises(requests.Timeout):
        requests.get(reference_server.base_url + "services.json", timeout=0.1)


def test_faults_check_names_and_values() -> None:
    faults = Faults()
    for name, value in [("error_rate", 1.5), ("error_status", 42), ("error_body", "xml"), ("latency_seconds", -1),
                        ("token_only", "maybe"), ("error_rate", True)]:  # fmt: skip
        with pytest.raises(FaultError):
            setattr(faults, name, value)
    with pytest.raises(FaultError, match="unknown fault 'error_rat'"):
        faults.update(error_rat=1.0)
    with pytest.raises(FaultError):
        faults.update(error_rate=1.0, error_status="bad")
    assert faults.error_rate == 0 and faults.error_status == 503
    assert Faults.parse_assignment("token_only=true") == ("token_only", True)
    assert Faults.parse_assignment("force_status=none") == ("force_status", None)


def test_a_restart_on_the_same_db_keeps_cases_tokens_and_idempotency(tmp_path: Path) -> None:
    db = tmp_path / "server.sqlite3"
    with ReferenceServer(db_path=db) as server:
        first = post(server, MISSED_BIN, key="key-1").json()[0]["service_request_id"]
        server.faults.update(token_only=True, token_delay_seconds=0.3)
        token = post(server, MISSED_BIN, key="key-2").json()[0]["token"]
        server.set_status(first, status_notes="Collected")
    with ReferenceServer(db_path=db) as restarted:
        assert [c["service_request_id"] for c in restarted.cases()] == [first, "SR-000002"]
        replay = post(restarted, MISSED_BIN, key="key-1")
        assert replay.headers["Idempotent-Replayed"] == "true" and replay.json()[0]["service_request_id"] == first
        assert post(restarted, MISSED_BIN, key="key-2").json()[0]["token"] == token
        assert restarted.post_attempts() == {"key-1": 2, "key-2": 2}
        one = requests.get(f"{restarted.base_url}requests/{first}.json", timeout=10).json()[0]
        assert one["status"] == "closed" and one["status_notes"] == "Collected"
        time.sleep(0.3)
        resolved = requests.get(f"{restarted.base_url}tokens/{token}.json", timeout=10).json()
        assert resolved == [{"service_request_id": "SR-000002", "token": token}]
        assert post(restarted, MISSED_BIN).json()[0]["service_request_id"] == "SR-000003"


def test_admin_endpoints(reference_server: ReferenceServer) -> None:
    admin = reference_server.admin_url
    post(reference_server, MISSED_BIN, key="key-1")
    assert [c["service_request_id"] for c in requests.get(admin + "cases", timeout=10).json()] == ["SR-000001"]
    assert requests.get(admin + "post-attempts", timeout=10).json() == {"key-1": 1}
    changed = requests.post(admin + "faults", json={"error_rate": 1, "retry_after": 4}, timeout=10)
    assert changed.status_code == 200 and changed.json()["error_rate"] == 1.0
    assert (
        reference_server.faults.retry_after == 4
        and requests.get(admin + "faults", timeout=10).json()["error_rate"] == 1
    )
    bad = requests.post(admin + "faults", json={"no_such_fault": 1}, timeout=10)
    assert bad.status_code == 400 and "no_such_fault" in error_descriptions(bad)[0]
    assert requests.delete(admin + "faults", timeout=10).json()["error_rate"] == 0
    status = requests.post(
        admin + "status", json={"service_request_id": "SR-000001", "status_notes": "Done"}, timeout=10
    )
    assert status.status_code == 200 and reference_server.cases()[0]["status"] == "closed"
    assert requests.post(admin + "status", json={"service_request_id": "SR-9"}, timeout=10).status_code == 400


def _start_cli(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "COUNCIL_KIOSK_CONFIG"}
    return subprocess.Popen([sys.executable, "-m", "kiosk", "reference-server", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


@pytest.mark.slow
def test_the_command_serves_until_sigterm(tmp_path: Path) -> None:
    process = _start_cli("--port", "0", "--fault", "error_rate=0", "--db", str(tmp_path / "cli.sqlite3"))
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "the server printed nothing"
        line = process.stdout.readline()
        match = re.fullmatch(r"reference server listening on (http://127\.0\.0\.1:(\d+)/open311/v2/) \(api keys: 1\)\n",
                             line)  # fmt: skip
        assert match, line
        services = requests.get(match.group(1) + "services.json", timeout=10)
        assert services.status_code == 200 and json.loads(services.text)
        in_use = subprocess.run([sys.executable, "-m", "kiosk", "reference-server", "--port", match.group(2)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert in_use.returncode == 2 and "already in use" in in_use.stderr
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "message"), [("error_rate=2", "between 0 and 1"), ("nope=1", "unknown fault"),
                                                ("token_only", "NAME=VALUE")])  # fmt: skip
def test_the_command_refuses_a_bad_fault(fault: str, message: str) -> None:
    process = _start_cli("--port", "0", "--fault", fault)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 2 and message in stderr and stdout == ""
