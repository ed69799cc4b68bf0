"""Open the outbox with its encryption key from the key store, never making a key over old data.

The rules, checked every time the kiosk (or a command) opens its outbox:
- the key store cannot be used -> ``KeyStoreError`` (the kiosk goes out of service);
- the key store has the key -> open with it (a wrong key is refused by the outbox's key check);
- no key, and the outbox holds encrypted data -> ``KeyStoreError``: the data needs its key back;
- no key, and nothing encrypted yet (first run) -> generate one, store it, then open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sync.key_store import KeyStore, KeyStoreError
from sync.outbox import Outbox

log = logging.getLogger(__name__)


def open_secure_outbox(
    data_dir: Path,
    *,
    reference_prefix: str,
    key_store: KeyStore,
    clock: Callable[[], datetime] | None = None,
) -> Outbox:
    """The outbox in ``data_dir`` with personal data encrypted by the key store's key.

    Raises ``KeyStoreError`` (key store unusable or key missing for existing data) or
    ``OutboxError`` (storage problems, or a key that does not match the data).
    """
    key = key_store.outbox_key(data_dir)
    if key is None:
        if Outbox.holds_encrypted_data(data_dir):
            raise KeyStoreError(
                f"the encryption key for the outbox in {data_dir} is missing from the {key_store.describe()}; "
                "its stored submissions cannot be read. Restore the key; no new key was made"
            )
        key = key_store.create_outbox_key(data_dir)
        log.info("made a new outbox encryption key in the %s", key_store.describe())
    return Outbox.open(data_dir, reference_prefix=reference_prefix, encryption_key=key, clock=clock)
