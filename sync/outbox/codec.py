"""How the personal data of a submission (answers + case payload) is turned into bytes.

The data lives in one column, next to the name of the codec that wrote it. Callers never see the
bytes, so encryption can arrive later as a new codec plus a migration that re-encodes rows,
without changing any caller. Old rows stay readable because the codec is looked up by name.
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


CODECS: dict[str, PersonalDataCodec] = {codec.name: codec for codec in (JsonCodec(),)}
"""Every codec that may have written a stored row, by name."""

CURRENT_CODEC: PersonalDataCodec = CODECS["json-v1"]
"""The codec new rows are written with."""


def codec_named(name: str) -> PersonalDataCodec:
    """Return the registered codec called ``name``; ``KeyError`` if there is none."""
    return CODECS[name]
