"""The interface every case API kind implements, and the outcomes the sync worker acts on.

A case API client turns one stored submission into a case in the council's system and answers
status questions. It never raises for anything the network or the server does: every answer is
classified into one outcome below, so the worker's state machine has exactly four cases to handle.
Reasons are short, staff-facing English and never contain a resident's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class CaseSubmission:
    """What the worker hands a client: the case payload built by ``forms.payload`` plus identity.

    ``client_uuid`` is sent as the ``Idempotency-Key`` on every attempt; ``reference`` travels
    in the configured reference attribute so a council adapter can de-duplicate.
    """

    client_uuid: str
    reference: str
    payload: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Accepted:
    """The server confirmed the case: a non-empty ``remote_id`` or ``token`` (never neither)."""

    remote_id: str | None = None
    token: str | None = None
    service_notice: str | None = None


@dataclass(frozen=True)
class Transient:
    """Try again later: network error, timeout, 5xx, 429, 409, or an answer that is not a case.

    ``retry_after`` is the server's ``Retry-After`` in seconds, when it gave one.
    """

    reason: str
    retry_after: float | None = None


@dataclass(frozen=True)
class Rejected:
    """The server refused this submission for good (400 validation); ``reason`` keeps its words."""

    reason: str


@dataclass(frozen=True)
class Misconfigured:
    """The kiosk's configuration is wrong (401/403, unknown endpoint): pause the whole queue."""

    reason: str


SubmitOutcome = Accepted | Transient | Rejected | Misconfigured


@dataclass(frozen=True)
class Pending:
    """A token is known to the server but has no case id yet."""

    reason: str = "the council's system has not created the case yet"


TokenOutcome = Accepted | Pending | Transient | Rejected | Misconfigured


@dataclass(frozen=True)
class CaseStatus:
    """The council's view of one case (``requests/{id}``), fields as the server gave them."""

    remote_id: str
    status: str | None = None
    status_notes: str | None = None
    service_name: str | None = None
    agency_responsible: str | None = None
    service_notice: str | None = None
    requested_datetime: datetime | None = None
    updated_datetime: datetime | None = None
    expected_datetime: datetime | None = None


@dataclass(frozen=True)
class NotFound:
    """The server does not know this case id."""

    reason: str


StatusOutcome = CaseStatus | NotFound | Transient | Misconfigured


@dataclass(frozen=True)
class ServiceSummary:
    """One entry of the server's service list (``services``)."""

    service_code: str
    service_name: str
    description: str = ""
    metadata: bool = False
    type: str = "realtime"
    keywords: tuple[str, ...] = ()
    group: str = ""


class CatalogueError(Exception):
    """The service catalogue could not be read; the message says why, for staff."""


class CaseApiClient(Protocol):
    """One kind of council case API. Implementations are registered in ``sync.case_api.registry``."""

    def submit(self, submission: CaseSubmission) -> SubmitOutcome:
        """POST one case. Counts as ``Accepted`` only when the answer yields an id or a token."""
        ...

    def resolve_token(self, token: str) -> TokenOutcome:
        """Ask what case id a token became, without posting again."""
        ...

    def case_status(self, remote_id: str) -> StatusOutcome:
        """The council's current status of one case."""
        ...

    def services(self) -> list[ServiceSummary]:
        """The service list; raises ``CatalogueError``."""
        ...

    def service_definition(self, service_code: str) -> dict[str, Any]:
        """The raw ``service_definition`` (``service_code``, ``attributes``); raises ``CatalogueError``."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
