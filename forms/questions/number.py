"""A number, whole by default, within optional limits; commas and spaces are forgiven."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import AnswerFormatError, FieldError, OptionSpec, QuestionType

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


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

    def check_options(self, options: dict[str, Any]) -> list[str]:
        low, high = options.get("min"), options.get("max")
        if low is not None and high is not None and low > high:
            return [f"min ({low}) is greater than max ({high})"]
        return []

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        text = re.sub(r"[\s,]", "", str(raw))
        if not _NUMBER.match(text):
            return None, [FieldError("invalid")]
        whole = question.options.get("whole_number", True)
        if whole and "." in text and float(text) != int(float(text)):
            return None, [FieldError("not_whole")]
        value: int | float = int(float(text)) if whole else float(text)
        low, high = question.options.get("min"), question.options.get("max")
        if low is not None and value < low:
            return None, [FieldError("too_small")]
        if high is not None and value > high:
            return None, [FieldError("too_large")]
        return value, []

    def display(self, question: Question, value: Any, language: str) -> str:
        unit = question.options.get("unit")
        if isinstance(unit, dict):
            label = unit.get(language) or unit.get("en", "")
            return f"{value:g} {label}".strip()
        return f"{value:g}"

    def raw_from_value(self, question: Question, value: Any) -> Any:
        return "" if value is None else f"{value:g}"

    def from_json(self, question: Question, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise AnswerFormatError("must be a number or a numeric string")
        return str(data)
