"""The kinds of council case API the kiosk can speak, by the name used in ``case_api.kind``."""

from __future__ import annotations

from typing import Any

from sync.case_api.base import CaseApiClient
from sync.case_api.open311 import Open311Client

CASE_API_KINDS: dict[str, type[CaseApiClient]] = {"open311": Open311Client}


def build_client(kind: str, **options: Any) -> CaseApiClient:
    """A client of ``kind`` built from plain keyword options (``base_url``, ``api_key`` ...).

    Raises ``ValueError`` for an unknown kind or options the client refuses (such as a plain
    http:// address that is not loopback).
    """
    try:
        factory = CASE_API_KINDS[kind]
    except KeyError:
        known = ", ".join(sorted(CASE_API_KINDS))
        raise ValueError(f"unknown case API kind {kind!r} (known: {known})") from None
    return factory(**options)
