"""Build the ``POST requests`` form body of Open311 GeoReport v2 from a case payload.

The body is ``application/x-www-form-urlencoded; charset=utf-8``: ``api_key``, ``jurisdiction_id``
(only when configured: an empty one breaks some servers), ``service_code``, a location, the standard
fields, then ``attribute[code]=value`` for every answer (a list repeats ``attribute[code][]=v``),
and ``attribute[<reference attribute>]=<kiosk reference>`` so an adapter can de-duplicate.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

DESCRIPTION_LIMIT = 4000
LOCATION_FIELDS = ("lat", "long", "address_string", "address_id")
STANDARD_FIELDS = ("email", "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url")

# Only real HTML markup is stripped, so a resident's "< 5 metres >" survives.
_HTML_ELEMENTS = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|canvas|caption|center|cite|"
    "code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|figcaption|figure|font|"
    "footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|"
    "mark|marquee|menu|meta|meter|nav|noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|s|"
    "samp|script|section|select|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|"
    "textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr"
)
_HTML_TAG_RE = re.compile(
    rf"<!--.*?-->|<!doctype[^<>]*>|</?(?:{_HTML_ELEMENTS})(?:\s[^<>]*)?/?>",
    re.IGNORECASE | re.DOTALL,
)


def strip_html(text: str) -> str:
    """``text`` without HTML tags and comments (the words between tags are kept)."""
    return _HTML_TAG_RE.sub("", text)


def clean_description(text: str) -> str:
    """No HTML, at most 4000 characters."""
    return strip_html(text)[:DESCRIPTION_LIMIT]


def form_value(value: Any) -> str:
    """One value as Open311 text: ``true``/``false``, plain numbers (never exponents), strings as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("a case value is not a finite number")
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text or "E" in text else text
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != ()


def _location(payload: Mapping[str, Any], default_location: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    pairs = _location_from(payload)
    if not pairs and default_location:
        pairs = _location_from(default_location)
    return pairs


def _location_from(source: Mapping[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if _present(source.get("lat")) and _present(source.get("long")):
        pairs += [("lat", form_value(source["lat"])), ("long", form_value(source["long"]))]
    for name in ("address_string", "address_id"):
        if _present(source.get(name)):
            pairs.append((name, form_value(source[name])))
    return pairs


def build_form_pairs(
    payload: Mapping[str, Any],
    *,
    api_key: str,
    jurisdiction_id: str = "",
    reference_attribute: str = "kiosk_reference",
    reference: str = "",
    default_location: Mapping[str, Any] | None = None,
) -> list[tuple[str, str]]:
    """The ordered form fields for one case."""
    pairs: list[tuple[str, str]] = [("api_key", api_key)]
    if jurisdiction_id:
        pairs.append(("jurisdiction_id", jurisdiction_id))
    pairs.append(("service_code", form_value(payload.get("service_code", ""))))
    pairs += _location(payload, default_location)
    for name in STANDARD_FIELDS:
        value = payload.get(name)
        if not _present(value):
            continue
        text = form_value(value)
        if name == "description":
            text = clean_description(text)
        pairs.append((name, text))
    attributes = payload.get("attributes") or {}
    for code, value in attributes.items():
        if code == reference_attribute or not _present(value):
            continue
        if isinstance(value, list | tuple):
            pairs += [(f"attribute[{code}][]", form_value(item)) for item in value if item is not None]
        else:
            pairs.append((f"attribute[{code}]", form_value(value)))
    if reference_attribute and reference:
        pairs.append((f"attribute[{reference_attribute}]", reference))
    return pairs


def encode_form(pairs: list[tuple[str, str]]) -> bytes:
    """``application/x-www-form-urlencoded`` bytes, UTF-8 percent-encoded."""
    return urlencode(pairs, encoding="utf-8").encode("ascii")
