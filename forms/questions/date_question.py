"""A date typed as day, month and year; month names such as "jan" or "March" are accepted."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from forms.definition import Question
from forms.questions.base import AnswerFormatError, FieldError, OptionSpec, QuestionType

PARTS = ("day", "month", "year")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Only ASCII digits: "²" and "٣" pass str.isdigit() but are not numbers a date can be made of.
_DAY_OR_MONTH = re.compile(r"[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}")


def _month_number(text: str) -> int | None:
    text = text.strip().lower().rstrip(".")
    if _DAY_OR_MONTH.fullmatch(text):
        return int(text)
    if len(text) >= 3:
        for number, name in enumerate(_MONTHS, start=1):
            if name.startswith(text) or (text == "sept" and number == 9):
                return number
    return None


class DateQuestion(QuestionType):
    name = "date"
    input_kind = "date"
    parts = PARTS
    options = {
        "must_be": OptionSpec(
            (str,),
            "one of past, future, today_or_past, today_or_future, any",
            ("past", "future", "today_or_past", "today_or_future", "any"),
        )
    }
    messages = {
        "required": "Enter a date",
        "missing_day": "Date must include a day",
        "missing_month": "Date must include a month",
        "missing_year": "Date must include a year",
        "year_digits": "Year must include 4 numbers",
        "invalid": "Date must be a real date",
        "past": "Date must be in the past",
        "future": "Date must be in the future",
        "today_or_past": "Date must be today or in the past",
        "today_or_future": "Date must be today or in the future",
    }
    condition_operand = None  # a date is only tested with answered

    def empty_raw(self) -> Any:
        return dict.fromkeys(PARTS, "")

    def is_empty(self, raw: Any) -> bool:
        return not raw or all(not str(raw.get(p, "")).strip() for p in PARTS)

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        day, month, year = (str(raw.get(p, "")).strip() for p in PARTS)
        missing = [p for p, v in zip(PARTS, (day, month, year), strict=True) if not v]
        if missing:
            return None, [FieldError(f"missing_{missing[0]}", missing[0])]
        if not _YEAR.fullmatch(year):
            return None, [FieldError("year_digits", "year")]
        month_number = _month_number(month)
        day_is_number = _DAY_OR_MONTH.fullmatch(day) is not None
        if not day_is_number or month_number is None:
            return None, [FieldError("invalid", "month" if day_is_number else "day")]
        try:
            value = date(int(year), month_number, int(day))
        except ValueError:
            return None, [FieldError("invalid", "day")]
        rule = question.options.get("must_be", "any")
        broken = {
            "past": value >= today,
            "future": value <= today,
            "today_or_past": value > today,
            "today_or_future": value < today,
        }.get(rule, False)
        if broken:
            return None, [FieldError(rule, "day")]
        return value, []

    def raw_from_value(self, question: Question, value: Any) -> Any:
        if value is None:
            return self.empty_raw()
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}

    def display(self, question: Question, value: Any, language: str) -> str:
        return f"{value.day} {_MONTHS[value.month - 1].capitalize()} {value.year}"

    def to_case(self, question: Question, value: Any) -> Any:
        return value.isoformat()

    def to_json(self, question: Question, value: Any) -> Any:
        return value.isoformat()

    def from_json(self, question: Question, data: Any) -> Any:
        match = _ISO_DATE.fullmatch(data) if isinstance(data, str) else None
        if not match:
            raise AnswerFormatError('must be a date written "YYYY-MM-DD"')
        year, month, day = match.groups()
        return {"day": day, "month": month, "year": year}
