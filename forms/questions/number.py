"""A number, whole by default, within optional limits; commas and spaces are forgiven.

Only the ASCII digits 0-9 count, and at most 15 of them before the decimal point: anything bigger
is out of range (a float holds 15 digits exactly), so no input can overflow or raise.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from typing import Any

from forms.definition import Question
from forms.questions.base import AnswerFormatError, FieldError, OptionSpec, QuestionType

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
MAX_DIGITS = 15
LARGEST = 10**MAX_DIGITS - 1  # the limit when the form sets none (or a wider one)


def plain_number(value: int | float) -> str:
    """The number in ordinary digits, never in exponent form (1234567, 0.00001, 2.5)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


class NumberQuestion(QuestionType):
    name = "number"
    input_kind = "number"
    options = {
        "min": OptionSpec((int, float), "a number"),
        "max": OptionSpec((int, float), "a number"),
        "whole_number": OptionSpec((bool,), "true or false"),
        "unit": OptionSpec((dict,), "a text map such as {en: metres}"),
    }
    messages = {
        "required": "Enter a number",
        "invalid": "Enter a number, like 3",
        "not_whole": "Enter a whole number, like 3",
        "too_small": "Enter a number that is {min} or more",
        "too_large": "Enter a number that is {max} or less",
    }
    condition_operand = ((int, float), "a number")

    def check_options(self, options: dict[str, Any]) -> list[str]:
        low, high = options.get("min"), options.get("max")
        if low is not None and high is not None and low > high:
            return [f"min ({low}) is greater than max ({high})"]
        return []

    @staticmethod
    def _limits(options: dict[str, Any]) -> tuple[int | float, int | float]:
        """The smallest and largest answer: the form's min and max, within 15 digits."""
        low, high = options.get("min"), options.get("max")
        low = -LARGEST if low is None else max(low, -LARGEST)
        high = LARGEST if high is None else min(high, LARGEST)
        return low, high

    def message_values(self, options: dict[str, Any], key: str) -> dict[str, Any]:
        values = super().message_values(options, key)
        low, high = self._limits(options)
        if key == "too_small":
            values["min"] = low
        elif key == "too_large":
            values["max"] = high
        return values

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        text = re.sub(r"[\s,]", "", str(raw))
        if not _NUMBER.fullmatch(text):
            return None, [FieldError("invalid")]
        low, high = self._limits(question.options)
        too_small = FieldError("too_small", params={"min": low})
        too_large = FieldError("too_large", params={"max": high})
        negative = text.startswith("-")
        integer, _, fraction = text.removeprefix("-").partition(".")
        if len(integer.lstrip("0")) > MAX_DIGITS:
            return None, [too_small if negative else too_large]
        value: int | float
        if question.options.get("whole_number", True):
            if fraction.strip("0"):
                return None, [FieldError("not_whole")]
            value = -int(integer) if negative else int(integer)
        else:
            value = float(text)
            if not math.isfinite(value):  # cannot happen with 15 digits, but never pass inf on
                return None, [too_small if negative else too_large]
        if value < low:
            return None, [too_small]
        if value > high:
            return None, [too_large]
        return value, []

    def display(self, question: Question, value: Any, language: str) -> str:
        unit = question.options.get("unit")
        if isinstance(unit, dict):
            label = unit.get(language) or unit.get("en", "")
            return f"{plain_number(value)} {label}".strip()
        return plain_number(value)

    def raw_from_value(self, question: Question, value: Any) -> Any:
        return "" if value is None else plain_number(value)

    def from_json(self, question: Question, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise AnswerFormatError("must be a number or a numeric string")
        return str(data)
