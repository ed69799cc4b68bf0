"""``council-kiosk queue [--json]``: the outbox, oldest first, never showing any answers."""

from __future__ import annotations

import json
import os
import sys

from kiosk.commands.open_outbox import open_outbox_for_status
from kiosk.settings import Settings
from sync.outbox import OutboxError


def run_queue(settings: Settings, *, as_json: bool) -> int:
    try:
        with open_outbox_for_status(settings) as outbox:
            items = outbox.items()
    except OutboxError as exc:
        print(f"council-kiosk: cannot read the outbox: {exc}", file=sys.stderr)
        return 3
    try:
        _print_items(items, as_json=as_json)
    except BrokenPipeError:
        # The reader (``| head``) stopped early: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _print_items(items: list, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps([item.to_json_dict() for item in items], indent=2))
        return
    if not items:
        print("The outbox is empty.")
    for item in items:
        extra = f"  last error: {item.last_error}" if item.last_error else ""
        created = item.created_at.isoformat(timespec="seconds")
        print(f"{item.reference}  {item.state:<11}  {item.form_id:<20}  {created}  attempts {item.attempts}{extra}")
