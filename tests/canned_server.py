"""A real HTTP server on 127.0.0.1 that answers from a per-test script, for the Open311 client tests.

The canned server (``ThreadingHTTPServer`` on port 0) answers each request with the next scripted
reply (status, headers, body, an optional sleep, or dropping the connection unanswered) and records
what it received. It also serves TLS with a throwaway certificate, and acts as a proxy. Import the
fixtures by name; ``_no_proxies`` (autouse) clears proxy variables for every test of the module.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest

from sync.case_api import (
    CaseSubmission,
)
from sync.case_api.open311 import Open311Client

JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
UUID = "2f1c7d3e-8a4b-4c55-9d1e-0b6a7c8d9e0f"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


@dataclass
class Reply:
    status: int = 200
    body: str | bytes = ""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0
    drop: bool = False


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    port: int

    @property
    def form(self) -> list[tuple[str, str]]:
        return parse_qsl(self.body.decode("ascii"), keep_blank_values=True, strict_parsing=True)


class CannedServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.replies: deque[Reply] = deque()
        self.received: list[Received] = []
        canned = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms delayed-ACK stalls

            def log_message(self, *args: object) -> None:
                pass

            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                canned.received.append(Received(self.command, self.path, headers, body, self.client_address[1]))
                reply = canned.replies.popleft() if canned.replies else Reply(500, "nothing scripted", TEXT)
                time.sleep(reply.sleep)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                data = reply.body.encode() if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    self.close_connection = True
                if self.command == "CONNECT":
                    self.close_connection = True

            do_GET = do_POST = do_CONNECT = handle_one

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.handle_error = lambda *args: None  # failed TLS handshakes are part of the tests
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        return self.origin + "/open311"

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def start_server():
    started: list[CannedServer] = []

    def start(tls: ssl.SSLContext | None = None) -> CannedServer:
        started.append(CannedServer(tls))
        return started[-1]

    yield start
    for canned in started:
        canned.close()


@pytest.fixture
def server(start_server) -> CannedServer:
    return start_server()


@pytest.fixture
def make_client():
    clients: list[Open311Client] = []

    def make(url: str, **options) -> Open311Client:
        options.setdefault("api_key", "SECRET-KEY")
        clients.append(Open311Client(url, **options))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


def case(**payload) -> CaseSubmission:
    body = {"service_code": "BIN", "attributes": {}, "address_string": "1 High Street"} | payload
    return CaseSubmission(client_uuid=UUID, reference="TST-ABC-DEFG", payload=body)
