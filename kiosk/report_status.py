"""Plain words, in the resident's language, for where a resident's report stands, on this kiosk and at the council.

Qt-free. Built from the outbox's status (never personal data) and, when the case API answered,
the council's own status, notes and expected date. Shown by "Check on something I reported"
and under the reference on the confirmation screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.ui_text import ui
from sync.case_api.base import CaseStatus, Misconfigured, NotFound, StatusOutcome, Transient
from sync.outbox import ItemState, OutboxSummary

LOCAL_STATUS = {
    ItemState.QUEUED: ("status.waiting", "status.queued_body"),
    ItemState.SENDING: ("status.waiting", "status.sending_body"),
    ItemState.AWAITING_ID: ("status.sent", "status.awaiting_id_body"),
    ItemState.SENT: ("status.sent", "status.sent_body"),
    ItemState.REJECTED: ("status.rejected", "status.rejected_body"),
}


@dataclass(frozen=True)
class ReportStatus:
    """What the check screen shows for one reference. ``council_*`` are None until looked up."""

    reference: str
    heading: str
    body: str
    council_number: str | None = None
    council_lines: tuple[str, ...] = ()
    looking_up: bool = False


def _date(value: datetime | None, language: str) -> str | None:
    """A date as people write it in ``language`` (27 March 2026, 27 marca 2026, ...)."""
    if value is None:
        return None
    from babel.dates import format_date

    locale = "en_GB" if language == "en" else language.replace("-", "_")
    return format_date(value.date(), format="long", locale=locale)


def local_status(item: OutboxSummary, language: str = "en") -> ReportStatus:
    """Where the report stands on this kiosk, in ``language``."""
    heading_key, body_key = LOCAL_STATUS[item.state]
    heading, body = ui(heading_key, language), ui(body_key, language)
    number = item.remote_id if item.state is ItemState.SENT else None
    if number:
        body = f"{body} {ui('status.case_number', language, number=number)}"
    return ReportStatus(item.reference, heading, body, council_number=number, looking_up=bool(number))


def with_council_status(status: ReportStatus, outcome: StatusOutcome, language: str = "en") -> ReportStatus:
    """``status`` with what the council's system said about the case, in plain words in ``language``
    (the council's own status notes are shown as the council wrote them)."""
    lines: list[str] = []
    if isinstance(outcome, CaseStatus):
        state = (outcome.status or "").lower()
        if state == "closed":
            lines.append(ui("status.council_closed", language))
        elif state == "open":
            lines.append(ui("status.council_open", language))
        elif state:
            lines.append(ui("status.council_other", language, status=outcome.status))
        if outcome.status_notes:
            lines.append(ui("status.council_notes", language, notes=outcome.status_notes))
        expected = _date(outcome.expected_datetime, language)
        if expected and state != "closed":
            lines.append(ui("status.council_expected", language, date=expected))
        updated = _date(outcome.updated_datetime, language)
        if updated:
            lines.append(ui("status.council_updated", language, date=updated))
    elif isinstance(outcome, NotFound):
        lines.append(ui("status.council_not_found", language))
    elif isinstance(outcome, Transient | Misconfigured):
        lines.append(ui("status.council_unreachable", language))
    return ReportStatus(status.reference, status.heading, status.body, status.council_number, tuple(lines), False)
