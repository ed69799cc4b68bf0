"""Answers and how they are written: JSON (top-level arrays, or an object for a service definition) or XML.

Promises: ``render`` gives UTF-8 bytes and a Content-Type with a charset. In XML, ``None`` is an empty
element, booleans are ``true``/``false``, and a list under ``attributes``/``values`` holds
``attribute``/``value`` elements; a top-level list holds one element per item (``ITEM_TAGS``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}


@dataclass
class Answer:
    """What to send back: ``data`` under XML root ``root``, or ``raw`` (body, content type) as is.

    ``drop`` means: send nothing and close the connection.
    """

    status: int
    root: str = "errors"
    data: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: tuple[bytes, str] | None = None
    drop: bool = False


def error(status: int, description: str, code: int | None = None) -> Answer:
    """An error list with one entry; its ``code`` is the HTTP status unless given."""
    return errors(status, [description], code)


def errors(status: int, descriptions: list[str], code: int | None = None) -> Answer:
    """An error list with one entry per description."""
    entry_code = status if code is None else code
    return Answer(status, "errors", [{"code": entry_code, "description": d} for d in descriptions])


def render(answer: Answer, fmt: str) -> tuple[bytes, str]:
    """The body and Content-Type of ``answer`` in ``fmt`` (``json`` or ``xml``)."""
    if answer.raw is not None:
        return answer.raw
    if fmt == "xml":
        return render_xml(answer.root, answer.data), XML_TYPE
    return json.dumps(answer.data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), JSON_TYPE


def render_xml(root_tag: str, data: Any) -> bytes:
    """``data`` as an XML document whose root element is ``root_tag``."""
    root = ET.Element(root_tag)
    _fill(root, root_tag, data)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _fill(element: ET.Element, tag: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), key, item)
    elif isinstance(value, list | tuple):
        item_tag = ITEM_TAGS.get(tag, "item")
        for item in value:
            _fill(ET.SubElement(element, item_tag), item_tag, item)
    elif value is None:
        return
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)
