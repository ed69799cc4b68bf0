"""A Yes or No question; the answer is a boolean."""

from __future__ import annotations

from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import AnswerFormatError, FieldError, QuestionType
from forms.wording import wording


class YesNo(QuestionType):
    name = "yes_no"
    input_kind = "yes_no"
    messages = {"required": "Select yes or no", "unknown": "Select yes or no"}
    condition_operand = ((bool,), "true or false")

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        if raw not in ("yes", "no"):
            return None, [FieldError("unknown")]
        return raw == "yes", []

    def raw_from_value(self, question: Question, value: Any) -> Any:
        return "" if value is None else ("yes" if value else "no")

    def display(self, question: Question, value: Any, language: str) -> str:
        return wording("yes" if value else "no", language)

    def from_json(self, question: Question, data: Any) -> Any:
        if not isinstance(data, bool):
            raise AnswerFormatError("must be true or false")
        return "yes" if data else "no"
