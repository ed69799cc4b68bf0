"""How the personal data of a submission (answers + case payload) is turned into bytes.

The data lives in one column, next to the name of the codec that wrote it. Callers never see the
bytes. New rows are written with ``fernet-v1`` (JSON encrypted and authenticated with Fernet:
AES-128-CBC plus HMAC-SHA256, key held in the OS keyring); ``json-v1`` rows (plain JSON) are
read only so older outboxes can be re-encrypted when they are opened with a key.
"""

from __future__ import annotations

import json
from typing import Any, Protocol


class PersonalDataCodec(Protocol):
    """Turns a JSON-like dict into bytes and back. ``name`` is stored with every blob."""

    name: str

    def encode(self, data: dict[str, Any]) -> bytes:
        """Return the bytes for ``data``; raise ``ValueError`` if it cannot be encoded."""
        ...

    def decode(self, blob: bytes) -> dict[str, Any]:
        """Return the dict that ``encode`` was given; raise ``ValueError`` on bad bytes."""
        ...


class JsonCodec:
    """Plain UTF-8 JSON, no encryption. Error messages never include the data itself."""

    name = "json-v1"

    def encode(self, data: dict[str, Any]) -> bytes:
        try:
            text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            # json's messages name the offending type only, never the value.
            raise ValueError(f"personal data is not JSON-serialisable: {exc}") from None
        return text.encode("utf-8")

    def decode(self, blob: bytes) -> dict[str, Any]:
        try:
            data = json.loads(blob.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError(f"stored personal data is not valid {self.name}") from None
        if not isinstance(data, dict):
            raise ValueError(f"stored personal data is not a {self.name} object")
        return data


class FernetCodec:
    """JSON encrypted with a Fernet key. Decoding with the wrong key, or tampered bytes, fails."""

    name = "fernet-v1"

    def __init__(self, key: bytes) -> None:
        from cryptography.fernet import Fernet

        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError):
            raise ValueError("the outbox encryption key is not a valid Fernet key") from None

    def encode(self, data: dict[str, Any]) -> bytes:
        return self._fernet.encrypt(JsonCodec().encode(data))

    def decode(self, blob: bytes) -> dict[str, Any]:
        from cryptography.fernet import InvalidToken

        try:
            plain = self._fernet.decrypt(blob)
        except InvalidToken:
            raise ValueError(f"stored personal data cannot be decrypted with this key ({self.name})") from None
        return JsonCodec().decode(plain)


CODECS: dict[str, PersonalDataCodec] = {codec.name: codec for codec in (JsonCodec(),)}
"""Codecs that need no key, by name."""

CURRENT_CODEC: PersonalDataCodec = CODECS["json-v1"]
"""The codec of an outbox opened without a key (tools and tests that choose plain storage)."""


def codecs_for(key: bytes | None) -> tuple[PersonalDataCodec, dict[str, PersonalDataCodec]]:
    """The codec new rows are written with, and every codec rows may be read with, for ``key``."""
    if key is None:
        return CURRENT_CODEC, dict(CODECS)
    fernet = FernetCodec(key)
    return fernet, {**CODECS, fernet.name: fernet}


def codec_named(name: str) -> PersonalDataCodec:
    """Return the keyless codec called ``name``; ``KeyError`` if there is none."""
    return CODECS[name]
