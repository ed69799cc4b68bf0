"""A postal address typed in by hand: building and street, town, postcode."""

from __future__ import annotations

from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import AnswerFormatError, FieldError, QuestionType
from forms.questions.postcode import normalise_postcode

PARTS = ("line1", "line2", "town", "postcode")


class AddressQuestion(QuestionType):
    name = "address"
    input_kind = "address"
    parts = PARTS
    messages = {
        "required": "Enter the building and street",
        "line1_missing": "Enter the building and street",
        "town_missing": "Enter the town or city",
        "postcode_missing": "Enter a postcode",
        "postcode_invalid": "Enter a real postcode, like SW1A 2AA",
        "too_long": "Each line of the address must be 100 characters or fewer",
    }
    condition_operand = None  # an address is only tested with answered

    def empty_raw(self) -> Any:
        return dict.fromkeys(PARTS, "")

    def is_empty(self, raw: Any) -> bool:
        return not raw or all(not str(raw.get(p, "")).strip() for p in PARTS)

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        value = {p: " ".join(str(raw.get(p, "")).split()) for p in PARTS}
        errors = [FieldError("too_long", p) for p in PARTS if len(value[p]) > 100]
        if not value["line1"]:
            errors.append(FieldError("line1_missing", "line1"))
        if not value["town"]:
            errors.append(FieldError("town_missing", "town"))
        if not value["postcode"]:
            errors.append(FieldError("postcode_missing", "postcode"))
        else:
            postcode = normalise_postcode(value["postcode"])
            if postcode is None:
                errors.append(FieldError("postcode_invalid", "postcode"))
            else:
                value["postcode"] = postcode
        return (None, errors) if errors else (value, [])

    def raw_from_value(self, question: Question, value: Any) -> Any:
        return dict(value) if value else self.empty_raw()

    def display(self, question: Question, value: Any, language: str) -> str:
        return "\n".join(value[p] for p in PARTS if value[p])

    def to_case(self, question: Question, value: Any) -> Any:
        return ", ".join(value[p] for p in PARTS if value[p])

    def from_json(self, question: Question, data: Any) -> Any:
        if not isinstance(data, dict):
            raise AnswerFormatError('must be an object with "line1", "line2", "town", "postcode"')
        unknown = sorted(set(data) - set(PARTS))
        if unknown:
            raise AnswerFormatError(f"has unknown address fields: {', '.join(unknown)}")
        if any(not isinstance(v, str) for v in data.values()):
            raise AnswerFormatError("address fields must be text")
        return {p: data.get(p, "") for p in PARTS}
