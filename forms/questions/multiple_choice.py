"""Any number of a list of choices ("select all that apply"), stored as a list of values."""

from __future__ import annotations

from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import AnswerFormatError, FieldError, OptionSpec, QuestionType
from forms.texts import localise


class MultipleChoice(QuestionType):
    name = "multiple_choice"
    input_kind = "multiple_choice"
    needs_choices = True
    options = {"min_choices": OptionSpec((int,), "a whole number")}
    messages = {
        "required": "Select all that apply",
        "unknown": "Select from the options shown",
        "too_few": "Select at least {min_choices}",
    }
    condition_operand = None  # only includes and answered test a list of ticked values

    def message_values(self, options: dict[str, Any], key: str) -> dict[str, Any]:
        values = super().message_values(options, key)
        if key == "too_few":
            values["min_choices"] = options.get("min_choices", 1)
        return values

    def empty_raw(self) -> Any:
        return []

    def is_empty(self, raw: Any) -> bool:
        return not raw

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        chosen = [c.value for c in question.choices if c.value in raw]
        if len(chosen) != len(set(raw)):
            return None, [FieldError("unknown")]
        least = question.options.get("min_choices", 1)
        if len(chosen) < least:
            return None, [FieldError("too_few", params={"min_choices": least})]
        return chosen, []

    def raw_from_value(self, question: Question, value: Any) -> Any:
        return list(value or [])

    def display(self, question: Question, value: Any, language: str) -> str:
        return "\n".join(self._label(question, v, language) for v in value)

    @staticmethod
    def _label(question: Question, value: str, language: str) -> str:
        choice = question.choice(value)
        return localise(choice.label, language) if choice else value

    def from_json(self, question: Question, data: Any) -> Any:
        if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
            raise AnswerFormatError("must be a list of choice values")
        unknown = [v for v in data if question.choice(v) is None]
        if unknown:
            values = ", ".join(c.value for c in question.choices)
            raise AnswerFormatError(f"has {', '.join(unknown)}, not among the choices: {values}")
        return list(data)
