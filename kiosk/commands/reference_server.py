"""``council-kiosk reference-server``: a local Open311 GeoReport v2 server for tests and demos.

Prints one line, ``reference server listening on http://HOST:PORT/open311/v2/ (api keys: N)``, then
serves until SIGINT or SIGTERM and exits 0. A bad ``--fault`` or an address it cannot listen on exits 2,
an unusable ``--db`` exits 3, each with a message on stderr. Listening beyond loopback prints a warning:
the server has unauthenticated admin endpoints and is never for real residents.
"""

from __future__ import annotations

import errno
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from sync.addresses import is_loopback

EXIT_OK, EXIT_USAGE, EXIT_STORAGE = 0, 2, 3


def _fail(message: str, code: int) -> int:
    print(f"council-kiosk: {message}", file=sys.stderr)
    return code


def run_reference_server(*, host: str, port: int, db: Path | None, api_keys: list[str], faults: list[str]) -> int:
    """Serve until a signal; see the module docstring for the exit codes."""
    from sync.reference_server import FaultError, Faults, ReferenceServer, StoreError

    switches: dict[str, Any] = {}
    for assignment in faults:
        try:
            name, value = Faults.parse_assignment(assignment)
        except FaultError as exc:
            return _fail(f"--fault {assignment}: {exc}", EXIT_USAGE)
        switches[name] = value
    if not 0 <= port <= 65535:
        return _fail(f"--port must be between 0 and 65535, not {port}", EXIT_USAGE)
    if not is_loopback(host):
        print(f"council-kiosk: warning: listening on {host}, beyond this machine. The reference server is for "
              "tests and demos only: its /_admin/ endpoints need no key.", file=sys.stderr)  # fmt: skip
    server = ReferenceServer(host=host, port=port, db_path=db, api_keys=api_keys)
    server.faults.update(**switches)
    try:
        server.start()
    except StoreError as exc:
        return _fail(str(exc), EXIT_STORAGE)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return _fail(f"cannot listen on {host}:{port}: the port is already in use", EXIT_USAGE)
        return _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", EXIT_USAGE)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print(f"reference server listening on {server.base_url} (api keys: {len(server.api_keys)})", flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()
    return EXIT_OK
