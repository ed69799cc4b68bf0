"""The Open311 GeoReport v2 endpoints, faults and Idempotency-Key handling, apart from HTTP.

Promises (``Open311App.handle``):
- every request first waits ``latency_seconds`` (cut short when the server stops), then ``force_status``
  and ``error_rate`` answer before anything else is done; other faults apply to POSTs only;
- a POST's Idempotency-Key is counted, then judged on arrival: stored answer and same payload -> replay
  (``Idempotent-Replayed: true``); same key still being processed -> 409; different payload -> 422;
  else the key is held until the answer is ready. Only successful answers are stored, in the same
  transaction as their case; errors (400/403) and fault answers are not, so a retry starts afresh;
- GETs never show names, email or phone, nor a case whose token has not resolved yet.
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from .faults import Faults
from .render import Answer, error, errors
from .services import Service
from .store import CaseStore
from .validation import check_submission, fingerprint

FORMATS = ("json", "xml")
PUBLIC_FIELDS = (
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "lat", "long",
)  # fmt: skip
MALFORMED_BODY = b"<html><body><p>Service temporarily unavailable<br></body></html>"
HTML_ERROR = "<html><head><title>{status} {phrase}</title></head><body><h1>{phrase}</h1><hr></body></html>"
MAX_KEY_LENGTH = 255
MAX_LISTED = 1000


def now_iso() -> str:
    """The current time as ISO 8601 with a timezone, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class Open311App:
    """Answers Open311 requests from the store, the catalogue and the fault switches. Thread-safe."""

    def __init__(self, store: CaseStore, services: Sequence[Service], api_keys: Iterable[str], faults: Faults,
                 stopping: threading.Event) -> None:  # fmt: skip
        self.store = store
        self.services = {service.code: service for service in services}
        self.api_keys = frozenset(api_keys)
        self.faults = faults
        self.stopping = stopping
        self._claims: dict[str, str] = {}  # idempotency key -> fingerprint, while its first request runs
        self._claims_lock = threading.Lock()
        self._token_deadlines: dict[str, float] = {}  # token -> time.monotonic() when it resolves

    def handle(self, method: str, path: str, query: str, headers: Any, body: bytes) -> tuple[Answer, str]:
        """The answer to one request under the base URL (``path`` is e.g. ``requests.json``) and its format."""
        route, _, fmt = path.rpartition(".")
        if fmt not in FORMATS or not route:
            route, fmt = "", "json"
        if method == "POST" and route == "requests":
            return self._post(headers, body), fmt
        self._wait()
        early = self._early_fault()
        if early is not None:
            return early, fmt
        if not route:
            return error(404, f"no such endpoint: {path} (add .json or .xml)"), fmt
        return self._get(method, route, dict(parse_qsl(query, keep_blank_values=True))), fmt

    # -- faults --------------------------------------------------------------------------------------

    def _wait(self) -> None:
        latency = self.faults.latency_seconds
        if latency > 0:
            self.stopping.wait(latency)

    def _early_fault(self) -> Answer | None:
        faults = self.faults
        forced = faults.force_status
        if forced is not None:
            return error(forced, f"{_phrase(forced)} (injected fault: force_status={forced})")
        if not faults.roll("error_rate"):
            return None
        status, body, retry_after = faults.error_status, faults.error_body, faults.retry_after
        headers = {} if retry_after is None else {"Retry-After": str(math.ceil(retry_after))}
        if body == "html":
            page = HTML_ERROR.format(status=status, phrase=_phrase(status)).encode("utf-8")
            return Answer(status, headers=headers, raw=(page, "text/html; charset=utf-8"))
        if body == "text":
            return Answer(status, headers=headers, raw=(f"{_phrase(status)}\n".encode(), "text/plain; charset=utf-8"))
        answer = error(status, f"{_phrase(status)} (injected fault: error_rate)")
        answer.headers.update(headers)
        return answer

    # -- POST requests -------------------------------------------------------------------------------

    def _post(self, headers: Any, body: bytes) -> Answer:
        problem, pairs = _read_form(headers, body)
        key, key_problem = _idempotency_key(headers.get("Idempotency-Key"))
        if key:
            self.store.count_attempt(key)
        fields = dict(pairs)
        api_ok = fields.get("api_key", "") in self.api_keys
        decision, claimed, print_ = None, False, fingerprint(pairs)
        if key and api_ok and not problem:
            decision = self._claim(key, print_)
            claimed = decision is None
        try:
            self._wait()
            early = self._early_fault()
            if early is not None:
                return early
            if problem or key_problem:
                return error(400, problem or key_problem)
            if not api_ok:
                return error(403, "api_key is missing" if not fields.get("api_key") else "api_key is not valid")
            if decision is not None:
                return decision
            if self.faults.roll("ok_error_list_rate"):
                return error(200, "The case system is unavailable; the request was not created", code=500)
            if self.faults.roll("malformed_rate"):
                return Answer(200, raw=(MALFORMED_BODY, "text/html; charset=utf-8"))
            return self._create(pairs, key, print_)
        finally:
            if claimed:
                with self._claims_lock:
                    self._claims.pop(key, None)

    def _claim(self, key: str, print_: str) -> Answer | None:
        """None when this request now holds the key; otherwise the replay, 409 or 422 answer."""
        with self._claims_lock:
            running = self._claims.get(key)
            if running is not None:
                if running != print_:
                    return error(422, "Idempotency-Key was already used with a different request")
                return error(409, "a request with this Idempotency-Key is still being processed")
            stored = self.store.idempotency_record(key)
            if stored is None:
                self._claims[key] = print_
                return None
        stored_print, status, data = stored
        if stored_print != print_:
            return error(422, "Idempotency-Key was already used with a different request")
        return Answer(status, "service_requests", data, headers={"Idempotent-Replayed": "true"})

    def _create(self, pairs: list[tuple[str, str]], key: str | None, print_: str) -> Answer:
        problems, case = check_submission(pairs, self.services)
        if problems:
            return errors(400, problems)
        service = self.services[case["service_code"]]
        drop = self.faults.roll("drop_after_commit_rate")
        token = str(uuid.uuid4()) if self.faults.token_only else None
        now = now_iso()
        case.update(status="open", requested_datetime=now, updated_datetime=now, idempotency_key=key, token=token,
                    agency_responsible=service.agency, service_notice=service.notice)  # fmt: skip
        if token is not None:
            delay = self.faults.token_delay_seconds
            case["token_ready_at"] = time.time() + delay
            self._token_deadlines[token] = time.monotonic() + delay

        def answer(service_request_id: str) -> tuple[int, list[dict[str, Any]]]:
            entry = {"token": token} if token else {"service_request_id": service_request_id}
            return 200, [{**entry, "service_notice": service.notice, "account_id": case["account_id"]}]

        _, status, data = self.store.create_case(case, answer, (key, print_) if key else None)
        return Answer(status, "service_requests", data, drop=drop)

    # -- GETs ----------------------------------------------------------------------------------------

    def _get(self, method: str, route: str, query: dict[str, str]) -> Answer:
        collection, _, item = route.partition("/")
        if collection not in ("services", "requests", "tokens") or "/" in item or (collection == "tokens" and not item):
            return error(404, f"no such endpoint: {route}")
        if method != "GET":
            return error(405, f"{method} is not allowed here", code=405)
        if collection == "services":
            if not item:
                return Answer(200, "services", [s.summary() for s in self.services.values()])
            service = self.services.get(item)
            if service is None:
                return error(404, f"service_code {item!r} is not a service of this server")
            return Answer(200, "service_definition", service.definition())
        if collection == "tokens":
            case = self.store.case_by_token(item)
            if case is None or not self.token_ready(case):
                return error(404, f"token {item!r} has no service request yet")
            return Answer(200, "service_requests", [{"service_request_id": case["service_request_id"], "token": item}])
        if item:
            case = self.store.case(item)
            if case is None or not self.token_ready(case):
                return error(404, f"service_request_id {item!r} is not known")
            return Answer(200, "service_requests", [public(case)])
        return Answer(200, "service_requests", [public(case) for case in self._find(query)])

    def _find(self, query: dict[str, str]) -> list[dict[str, Any]]:
        def listed(name: str) -> list[str]:
            return [part.strip() for part in query.get(name, "").split(",") if part.strip()]

        ids, codes, statuses = listed("service_request_id"), listed("service_code"), listed("status")
        where, params = [], []
        for column, values in (("service_request_id", ids), ("service_code", codes), ("status", statuses)):
            if values:
                where.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        found = [case for case in self.store.cases(" AND ".join(where), params) if self.token_ready(case)]
        if ids:
            order = {sid: n for n, sid in enumerate(ids)}
            return sorted(found, key=lambda case: order[case["service_request_id"]])
        return found[::-1][:MAX_LISTED]

    def token_ready(self, case: dict[str, Any]) -> bool:
        """Whether the case can be seen: it has no token, or its token's delay has passed."""
        token = case["token"]
        if token is None:
            return True
        deadline = self._token_deadlines.get(token)
        if deadline is not None:
            return time.monotonic() >= deadline
        return time.time() >= (case["token_ready_at"] or 0)


def public(case: dict[str, Any]) -> dict[str, Any]:
    """The fields a GET may show: never the resident's name, email or phone."""
    shown = {name: case.get(name) for name in PUBLIC_FIELDS}
    shown["address"] = case.get("address_string")
    return shown


def _read_form(headers: Any, body: bytes) -> tuple[str | None, list[tuple[str, str]]]:
    content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type and content_type != "application/x-www-form-urlencoded":
        return f"send the request as application/x-www-form-urlencoded, not {content_type}", []
    try:
        return None, parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return "the request body is not UTF-8", []


def _idempotency_key(header: str | None) -> tuple[str | None, str | None]:
    """``(key, problem)``: the key without the quotes of a structured-field string, or why it is unusable."""
    if header is None:
        return None, None
    key = header.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not key or len(key) > MAX_KEY_LENGTH:
        return None, f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters"
    return key, None
