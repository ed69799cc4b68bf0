"""Open the kiosk's outbox (encrypted, key from the key store) and pick the key store."""

from __future__ import annotations

from kiosk.settings import Settings
from sync.key_store import DemoKeyStore, KeyStore
from sync.outbox import Outbox
from sync.secure_outbox import open_secure_outbox


def key_store_for(settings: Settings) -> KeyStore:
    """The demo's labelled file key store in demo mode; the OS keyring otherwise."""
    return DemoKeyStore(settings.data_dir) if settings.demo else KeyStore()


def open_outbox(settings: Settings, key_store: KeyStore | None = None) -> Outbox:
    """The kiosk's outbox in its data directory; raises KeyStoreError or OutboxError with the reason."""
    store = key_store if key_store is not None else key_store_for(settings)
    return open_secure_outbox(settings.data_dir, reference_prefix=settings.kiosk.reference_prefix, key_store=store)


def open_outbox_for_status(settings: Settings) -> Outbox:
    """The outbox opened without its key, for listing states only (works when the key is lost)."""
    return Outbox.open(
        settings.data_dir, reference_prefix=settings.kiosk.reference_prefix, encryption_key=None, status_only=True
    )
