"""A UK phone number: spaces, brackets, dashes and +44 are all accepted."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import FieldError, QuestionType

_ASCII_DIGITS = re.compile(r"[0-9]+")  # not str.isdigit(), which also passes "²" and "٣"


def normalise_uk_phone(text: str) -> str | None:
    """Return the national digits (``07700900982``) or None if it is not a UK number."""
    digits = re.sub(r"[\s\-().]", "", text)
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("(0)").lstrip("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].lstrip("0")
    if not _ASCII_DIGITS.fullmatch(digits) or not digits.startswith("0") or digits.startswith("00"):
        return None
    allowed = {"01": (10, 11), "08": (10, 11)}.get(digits[:2], (11,))
    return digits if len(digits) in allowed else None


def format_uk_phone(digits: str) -> str:
    """Group national digits the way people read them aloud."""
    if digits.startswith(("07", "08", "03", "01", "02")) and len(digits) == 11:
        if digits.startswith("02"):
            return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        return f"{digits[:5]} {digits[5:]}"
    return digits


class PhoneQuestion(QuestionType):
    name = "phone"
    input_kind = "phone"
    messages = {
        "required": "Enter a phone number",
        "invalid": "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
    }

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        digits = normalise_uk_phone(str(raw))
        if digits is None:
            return None, [FieldError("invalid")]
        return digits, []

    def display(self, question: Question, value: Any, language: str) -> str:
        return format_uk_phone(value)
