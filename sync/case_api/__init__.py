"""Council case API clients: the interface and outcomes (``base``) and the kinds (``registry``).

The outcome types are imported eagerly; the clients (which pull in ``requests``) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.case_api.base import (
    Accepted,
    CaseApiClient,
    CaseStatus,
    CaseSubmission,
    CatalogueError,
    Misconfigured,
    NotFound,
    Pending,
    Rejected,
    ServiceSummary,
    StatusOutcome,
    SubmitOutcome,
    TokenOutcome,
    Transient,
)

if TYPE_CHECKING:
    from sync.case_api.open311 import Open311Client
    from sync.case_api.registry import CASE_API_KINDS, build_client

__all__ = [
    "CASE_API_KINDS",
    "Accepted",
    "CaseApiClient",
    "CaseStatus",
    "CaseSubmission",
    "CatalogueError",
    "Misconfigured",
    "NotFound",
    "Open311Client",
    "Pending",
    "Rejected",
    "ServiceSummary",
    "StatusOutcome",
    "SubmitOutcome",
    "TokenOutcome",
    "Transient",
    "build_client",
]

_LAZY = {
    "Open311Client": "sync.case_api.open311",
    "CASE_API_KINDS": "sync.case_api.registry",
    "build_client": "sync.case_api.registry",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
