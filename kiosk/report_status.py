"""Plain-English words for where a resident's report stands, on this kiosk and at the council.

Qt-free. Built from the outbox's status (never personal data) and, when the case API answered,
the council's own status, notes and expected date. Shown by "Check on something I reported"
and under the reference on the confirmation screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sync.case_api.base import CaseStatus, Misconfigured, NotFound, StatusOutcome, Transient
from sync.outbox import ItemState, OutboxSummary

LOCAL_STATUS = {
    ItemState.QUEUED: (
        "Waiting to send",
        "Your report is saved safely on this kiosk. It will be sent to the council automatically.",
    ),
    ItemState.SENDING: (
        "Waiting to send",
        "Your report is saved safely on this kiosk and is being sent to the council now.",
    ),
    ItemState.AWAITING_ID: (
        "Sent",
        "The council has your report. Their system will give it a case number soon.",
    ),
    ItemState.SENT: ("Sent", "The council has your report."),
    ItemState.REJECTED: (
        "There is a problem with this report",
        "The council's system could not accept it. Ask a member of staff at the desk: they can see why and help you.",
    ),
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


def _date(value: datetime | None) -> str | None:
    return None if value is None else f"{value.day} {value:%B %Y}"


def local_status(item: OutboxSummary) -> ReportStatus:
    """Where the report stands on this kiosk."""
    heading, body = LOCAL_STATUS[item.state]
    number = item.remote_id if item.state is ItemState.SENT else None
    if number:
        body = f"{body} Their case number is {number}."
    return ReportStatus(item.reference, heading, body, council_number=number, looking_up=bool(number))


def with_council_status(status: ReportStatus, outcome: StatusOutcome) -> ReportStatus:
    """``status`` with what the council's system said about the case, in plain English."""
    lines: list[str] = []
    if isinstance(outcome, CaseStatus):
        state = (outcome.status or "").lower()
        if state == "closed":
            lines.append("The council has finished dealing with this and closed it.")
        elif state == "open":
            lines.append("The council is dealing with this.")
        elif state:
            lines.append(f"The council's status: {outcome.status}.")
        if outcome.status_notes:
            lines.append(f"What the council says: {outcome.status_notes}")
        expected = _date(outcome.expected_datetime)
        if expected and state != "closed":
            lines.append(f"They expect to finish by {expected}.")
        updated = _date(outcome.updated_datetime)
        if updated:
            lines.append(f"Last updated on {updated}.")
    elif isinstance(outcome, NotFound):
        lines.append("The council's system does not show this case yet. Try again later.")
    elif isinstance(outcome, Transient | Misconfigured):
        lines.append("We could not reach the council's system just now, so we cannot show its latest news.")
    return ReportStatus(status.reference, status.heading, status.body, status.council_number, tuple(lines), False)
