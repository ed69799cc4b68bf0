"""A UK postcode in any case or spacing, stored as ``SW1A 2AA``."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import FieldError, QuestionType

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(text: str) -> str | None:
    """Return the postcode in standard form, or None if it is not the shape of a UK postcode."""
    compact = re.sub(r"\s+", "", text).upper()
    if compact == "GIR0AA":
        return "GIR 0AA"
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


class PostcodeQuestion(QuestionType):
    name = "postcode"
    input_kind = "postcode"
    messages = {
        "required": "Enter a postcode",
        "invalid": "Enter a real postcode, like SW1A 2AA",
    }

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        postcode = normalise_postcode(str(raw))
        if postcode is None:
            return None, [FieldError("invalid")]
        return postcode, []
