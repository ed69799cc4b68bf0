"""Turn a journey's answers into the case the council's system receives.

The payload is plain JSON: ``service_code``, ``attributes`` (code -> value or list), and the
Open311 standard fields that the form maps (``address_string``, ``first_name``, ``last_name``,
``email``, ``phone``, ``description``). Labels in ``description`` are in English, the council's
working language; the resident's own words are sent exactly as entered.
"""

from __future__ import annotations

from typing import Any

from forms.definition import FormDefinition
from forms.questions.registry import question_type
from forms.texts import localise


def build_case_payload(form: FormDefinition, answers: dict[str, Any]) -> dict[str, Any]:
    """Map answered pages (``page id -> value``, None for not provided) onto the case fields."""
    payload: dict[str, Any] = {"service_code": form.service_code, "attributes": {}}
    description: list[str] = []
    for page_id, value in answers.items():
        page = form.page(page_id)
        if page.case is None or value is None:
            continue
        qtype = question_type(page.type)
        if page.case == "description":
            text = qtype.display(page, value, "en")
            description.append(f"{localise(page.text, 'en')}\n{text}")
        elif page.case.startswith("attribute:"):
            payload["attributes"][page.case.removeprefix("attribute:")] = qtype.to_case(page, value)
        elif page.case == "full_name":
            first, _, last = str(value).rpartition(" ")
            payload["first_name"], payload["last_name"] = (first, last) if first else (last, "")
        else:
            payload[page.case] = qtype.to_case(page, value)
    if description:
        payload["description"] = "\n\n".join(description)[:4000]
    return payload
