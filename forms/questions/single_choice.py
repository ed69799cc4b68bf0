"""One of a list of choices, stored by its value."""

from __future__ import annotations

from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import AnswerFormatError, FieldError, QuestionType
from forms.texts import localise


class SingleChoice(QuestionType):
    name = "single_choice"
    input_kind = "single_choice"
    needs_choices = True
    messages = {"required": "Select an answer", "unknown": "Select one of the options"}

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        if question.choice(raw) is None:
            return None, [FieldError("unknown")]
        return raw, []

    def display(self, question: Question, value: Any, language: str) -> str:
        choice = question.choice(value)
        return localise(choice.label, language) if choice else str(value)

    def from_json(self, question: Question, data: Any) -> Any:
        if not isinstance(data, str) or question.choice(data) is None:
            values = ", ".join(c.value for c in question.choices)
            raise AnswerFormatError(f"must be one of the choice values: {values}")
        return data
