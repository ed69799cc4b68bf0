"""The HTTP side: a keep-alive HTTP/1.1 handler for ``/open311/v2/`` and the ``/_admin/`` endpoints.

Promises:
- every answer has a Content-Length, so clients can keep connections open; nothing is logged;
- the request body is always read in full first, so an early answer never desynchronises a connection;
- a ``drop`` answer shuts the socket down without sending a byte;
- ``/_admin/`` needs no api key and sees no faults: the server is for tests and demos only.

Admin endpoints (JSON): ``GET /_admin/cases``, ``GET /_admin/post-attempts``, ``GET /_admin/faults``,
``POST /_admin/faults`` (a JSON object merged into the faults; 400 names a bad one), ``DELETE
/_admin/faults`` (reset all), ``POST /_admin/status`` (``{"service_request_id", "status",
"status_notes", "expected_datetime"}``, as ``ReferenceServer.set_status``).
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote, urlsplit

from .faults import FaultError
from .render import Answer, error, render

OPEN311_PREFIX = "/open311/v2/"
ADMIN_PREFIX = "/_admin/"
MAX_BODY = 1_000_000


class Open311Handler(BaseHTTPRequestHandler):
    """One connection; ``self.server`` carries ``app`` (``Open311App``) and ``admin`` (``ReferenceServer``)."""

    protocol_version = "HTTP/1.1"
    server_version = "Open311ReferenceServer/1.0"
    disable_nagle_algorithm = True
    timeout = 120  # an idle keep-alive connection is closed after this many seconds

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)  # type: ignore[attr-defined]

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Say nothing: the benchmark sends thousands of requests."""

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True
            self._send(error(400, "Content-Length is missing or too large"), "json")
            return
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path.startswith(OPEN311_PREFIX):
            answer, fmt = self.server.app.handle(method, path[len(OPEN311_PREFIX) :], url.query, self.headers, body)  # type: ignore[attr-defined]
            self._send(answer, fmt)
        elif path.startswith(ADMIN_PREFIX):
            self._send(self._admin(method, path[len(ADMIN_PREFIX) :], body), "json")
        else:
            self._send(error(404, f"no such endpoint: {path} (the Open311 API is under {OPEN311_PREFIX})"), "json")

    def _send(self, answer: Answer, fmt: str) -> None:
        if answer.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        body, content_type = render(answer, fmt)
        if answer.status in (204, 304):  # no body allowed: keep the connection's framing right
            body = b""
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (a timeout) or the server is stopping
            self.close_connection = True

    # -- admin ---------------------------------------------------------------------------------------

    def _admin(self, method: str, route: str, body: bytes) -> Answer:
        admin = self.server.admin  # type: ignore[attr-defined]
        routes: dict[tuple[str, str], Callable[[], Any]] = {
            ("GET", "cases"): admin.cases,
            ("GET", "post-attempts"): admin.post_attempts,
            ("GET", "faults"): admin.faults.as_dict,
            ("DELETE", "faults"): lambda: (admin.faults.reset(), admin.faults.as_dict())[1],
        }
        try:
            if (method, route) in routes:
                return Answer(200, data=routes[method, route]())
            if method == "POST" and route == "faults":
                changes = _json_object(body)
                admin.faults.update(**changes)
                return Answer(200, data=admin.faults.as_dict())
            if method == "POST" and route == "status":
                return Answer(200, data=_set_status(admin, _json_object(body)))
        except (FaultError, ValueError, KeyError, TypeError) as exc:
            return error(400, str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc))
        return error(404, f"no such admin endpoint: {method} {ADMIN_PREFIX}{route}")


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the body is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError("the body must be a JSON object")
    return value


def _set_status(admin: Any, change: dict[str, Any]) -> dict[str, Any]:
    unknown = set(change) - {"service_request_id", "status", "status_notes", "expected_datetime"}
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    if "service_request_id" not in change:
        raise ValueError("service_request_id is required")
    expected = change.get("expected_datetime")
    admin.set_status(
        change["service_request_id"],
        status=change.get("status", "closed"),
        status_notes=change.get("status_notes"),
        expected_datetime=datetime.fromisoformat(expected) if expected else None,
    )
    return {"service_request_id": change["service_request_id"]}
