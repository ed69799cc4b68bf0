"""Answers in the ``submit`` JSON format are checked like typed input and come back as JSON;
misshapen ones raise ``AnswerFormatError`` with a message saying what shape was expected."""

from __future__ import annotations

from typing import Any

import pytest
from question_helpers import accepted, choices, make_question, rejected

from forms.questions.base import AnswerFormatError
from forms.questions.registry import question_type

# -- the submit JSON format ----------------------------------------------------------------------

ROUND_TRIPS = [
    ("short_text", {}, "Jo Bloggs", "Jo Bloggs"),
    ("long_text", {}, "It was not collected.", "It was not collected."),
    ("number", {}, 12, 12),
    ("number", {}, "1,200", 1200),
    ("number", {"options": {"whole_number": False}}, 2.5, 2.5),
    ("email", {}, "jo@example.com", "jo@example.com"),
    ("phone", {}, "07700 900982", "07700900982"),
    ("postcode", {}, "sw1a 2aa", "SW1A 2AA"),
    (
        "address",
        {},
        {"line1": "1 High Street", "town": "Anytown", "postcode": "AB1 2CD"},
        {"line1": "1 High Street", "line2": "", "town": "Anytown", "postcode": "AB1 2CD"},
    ),
    ("date", {}, "2026-03-01", "2026-03-01"),
    ("single_choice", {"choices": choices("a", "b")}, "b", "b"),
    ("multiple_choice", {"choices": choices("a", "b", "c")}, ["c", "a"], ["a", "c"]),
    ("yes_no", {}, True, True),
    ("yes_no", {}, False, False),
]


@pytest.mark.parametrize(("type_name", "fields", "given", "stored"), ROUND_TRIPS)
def test_a_json_answer_is_checked_like_typed_input_and_comes_back_as_json(
    type_name: str, fields: dict[str, Any], given: Any, stored: Any
) -> None:
    question = make_question(type_name, **fields)
    qtype = question_type(type_name)
    value = accepted(question, qtype.from_json(question, given))
    as_json = qtype.to_json(question, value)
    assert as_json == stored
    # The stored form is itself a valid answer that gives the same value again.
    assert accepted(question, qtype.from_json(question, as_json)) == value
    # And the raw input rebuilt from the value (what a screen shows on Back) checks to the same value.
    assert accepted(question, qtype.raw_from_value(question, value)) == value


def test_a_json_date_is_checked_like_a_typed_one() -> None:
    question = make_question("date", options={"must_be": "past"})
    qtype = question_type("date")
    assert rejected(question, qtype.from_json(question, "2026-02-30")) == "Date must be a real date"
    assert rejected(question, qtype.from_json(question, "2027-01-01")) == "Date must be in the past"


@pytest.mark.parametrize(
    ("type_name", "fields", "given", "message"),
    [
        ("short_text", {}, 12, "must be text (a JSON string)"),
        ("email", {}, ["jo@example.com"], "must be text (a JSON string)"),
        ("phone", {}, 7700900982, "must be text (a JSON string)"),
        ("number", {}, True, "must be a number or a numeric string"),
        ("number", {}, None, "must be a number or a numeric string"),
        ("date", {}, "1/3/2026", 'must be a date written "YYYY-MM-DD"'),
        ("date", {}, "٢٠٢٦-٠٣-٠١", 'must be a date written "YYYY-MM-DD"'),
        ("date", {}, "2026-03-01\n", 'must be a date written "YYYY-MM-DD"'),
        ("date", {}, {"day": "1", "month": "3", "year": "2026"}, 'must be a date written "YYYY-MM-DD"'),
        ("yes_no", {}, "yes", "must be true or false"),
        ("single_choice", {"choices": choices("a", "b")}, "c", "must be one of the choice values: a, b"),
        ("single_choice", {"choices": choices("a", "b")}, ["a"], "must be one of the choice values: a, b"),
        ("multiple_choice", {"choices": choices("a", "b")}, "a", "must be a list of choice values"),
        ("multiple_choice", {"choices": choices("a", "b")}, ["a", "x"], "has x, not among the choices: a, b"),
        ("address", {}, "1 High Street", 'must be an object with "line1", "line2", "town", "postcode"'),
        ("address", {}, {"line1": "1 High St", "flat": "2"}, "has unknown address fields: flat"),
        ("address", {}, {"line1": 1}, "address fields must be text"),
    ],
)
def test_a_misshapen_json_answer_raises_answer_format_error(
    type_name: str, fields: dict[str, Any], given: Any, message: str
) -> None:
    question = make_question(type_name, **fields)
    with pytest.raises(AnswerFormatError) as caught:
        question_type(type_name).from_json(question, given)
    assert str(caught.value) == message
