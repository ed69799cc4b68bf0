"""Build questions and check answers to them as the screens and ``submit`` do."""

from __future__ import annotations

from datetime import date
from typing import Any

from helpers import TODAY

from forms.definition import Choice, Question
from forms.questions.base import check_answer
from forms.questions.registry import question_type


def make_question(type_name: str, **fields: Any) -> Question:
    return Question(id=fields.pop("id", "q"), type=type_name, text={"en": "A question"}, **fields)


def choices(*values: str) -> tuple[Choice, ...]:
    return tuple(Choice(value, {"en": value.title()}) for value in values)


def check(question: Question, raw: Any, today: date = TODAY) -> tuple[Any, list[str]]:
    """The checked value and the resident-facing messages, in English."""
    qtype = question_type(question.type)
    value, errors = check_answer(qtype, question, raw, today)
    return value, [qtype.message(question, error, "en") for error in errors]


def accepted(question: Question, raw: Any, today: date = TODAY) -> Any:
    value, messages = check(question, raw, today)
    assert messages == [], f"{raw!r} was rejected: {messages}"
    return value


def rejected(question: Question, raw: Any, today: date = TODAY) -> str:
    value, messages = check(question, raw, today)
    assert value is None
    assert len(messages) == 1, messages
    return messages[0]
