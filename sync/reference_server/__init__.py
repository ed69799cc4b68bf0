"""An Open311 GeoReport v2 reference server with fault injection, for tests, benchmarks and demos only.

Stdlib only (``http.server``, ``sqlite3``), Qt-free. Its ``/_admin/`` endpoints need no key and can
make it misbehave on purpose: never expose it to real residents. Modules:

- ``server``: ``ReferenceServer`` (start/stop, ``cases``, ``post_attempts``, ``set_status``);
- ``open311``: the GeoReport v2 endpoints, Idempotency-Key handling and where faults strike;
- ``faults``: ``Faults``, the switches; ``services``: ``DEFAULT_SERVICES``, the catalogue;
- ``validation``: checks of a POSTed form; ``store``: SQLite; ``render``: JSON and XML; ``handler``: HTTP.
"""

from .faults import FAULT_SPECS, FaultError, Faults
from .server import ReferenceServer
from .services import DEFAULT_SERVICES, Attribute, Service
from .store import StoreError

__all__ = [
    "DEFAULT_SERVICES",
    "FAULT_SPECS",
    "Attribute",
    "FaultError",
    "Faults",
    "ReferenceServer",
    "Service",
    "StoreError",
]
