"""Open the outbox named by the settings, turning storage failures into a clear message."""

from __future__ import annotations

from kiosk.settings import Settings
from sync.outbox import Outbox


def open_outbox(settings: Settings) -> Outbox:
    """The kiosk's outbox in its data directory; raises OutboxError with the reason."""
    return Outbox.open(settings.data_dir, reference_prefix=settings.kiosk.reference_prefix)
