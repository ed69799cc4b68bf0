"""An email address in the usual shape."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import FieldError, QuestionType

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


class EmailQuestion(QuestionType):
    name = "email"
    input_kind = "email"
    messages = {
        "required": "Enter an email address",
        "invalid": "Enter an email address in the correct format, like name@example.com",
        "too_long": "Email address must be 254 characters or fewer",
    }

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        text = str(raw).strip()
        if len(text) > 254:
            return None, [FieldError("too_long")]
        if not _EMAIL.match(text) or ".." in text:
            return None, [FieldError("invalid")]
        local, domain = text.rsplit("@", 1)
        return f"{local}@{domain.lower()}", []
