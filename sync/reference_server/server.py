"""``ReferenceServer``: the Open311 reference server in a daemon thread, with its Python controls.

Promises:
- ``start`` opens the database and binds before returning (``OSError`` when the port is taken,
  ``StoreError`` for an unusable database), so ``base_url`` is usable at once; port 0 picks a free port;
- ``stop`` is idempotent: it ends the accept loop, cuts open keep-alive connections and any fault latency
  short, waits (up to 5 s) for requests being handled, then closes the database;
- ``cases``, ``post_attempts`` and ``set_status`` read and write the database, so a server restarted on
  the same ``db_path`` knows its cases, tokens, idempotency records and attempt counts.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from .faults import Faults
from .handler import OPEN311_PREFIX, Open311Handler
from .open311 import Open311App, now_iso
from .services import DEFAULT_SERVICES, Service
from .store import CaseStore

STOP_WAIT_SECONDS = 5.0


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily, app: Open311App, admin: Any) -> None:
        self.address_family = family
        self.app, self.admin = app, admin
        self.connections: set[socket.socket] = set()
        self.changed = threading.Condition()
        super().__init__(address, Open311Handler)

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s reverse DNS lookup of the host, which can be slow."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self.changed:
            if open_:
                self.connections.add(connection)
            else:
                self.connections.discard(connection)
            self.changed.notify_all()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that went away, and anything while stopping; report the rest."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError) or self.app.stopping.is_set():
            return
        super().handle_error(request, client_address)


class ReferenceServer:
    """A spec-conformant Open311 GeoReport v2 server for tests and demos, with fault injection.

    Not for production: the ``/_admin/`` endpoints need no key and change its behaviour.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        db_path: Path | None = None,
        api_keys: Iterable[str] = ("test-key",),
        services: Sequence[Service] = DEFAULT_SERVICES,
        seed: int = 0,
    ) -> None:
        self.host = host
        self.port = port
        self.db_path = db_path
        self.api_keys = frozenset(api_keys)
        self.services = tuple(services)
        self.faults = Faults(seed)
        self._store: CaseStore | None = None
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT/open311/v2/``, with the real port once started."""
        return f"{self._root()}{OPEN311_PREFIX}"

    @property
    def admin_url(self) -> str:
        """``http://HOST:PORT/_admin/``."""
        return f"{self._root()}/_admin/"

    def _root(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> ReferenceServer:
        """Open the database, bind and serve in a daemon thread; returns self. Does nothing if running."""
        if self._httpd is not None:
            return self
        store = CaseStore(self.db_path)
        self._stopping = threading.Event()
        app = Open311App(store, self.services, self.api_keys, self.faults, self._stopping)
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        try:
            httpd = _HTTPServer((self.host, self.port), family, app, self)
        except BaseException:
            store.close()
            raise
        self._store, self._httpd = store, httpd
        self.port = httpd.server_port
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"open311-reference-server:{self.port}", daemon=True)  # fmt: skip
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the database; safe to call twice."""
        httpd, store = self._httpd, self._store
        if httpd is None or store is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        with httpd.changed:
            for connection in list(httpd.connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            httpd.changed.wait_for(lambda: not httpd.connections, timeout=STOP_WAIT_SECONDS)
        store.close()
        self._httpd = self._store = self._thread = None

    def __enter__(self) -> ReferenceServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def store(self) -> CaseStore:
        if self._store is None:
            raise RuntimeError("the reference server is not running: start() it first")
        return self._store

    def cases(self) -> list[dict[str, Any]]:
        """Every case created, oldest first, read from the database (with ``token_ready_at`` and more)."""
        return self.store.cases()

    def post_attempts(self) -> dict[str, int]:
        """Idempotency-Key -> how many ``POST requests`` carried it, faulted and replayed ones included."""
        return self.store.post_attempts()

    def set_status(
        self,
        service_request_id: str,
        status: str = "closed",
        status_notes: str | None = None,
        expected_datetime: datetime | None = None,
    ) -> None:
        """Change a case as the council would; ``KeyError`` for an unknown id, ``ValueError`` for a bad status."""
        if status not in ("open", "closed"):
            raise ValueError(f"status must be open or closed, not {status!r}")
        if expected_datetime is not None and expected_datetime.tzinfo is None:
            expected_datetime = expected_datetime.replace(tzinfo=UTC)
        expected = expected_datetime.isoformat(timespec="seconds") if expected_datetime else None
        changed = self.store.update_case(service_request_id, status=status, status_notes=status_notes,
                                         expected_datetime=expected, updated_datetime=now_iso())  # fmt: skip
        if not changed:
            raise KeyError(f"no service request {service_request_id!r}")
