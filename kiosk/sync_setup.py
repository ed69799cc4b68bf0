"""Build the sync parts from the kiosk's settings: the case API client, the policy, the worker.

Qt-free, shared by ``council-kiosk sync`` and the running kiosk. Configuration mistakes raise
``SyncConfigError`` with a message naming the setting to fix; secrets come from the key store.
"""

from __future__ import annotations

from datetime import timedelta

from kiosk.settings import Settings
from sync.case_api.base import CaseApiClient
from sync.key_store import KeyStore, KeyStoreError
from sync.retry_policy import SyncPolicy

REQUEST_MARGIN_SECONDS = 5.0


class SyncConfigError(Exception):
    """Sync cannot run with this configuration; the message says what to change."""


def sync_policy(settings: Settings) -> SyncPolicy:
    """The worker's pacing and retention, from ``[sync]`` and the case API timeouts."""
    sync, api = settings.sync, settings.case_api
    budget = api.connect_timeout_seconds + api.read_timeout_seconds + REQUEST_MARGIN_SECONDS
    if sync.lease_seconds <= budget:
        raise SyncConfigError(
            f"sync.lease_seconds ({sync.lease_seconds:g}) must be longer than one request can take "
            f"({budget:g} s: case_api connect + read timeouts and {REQUEST_MARGIN_SECONDS:g} s)"
        )
    return SyncPolicy(
        lease_seconds=sync.lease_seconds,
        batch_size=sync.batch_size,
        backoff_base_seconds=sync.backoff_base_seconds,
        backoff_cap_seconds=max(sync.backoff_cap_seconds, sync.backoff_base_seconds),
        pause_probe_seconds=sync.pause_probe_seconds,
        request_budget_seconds=budget,
        purge_grace=timedelta(hours=sync.purge_grace_hours),
        rejected_retention=timedelta(days=sync.rejected_retention_days),
    )


def build_case_api_client(settings: Settings, key_store: KeyStore, *, need_api_key: bool = True) -> CaseApiClient:
    """The configured case API client; ``SyncConfigError`` if the settings or key are missing."""
    from sync.case_api.registry import build_client

    api = settings.case_api
    if not api.base_url:
        raise SyncConfigError("no case API is configured: set [case_api] base_url in the config")
    if api.ca_bundle is not None and not api.ca_bundle.is_file():
        raise SyncConfigError(f"case_api.ca_bundle: no such file {api.ca_bundle}")
    try:
        api_key = key_store.api_key()
    except KeyStoreError as exc:
        raise SyncConfigError(f"the case API key cannot be read: {exc}") from exc
    if need_api_key and not api_key:
        raise SyncConfigError(
            f"no case API key: store one with `council-kiosk set-api-key` (kept in the {key_store.describe()}), "
            "or set KIOSK_CASE_API_KEY"
        )
    try:
        return build_client(
            api.kind,
            base_url=api.base_url,
            api_key=api_key or "",
            format=api.format,
            jurisdiction_id=api.jurisdiction_id,
            reference_attribute=api.reference_attribute,
            default_location=settings.kiosk.location.as_case_fields() or None,
            connect_timeout=api.connect_timeout_seconds,
            read_timeout=api.read_timeout_seconds,
            ca_bundle=api.ca_bundle,
        )
    except ValueError as exc:
        raise SyncConfigError(f"case_api: {exc}") from exc
