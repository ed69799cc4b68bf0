"""Shared behaviour of the free-text types (short and long text)."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from forms.definition import Question
from forms.questions.base import FieldError, OptionSpec, QuestionType


class FreeText(QuestionType):
    """Text as typed, trimmed; too long is the only other mistake."""

    default_max_length: ClassVar[int] = 200
    options = {
        "max_length": OptionSpec((int,), "a whole number of characters"),
        "autocomplete": OptionSpec((str,), "an autocomplete hint such as 'name'"),
    }
    messages = {
        "required": "Enter an answer",
        "too_long": "Answer must be {max_length} characters or fewer",
    }

    def check_options(self, options: dict[str, Any]) -> list[str]:
        if options.get("max_length", 1) < 1:
            return ["max_length must be 1 or more"]
        return []

    def message_values(self, options: dict[str, Any], key: str) -> dict[str, Any]:
        values = super().message_values(options, key)
        if key == "too_long":
            values["max_length"] = options.get("max_length", self.default_max_length)
        return values

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        text = str(raw).strip()
        limit = question.options.get("max_length", self.default_max_length)
        if len(text) > limit:
            return None, [FieldError("too_long", params={"max_length": limit})]
        return text, []
