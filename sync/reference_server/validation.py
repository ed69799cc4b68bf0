"""Reading and checking a ``POST requests`` form the way GeoReport v2 describes it.

Promises: ``check_submission`` returns every problem it finds (so a client sees them all at once), each
naming the field or ``attribute[code]`` concerned; with no problems it returns the case's fields.
Attributes of services without metadata are stored as sent, unchecked. Blank optional fields are None.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .services import Attribute, Service

MAX_DESCRIPTION = 4000
PLAIN_FIELDS = (
    "service_code", "jurisdiction_id", "lat", "long", "address_string", "address_id", "email", "device_id",
    "account_id", "first_name", "last_name", "phone", "description", "media_url",
)  # fmt: skip
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")


def fingerprint(pairs: list[tuple[str, str]]) -> str:
    """A digest of the sorted form fields, ``api_key`` left out: equal for the same payload."""
    payload = json.dumps(sorted(p for p in pairs if p[0] != "api_key"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def last_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Each field's last value."""
    return dict(pairs)


def read_attributes(pairs: list[tuple[str, str]]) -> dict[str, str | list[str]]:
    """``attribute[code]`` -> a string (the last one sent); ``attribute[code][]`` -> a list of every value."""
    attributes: dict[str, str | list[str]] = {}
    for name, value in pairs:
        match = _ATTRIBUTE.match(name)
        if match is None:
            continue
        code = match.group(1)
        if match.group(2):
            previous = attributes.get(code)
            listed = previous if isinstance(previous, list) else ([] if previous is None else [previous])
            attributes[code] = [*listed, value]
        else:
            attributes[code] = value
    return attributes


def check_submission(pairs: list[tuple[str, str]], services: Mapping[str, Service]) -> tuple[list[str], dict]:
    """``(problems, case fields)``; the fields are only meaningful when there are no problems."""
    fields = last_values(pairs)
    problems: list[str] = []
    jurisdiction = fields.get("jurisdiction_id")
    if jurisdiction is not None and not jurisdiction.strip():
        problems.append("jurisdiction_id is empty: leave it out, or send the jurisdiction's id")
    code = fields.get("service_code", "").strip()
    service = services.get(code)
    if not code:
        problems.append("service_code is required")
    elif service is None:
        problems.append(f"service_code {code!r} is not a service of this server")
    lat, lon = _coordinate(fields, "lat", 90, problems), _coordinate(fields, "long", 180, problems)
    has_point = bool(fields.get("lat", "").strip() and fields.get("long", "").strip())
    if not (has_point or fields.get("address_string", "").strip() or fields.get("address_id", "").strip()):
        problems.append("location required: send lat and long, address_string or address_id")
    attributes = read_attributes(pairs)
    if service is not None and service.metadata:
        for attribute in sorted(service.attributes, key=lambda a: a.order):
            if attribute.variable:
                problems.extend(_check_attribute(attribute, attributes.get(attribute.code)))
    if len(fields.get("description", "")) > MAX_DESCRIPTION:
        problems.append(f"description is longer than {MAX_DESCRIPTION} characters")
    case: dict[str, Any] = {name: (fields.get(name) or "").strip() or None for name in PLAIN_FIELDS}
    reference = attributes.get("kiosk_reference")
    case.update(
        service_code=code,
        service_name=service.name if service else None,
        lat=lat if has_point else None,
        long=lon if has_point else None,
        description=fields.get("description") or None,
        attributes=attributes,
        kiosk_reference=reference if isinstance(reference, str) or reference is None else ",".join(reference),
    )
    return problems, case


def _coordinate(fields: dict[str, str], name: str, limit: float, problems: list[str]) -> float | None:
    text = fields.get(name, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > limit:
        problems.append(f"{name} must be a number between -{limit:g} and {limit:g}, not {text!r}")
        return None
    return value


def _check_attribute(attribute: Attribute, sent: str | list[str] | None) -> list[str]:
    name = f"attribute[{attribute.code}]"
    values = [v.strip() for v in ([] if sent is None else [sent] if isinstance(sent, str) else sent) if v.strip()]
    if not values:
        return [f"{name} is required: {attribute.description}"] if attribute.required else []
    if attribute.datatype == "singlevaluelist" and len(values) > 1:
        return [f"{name} takes one value, not {len(values)}"]
    problems = []
    for value in values:
        if attribute.datatype in ("singlevaluelist", "multivaluelist") and value not in attribute.keys:
            problems.append(f"{name}: {value!r} is not one of {', '.join(attribute.keys)}")
        elif attribute.datatype == "number" and not _is_number(value):
            problems.append(f"{name} must be a number, not {value!r}")
        elif attribute.datatype == "datetime" and not _is_datetime(value):
            problems.append(f"{name} must be a date or date and time in ISO 8601 form, not {value!r}")
    return problems


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _is_datetime(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
