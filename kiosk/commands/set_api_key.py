"""``council-kiosk set-api-key``: store the case API key in the OS keyring, read from stdin.

The key is read from standard input (typed without echo on a terminal, or piped), so it never
appears in the shell history, the process list or a config file.
"""

from __future__ import annotations

import getpass
import sys

from kiosk.commands.open_outbox import key_store_for
from kiosk.settings import Settings
from sync.key_store import KeyStoreError


def run_set_api_key(settings: Settings) -> int:
    value = getpass.getpass("Case API key (not shown): ") if sys.stdin.isatty() else sys.stdin.readline()
    store = key_store_for(settings)
    try:
        store.set_api_key(value)
    except ValueError as exc:
        print(f"council-kiosk: {exc}; nothing was stored", file=sys.stderr)
        return 2
    except KeyStoreError as exc:
        print(f"council-kiosk: {exc}", file=sys.stderr)
        return 2
    print(f"The case API key is stored in the {store.describe()}.")
    return 0
