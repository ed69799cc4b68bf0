"""The one way a finished journey is queued, used by the screens and by ``submit`` alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forms.journey import Journey
from sync.outbox.records import EnqueueResult, NewSubmission

if TYPE_CHECKING:
    from sync.outbox import Outbox


def queue_journey(journey: Journey, outbox: Outbox) -> EnqueueResult:
    """Store the journey's submission durably; returns only after the commit.

    Queuing the same journey twice (a double tap on Send) returns the first item's reference.
    """
    return outbox.enqueue(NewSubmission(**vars(journey.submission())))
