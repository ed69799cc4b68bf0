"""A short code of digits the resident keeps private (the PIN or code from a council letter).

It is masked on screen, shown as dots on "Check your answers", and never spoken aloud
(EN 301 549 5.1.3.8): read-aloud says only that it is hidden. It is sent as entered.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import FieldError, OptionSpec, QuestionType

_DIGITS = re.compile(r"[0-9]+")  # ASCII only: str.isdigit() would pass "²" and "٣"
MASK = "•"


class PinQuestion(QuestionType):
    name = "pin"
    input_kind = "pin"
    masked = True
    options = {
        "digits": OptionSpec((int,), "how many digits the code has, from 4 to 12"),
    }
    messages = {
        "required": "Enter your code",
        "not_digits": "Code must only include numbers 0 to 9",
        "wrong_length": "Code must be {digits} numbers long",
    }

    def check_options(self, options: dict[str, Any]) -> list[str]:
        digits = options.get("digits", 4)
        return [] if 4 <= digits <= 12 else [f"digits must be from 4 to 12, not {digits}"]

    def message_values(self, options: dict[str, Any], key: str) -> dict[str, Any]:
        return {"digits": options.get("digits", 4)}

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        code = re.sub(r"\s", "", str(raw))
        if not _DIGITS.fullmatch(code):
            return None, [FieldError("not_digits")]
        digits = question.options.get("digits", 4)
        if len(code) != digits:
            return None, [FieldError("wrong_length", params={"digits": digits})]
        return code, []

    def display(self, question: Question, value: Any, language: str) -> str:
        return MASK * len(str(value))
