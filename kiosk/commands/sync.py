"""``council-kiosk sync [--once] [--retry-now]``: send queued submissions to the case API.

``--once`` runs one pass and prints a summary: exit 0 when the pass completed (even with items
still waiting or retrying later), 2 for configuration errors (no case API, no key, the server
refusing the key) with the reason, 3 when the outbox cannot be used. Without ``--once`` it
keeps running passes every ``sync.interval_seconds`` (for a kiosk whose sync runs as its own
service) until interrupted.
"""

from __future__ import annotations

import sys
import time

from kiosk.commands.open_outbox import key_store_for, open_outbox
from kiosk.demo_case_api import demo_settings
from kiosk.settings import Settings
from kiosk.sync_setup import SyncConfigError, build_case_api_client, sync_policy
from sync.key_store import KeyStoreError
from sync.outbox import OutboxError
from sync.worker import SyncWorker


def run_sync(settings: Settings, *, once: bool, retry_now: bool) -> int:
    settings = demo_settings(settings)
    key_store = key_store_for(settings)
    try:
        policy = sync_policy(settings)
        client = build_case_api_client(settings, key_store)
    except SyncConfigError as exc:
        print(f"council-kiosk: {exc}", file=sys.stderr)
        return 2
    try:
        with open_outbox(settings, key_store) as outbox:
            worker = SyncWorker(outbox, client, policy)
            while True:
                summary = worker.run_pass(retry_now=retry_now)
                text = summary.describe()
                print(text[:1].upper() + text[1:], flush=True)
                if summary.paused_reason:
                    print(f"council-kiosk: sending is paused: {summary.paused_reason}", file=sys.stderr)
                    return 2
                if once:
                    return 0
                retry_now = False
                time.sleep(settings.sync.interval_seconds)
    except KeyStoreError as exc:
        print(f"council-kiosk: the outbox cannot be opened safely: {exc}", file=sys.stderr)
        return 2
    except OutboxError as exc:
        print(f"council-kiosk: cannot use the outbox: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 0
    finally:
        client.close()
