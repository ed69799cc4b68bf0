"""Understand Open311 GeoReport v2 answers, JSON or XML, however the server labelled them.

``parse_answer`` sniffs the body (a server asked for JSON may answer XML, and the reverse) and
turns both formats into the same plain shapes: a list of records (dicts of strings, nested lists
for ``attributes``/``values``), or an error list, or the readable text of an HTML/plain-text page.
XML is parsed with ``defusedxml`` only. Nothing here raises on server input.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any, Literal

from defusedxml import ElementTree as SafeElementTree

from sync.case_api.base import CaseStatus, NotFound, ServiceSummary

TEXT_LIMIT = 500
# XML elements whose children form a list (the JSON form has an array there).
_XML_LISTS = {
    "service_requests": "request",
    "services": "service",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}
# A JSON object with just one of these keys is a wrapper around the real answer.
_WRAPPERS = ("service_requests", "request", "services", "service", "service_definition")
_ERROR_KEYS = frozenset({"code", "description", "message", "error"})
_TRUE = frozenset({"true", "1", "yes", "y", "t"})


@dataclass(frozen=True)
class ServerError:
    """One ``{code, description}`` of an Open311 error list."""

    code: str
    description: str


AnswerKind = Literal["records", "errors", "html", "text", "empty", "unparseable"]


@dataclass(frozen=True)
class Answer:
    """A parsed body: ``records`` (JSON-like), ``errors``, or readable ``text`` for other bodies."""

    kind: AnswerKind
    records: list[Any] = field(default_factory=list)
    errors: list[ServerError] = field(default_factory=list)
    text: str = ""

    def server_words(self) -> str:
        """What the server said, for staff: error descriptions joined with ``; ``, or its text."""
        if self.errors:
            words = "; ".join(
                error.description or error.code for error in self.errors if error.description or error.code
            )
            return trim(words)
        return self.text


# ---------------------------------------------------------------------------------------------
# Text helpers


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def trim(text: str, limit: int = TEXT_LIMIT) -> str:
    """Whitespace collapsed, at most ``limit`` characters (an ellipsis marks a cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def readable_text(body: str, limit: int = TEXT_LIMIT) -> str:
    """The words of an HTML or plain-text body: tags, scripts and styles removed, trimmed."""
    if "<" in body:
        extractor = _TextExtractor()
        try:
            extractor.feed(body)
            extractor.close()
            body = " ".join(extractor.parts)
        except Exception:  # server input: fall back to a crude strip
            body = html.unescape(re.sub(r"<[^>]*>", " ", body))
    return trim(body, limit)


def text_value(value: Any) -> str | None:
    """A field as stripped text; None when missing or blank (numbers become their text)."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    return text or None


def bool_value(value: Any, default: bool = False) -> bool:
    """``true``/``false`` in any of the ways servers write them."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = text_value(value)
    if text is None:
        return default
    return text.lower() in _TRUE


def int_value(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    text = text_value(value)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        try:
            return int(float(text))
        except (ValueError, OverflowError):
            return default


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date-time with a timezone as an aware datetime; anything else None."""
    text = text_value(value)
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


# ---------------------------------------------------------------------------------------------
# Bodies


def sniff(body: str) -> Literal["json", "xml", "html", "text", "empty"]:
    """What a body really is, whatever its Content-Type says."""
    head = body.lstrip("\ufeff \t\r\n")
    if not head:
        return "empty"
    if head[0] in "[{":
        return "json"
    if head[0] == "<":
        start = head[:200].lower()
        if start.startswith("<!doctype html") or start.startswith("<html") or "<html" in start:
            return "html"
        return "xml"
    return "text"


def decode_body(content: bytes, encoding: str | None = None) -> str:
    """Bytes to text: the declared charset, else UTF-8 (with a BOM or not), replacing bad bytes."""
    for candidate in (encoding, "utf-8-sig"):
        if not candidate:
            continue
        try:
            return content.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


def parse_answer(content: bytes, encoding: str | None = None) -> Answer:
    """Parse a response body of any format into an ``Answer``; never raises."""
    try:
        body = decode_body(content, encoding)
        kind = sniff(body)
        if kind == "empty":
            return Answer("empty")
        if kind == "html":
            return Answer("html", text=readable_text(body))
        if kind == "text":
            return Answer("text", text=readable_text(body))
        data = json.loads(body.lstrip("\ufeff")) if kind == "json" else _xml_data(content)
        return _classify(data)
    except Exception:  # any malformed or hostile body is just "unparseable"
        return Answer("unparseable", text=_safe_text(content, encoding))


def _safe_text(content: bytes, encoding: str | None) -> str:
    try:
        return readable_text(decode_body(content, encoding))
    except Exception:
        return ""


def _xml_data(content: bytes) -> Any:
    root = SafeElementTree.fromstring(content.lstrip(b"\xef\xbb\xbf \t\r\n"))
    return {_local(root.tag): _xml_value(root)}


def _local(tag: Any) -> str:
    tag = str(tag)
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _xml_value(element: Any) -> Any:
    children = list(element)
    tag = _local(element.tag)
    if tag in _XML_LISTS:
        return [_xml_value(child) for child in children if _local(child.tag) == _XML_LISTS[tag]]
    if not children:
        return element.text or ""
    record: dict[str, Any] = {}
    for child in children:
        name = _local(child.tag)
        value = _xml_value(child)
        if name in record:
            previous = record[name]
            record[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            record[name] = value
    return record


def _classify(data: Any) -> Answer:
    data = _unwrap(data)
    if isinstance(data, dict) and "errors" in data:
        return Answer("errors", errors=_errors(data["errors"]))
    items = data if isinstance(data, list) else [data]
    records = [item for item in items if isinstance(item, dict)]
    if records and all(_looks_like_error(item) for item in records):
        return Answer("errors", errors=_errors(records))
    if not isinstance(data, list | dict):
        return Answer("unparseable", text=trim(str(data)))
    return Answer("records", records=records)


def _unwrap(data: Any) -> Any:
    for _ in range(3):
        if isinstance(data, dict) and len(data) == 1:
            ((key, inner),) = data.items()
            if key in _WRAPPERS and isinstance(inner, dict | list):
                data = inner
                continue
        break
    return data


def _looks_like_error(item: dict[str, Any]) -> bool:
    keys = set(item)
    return bool(keys) and keys <= _ERROR_KEYS and ("description" in keys or "message" in keys or "error" in keys)


def _errors(raw: Any) -> list[ServerError]:
    if isinstance(raw, dict):
        raw = raw.get("error", raw)
    items = raw if isinstance(raw, list) else [raw]
    errors: list[ServerError] = []
    for item in items:
        if isinstance(item, dict):
            description = item.get("description", item.get("message", item.get("error")))
            errors.append(ServerError(text_value(item.get("code")) or "", text_value(description) or ""))
        elif text_value(item):
            errors.append(ServerError("", text_value(item) or ""))
    return errors


# ---------------------------------------------------------------------------------------------
# Open311 shapes


def first_field(records: list[Any], name: str) -> str | None:
    """The first non-blank ``name`` among the records."""
    for record in records:
        if isinstance(record, dict):
            value = text_value(record.get(name))
            if value is not None:
                return value
    return None


def keywords(value: Any) -> tuple[str, ...]:
    """Keywords as a tuple, from a list or a comma-separated string."""
    if isinstance(value, list):
        words = [text_value(item) for item in value]
    else:
        words = [text_value(item) for item in (text_value(value) or "").split(",")]
    return tuple(word for word in words if word)


def normalise_attribute(raw: dict[str, Any]) -> dict[str, Any]:
    """One service-definition attribute with every field present, typed and stripped."""
    values = raw.get("values")
    if isinstance(values, dict):
        values = [values]
    cleaned_values = []
    for value in values if isinstance(values, list) else []:
        if not isinstance(value, dict):
            continue
        key = text_value(value.get("key")) or ""
        cleaned_values.append({"key": key, "name": text_value(value.get("name")) or key})
    return {
        "variable": bool_value(raw.get("variable"), default=True),
        "code": text_value(raw.get("code")) or "",
        "datatype": (text_value(raw.get("datatype")) or "string").lower(),
        "required": bool_value(raw.get("required"), default=False),
        "datatype_description": text_value(raw.get("datatype_description")) or "",
        "order": int_value(raw.get("order"), default=0),
        "description": text_value(raw.get("description")) or "",
        "values": cleaned_values,
    }


def normalise_definition(records: list[Any], service_code: str) -> dict[str, Any] | None:
    """The normalised ``service_definition``, or None when the records hold none."""
    definition = next((record for record in records if isinstance(record, dict)), None)
    if definition is None:
        return None
    attributes = definition.get("attributes")
    if attributes is None and "service_code" not in definition:
        return None
    if isinstance(attributes, dict):
        attributes = attributes.get("attribute", [attributes])
        attributes = attributes if isinstance(attributes, list) else [attributes]
    return {
        "service_code": text_value(definition.get("service_code")) or service_code,
        "attributes": [normalise_attribute(item) for item in attributes or [] if isinstance(item, dict)],
    }


def case_status_from(records: list[Any], remote_id: str) -> CaseStatus | NotFound:
    """The record for ``remote_id`` (or the first) as a ``CaseStatus``; ``NotFound`` when there is none."""
    wanted = remote_id.strip()
    candidates = [record for record in records if isinstance(record, dict)]
    if not candidates:
        return NotFound(f"the case API does not know case {remote_id}")
    record = next((r for r in candidates if text_value(r.get("service_request_id")) == wanted), candidates[0])
    return CaseStatus(
        remote_id=text_value(record.get("service_request_id")) or wanted,
        status=text_value(record.get("status")),
        status_notes=text_value(record.get("status_notes")),
        service_name=text_value(record.get("service_name")),
        agency_responsible=text_value(record.get("agency_responsible")),
        service_notice=text_value(record.get("service_notice")),
        requested_datetime=parse_datetime(record.get("requested_datetime")),
        updated_datetime=parse_datetime(record.get("updated_datetime")),
        expected_datetime=parse_datetime(record.get("expected_datetime")),
    )


def service_summary(record: dict[str, Any]) -> ServiceSummary | None:
    """One service-list entry, stripped and typed; None without a service code."""
    code = text_value(record.get("service_code"))
    if code is None:
        return None
    return ServiceSummary(
        service_code=code,
        service_name=text_value(record.get("service_name")) or code,
        description=text_value(record.get("description")) or "",
        metadata=bool_value(record.get("metadata"), default=False),
        type=(text_value(record.get("type")) or "realtime").lower(),
        keywords=keywords(record.get("keywords")),
        group=text_value(record.get("group")) or "",
    )
