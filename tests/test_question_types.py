"""Every question type, checked exactly as the screens and ``submit`` check it: ``check_answer``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from question_helpers import TODAY, accepted, check, choices, make_question, rejected

from forms.questions.base import check_answer
from forms.questions.registry import QUESTION_TYPES, question_type


def test_the_registry_has_the_twelve_documented_types() -> None:
    assert set(QUESTION_TYPES) == {
        "short_text", "long_text", "number", "email", "phone", "postcode",
        "address", "date", "single_choice", "multiple_choice", "yes_no", "pin",
    }  # fmt: skip
    for name, qtype in QUESTION_TYPES.items():
        assert qtype.name == name
        assert "required" in qtype.messages


# -- required and optional -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_name", "empty", "message"),
    [
        ("short_text", "   ", "Enter an answer"),
        ("long_text", "", "Enter an answer"),
        ("number", " ", "Enter a number"),
        ("email", "", "Enter an email address"),
        ("phone", "", "Enter a phone number"),
        ("postcode", "  ", "Enter a postcode"),
        ("address", {"line1": " ", "line2": "", "town": "", "postcode": ""}, "Enter the building and street"),
        ("date", {"day": "", "month": " ", "year": ""}, "Enter a date"),
        ("single_choice", "", "Select an answer"),
        ("multiple_choice", [], "Select all that apply"),
        ("yes_no", "", "Select yes or no"),
    ],
)
def test_an_empty_answer_to_a_required_question_gets_the_required_message(
    type_name: str, empty: Any, message: str
) -> None:
    question = make_question(type_name, choices=choices("a", "b") if "choice" in type_name else ())
    assert rejected(question, empty) == message


@pytest.mark.parametrize("type_name", sorted(QUESTION_TYPES))
def test_an_empty_answer_to_an_optional_question_is_accepted_as_not_provided(type_name: str) -> None:
    question = make_question(type_name, optional=True, choices=choices("a", "b") if "choice" in type_name else ())
    empty = question_type(type_name).empty_raw()
    assert check(question, empty) == (None, [])


@pytest.mark.parametrize("type_name", sorted(QUESTION_TYPES))
def test_every_default_message_names_only_values_its_type_supplies(type_name: str) -> None:
    """The loader checks a form's own messages against ``message_values``; the defaults obey it too."""
    qtype = question_type(type_name)
    for key, text in qtype.messages.items():
        text.format_map(qtype.message_values({}, key))


def test_the_form_can_give_its_own_words_for_a_message() -> None:
    question = make_question("postcode", errors={"required": {"en": "Enter your postcode", "cy": "Rhowch"}})
    qtype = question_type("postcode")
    _, errors = check_answer(qtype, question, "", TODAY)
    assert qtype.message(question, errors[0], "en") == "Enter your postcode"
    assert qtype.message(question, errors[0], "cy") == "Rhowch"
    assert qtype.message(question, errors[0], "pl") == "Enter your postcode"


# -- short and long text -------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", ["short_text", "long_text"])
def test_text_is_trimmed(type_name: str) -> None:
    assert accepted(make_question(type_name), "  Jo Bloggs \n") == "Jo Bloggs"


def test_text_longer_than_max_length_is_rejected_with_the_limit_in_the_message() -> None:
    question = make_question("long_text", options={"max_length": 500})
    assert accepted(question, "x" * 500) == "x" * 500
    assert accepted(question, "  " + "x" * 500 + "  ") == "x" * 500
    assert rejected(question, "x" * 501) == "Answer must be 500 characters or fewer"


@pytest.mark.parametrize(("type_name", "limit"), [("short_text", 200), ("long_text", 1200)])
def test_text_types_have_their_documented_default_limits(type_name: str, limit: int) -> None:
    question = make_question(type_name)
    assert accepted(question, "y" * limit) == "y" * limit
    assert rejected(question, "y" * (limit + 1)) == f"Answer must be {limit} characters or fewer"


# -- number --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "value"), [("3", 3), ("1,234", 1234), (" 12 000 ", 12000), ("-4", -4), ("7.0", 7)])
def test_whole_numbers_forgive_commas_and_spaces(raw: str, value: int) -> None:
    result = accepted(make_question("number"), raw)
    assert result == value
    assert isinstance(result, int)


@pytest.mark.parametrize("raw", ["three", "3a", "1.2.3", "--3", "."])
def test_a_number_that_is_not_a_number_is_rejected(raw: str) -> None:
    assert rejected(make_question("number"), raw) == "Enter a number, like 3"


def test_a_number_must_be_whole_unless_the_form_says_otherwise() -> None:
    assert rejected(make_question("number"), "2.5") == "Enter a whole number, like 3"
    assert accepted(make_question("number", options={"whole_number": False}), "2.5") == 2.5


def test_number_limits_name_the_limit() -> None:
    question = make_question("number", options={"min": 1, "max": 10})
    assert accepted(question, "1") == 1
    assert accepted(question, "10") == 10
    assert rejected(question, "0") == "Enter a number that is 1 or more"
    assert rejected(question, "11") == "Enter a number that is 10 or less"
    assert rejected(question, "1,000") == "Enter a number that is 10 or less"


# "²" and "٣" pass str.isdigit(), and Python's int() and float() read "٣" as 3: only 0-9 count.
@pytest.mark.parametrize("raw", ["²", "3²", "٣", "１２", "1.٥"])
def test_a_number_in_digits_other_than_0_to_9_is_rejected(raw: str) -> None:
    assert rejected(make_question("number"), raw) == "Enter a number, like 3"
    assert rejected(make_question("number", options={"whole_number": False}), raw) == "Enter a number, like 3"


@pytest.mark.parametrize("whole_number", [True, False])
@pytest.mark.parametrize("digits", [16, 400, 5000])
def test_a_number_with_too_many_digits_is_out_of_range_and_never_crashes(whole_number: bool, digits: int) -> None:
    question = make_question("number", options={"whole_number": whole_number})
    assert rejected(question, "9" * digits) == "Enter a number that is 999999999999999 or less"
    assert rejected(question, "-" + "9" * digits) == "Enter a number that is -999999999999999 or more"
    limited = make_question("number", options={"whole_number": whole_number, "min": 1, "max": 10})
    assert rejected(limited, "9" * digits) == "Enter a number that is 10 or less"
    assert rejected(limited, "-" + "9" * digits) == "Enter a number that is 1 or more"


def test_fifteen_digits_are_accepted_and_read_back_in_full() -> None:
    question = make_question("number")
    qtype = question_type("number")
    value = accepted(question, "999,999,999,999,999")
    assert value == 999_999_999_999_999
    assert accepted(question, "000" + "1" * 15) == 111_111_111_111_111
    assert accepted(question, "12.000000000000000000000000") == 12
    assert rejected(question, "12.0000000000000000000000001") == "Enter a whole number, like 3"
    # Check your answers and the page on Back show every digit, never "1e+15" or "1.23457e+06".
    assert qtype.display(question, value, "en") == "999999999999999"
    assert qtype.display(question, 1234567, "en") == "1234567"
    assert accepted(question, qtype.raw_from_value(question, 1234567)) == 1234567
    decimal = make_question("number", options={"whole_number": False})
    assert qtype.display(decimal, 0.00001, "en") == "0.00001"
    assert accepted(decimal, qtype.raw_from_value(decimal, 0.00001)) == 0.00001
    assert accepted(decimal, "0." + "3" * 400) == pytest.approx(1 / 3)


def test_a_json_number_too_big_for_a_float_is_out_of_range() -> None:
    question = make_question("number")
    qtype = question_type("number")
    assert rejected(question, qtype.from_json(question, 10**400)) == "Enter a number that is 999999999999999 or less"
    assert rejected(question, qtype.from_json(question, 1e300)) == "Enter a number, like 3"


# -- email ---------------------------------------------------------------------------------------


def test_an_email_address_is_trimmed_and_its_domain_lower_cased() -> None:
    assert accepted(make_question("email"), "  Jo.Bloggs@Example.ORG ") == "Jo.Bloggs@example.org"


@pytest.mark.parametrize("raw", ["jo", "jo@", "@example.com", "jo@example", "jo bloggs@example.com", "jo@@x.com"])
def test_an_email_address_in_the_wrong_shape_is_rejected(raw: str) -> None:
    message = rejected(make_question("email"), raw)
    assert message == "Enter an email address in the correct format, like name@example.com"


def test_an_overlong_email_address_is_rejected() -> None:
    raw = "a" * 250 + "@example.com"
    assert rejected(make_question("email"), raw) == "Email address must be 254 characters or fewer"


# -- phone ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "digits", "shown"),
    [
        ("07700 900 982", "07700900982", "07700 900982"),
        ("+44 7700 900982", "07700900982", "07700 900982"),
        ("+44 (0)7700 900982", "07700900982", "07700 900982"),
        ("0044 7700 900982", "07700900982", "07700 900982"),
        ("(01632) 960001", "01632960001", "01632 960001"),
        ("020-7946-0000", "02079460000", "020 7946 0000"),
    ],
)
def test_uk_phone_numbers_are_accepted_and_normalised(raw: str, digits: str, shown: str) -> None:
    question = make_question("phone")
    assert accepted(question, raw) == digits
    assert question_type("phone").display(question, digits, "en") == shown
    assert question_type("phone").to_case(question, digits) == digits


@pytest.mark.parametrize(
    "raw", ["12345", "07700 900 9", "07700 900 98 22", "+1 202 555 0100", "0770090098x", "00 7700 900982"]
)
def test_numbers_that_are_not_uk_phone_numbers_are_rejected(raw: str) -> None:
    message = rejected(make_question("phone"), raw)
    assert message == "Enter a UK phone number, like 01632 960 001 or 07700 900 982"


@pytest.mark.parametrize("raw", ["07700 90098²", "٠٧٧٠٠٩٠٠٩٨٢", "07700 9009٨٢", "０７７００９００９８２"])
def test_a_phone_number_in_digits_other_than_0_to_9_is_rejected(raw: str) -> None:
    message = rejected(make_question("phone"), raw)
    assert message == "Enter a UK phone number, like 01632 960 001 or 07700 900 982"


# -- postcode ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "postcode"),
    [("sw1a2aa", "SW1A 2AA"), (" Sw1A 2aA ", "SW1A 2AA"), ("m1 1ae", "M1 1AE"), ("B33  8TH", "B33 8TH")],
)
def test_postcodes_are_accepted_in_any_case_or_spacing(raw: str, postcode: str) -> None:
    assert accepted(make_question("postcode"), raw) == postcode


@pytest.mark.parametrize("raw", ["HELLO", "SW1A", "12345", "SW1A 2A"])
def test_a_postcode_in_the_wrong_shape_is_rejected(raw: str) -> None:
    assert rejected(make_question("postcode"), raw) == "Enter a real postcode, like SW1A 2AA"


# -- address -------------------------------------------------------------------------------------

ADDRESS = {"line1": " 1  High Street ", "line2": "", "town": "Anytown", "postcode": "ab1 2cd"}


def test_an_address_is_tidied_and_its_postcode_normalised() -> None:
    question = make_question("address")
    value = accepted(question, ADDRESS)
    assert value == {"line1": "1 High Street", "line2": "", "town": "Anytown", "postcode": "AB1 2CD"}
    qtype = question_type("address")
    assert qtype.to_case(question, value) == "1 High Street, Anytown, AB1 2CD"
    assert qtype.display(question, value, "en") == "1 High Street\nAnytown\nAB1 2CD"


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("line1", "Enter the building and street"),
        ("town", "Enter the town or city"),
        ("postcode", "Enter a postcode"),
    ],
)
def test_each_missing_part_of_an_address_gets_its_own_message(part: str, message: str) -> None:
    question = make_question("address")
    qtype = question_type("address")
    value, errors = check_answer(qtype, question, {**ADDRESS, part: "  "}, TODAY)
    assert value is None
    assert [(e.part, qtype.message(question, e, "en")) for e in errors] == [(part, message)]


def test_an_address_with_a_bad_postcode_points_at_the_postcode() -> None:
    question = make_question("address")
    qtype = question_type("address")
    _, errors = check_answer(qtype, question, {**ADDRESS, "postcode": "HELLO"}, TODAY)
    assert [(e.part, qtype.message(question, e, "en")) for e in errors] == [
        ("postcode", "Enter a real postcode, like SW1A 2AA")
    ]


def test_an_address_missing_several_parts_names_each_of_them() -> None:
    _, messages = check(make_question("address"), {"line1": "", "line2": "Flat 2", "town": "", "postcode": ""})
    assert messages == ["Enter the building and street", "Enter the town or city", "Enter a postcode"]


# -- date ----------------------------------------------------------------------------------------


def day_month_year(day: str, month: str, year: str) -> dict[str, str]:
    return {"day": day, "month": month, "year": year}


@pytest.mark.parametrize(
    ("month", "number"),
    [("1", 1), ("01", 1), ("jan", 1), ("Jan", 1), ("March", 3), ("mar.", 3), ("sept", 9), ("DECEMBER", 12)],
)
def test_a_month_may_be_a_number_or_a_name(month: str, number: int) -> None:
    assert accepted(make_question("date"), day_month_year("5", month, "2026")) == date(2026, number, 5)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (day_month_year("", "3", "2026"), "Date must include a day"),
        (day_month_year("5", "", "2026"), "Date must include a month"),
        (day_month_year("5", "3", ""), "Date must include a year"),
        (day_month_year("5", "3", "26"), "Year must include 4 numbers"),
        (day_month_year("31", "2", "2026"), "Date must be a real date"),
        (day_month_year("5", "13", "2026"), "Date must be a real date"),
        (day_month_year("5", "ja", "2026"), "Date must be a real date"),
        (day_month_year("fifth", "3", "2026"), "Date must be a real date"),
    ],
)
def test_an_incomplete_or_impossible_date_is_rejected(raw: dict[str, str], message: str) -> None:
    assert rejected(make_question("date"), raw) == message


def test_a_missing_day_points_at_the_day() -> None:
    qtype = question_type("date")
    _, errors = check_answer(qtype, make_question("date"), day_month_year("", "3", "2026"), TODAY)
    assert errors[0].part == "day"


# "²" and "٣" pass str.isdigit() but int() cannot read "²"; a month of "²" used to crash the screen.
@pytest.mark.parametrize(
    ("raw", "message", "part"),
    [
        (day_month_year("5", "²", "2026"), "Date must be a real date", "month"),
        (day_month_year("5", "٣", "2026"), "Date must be a real date", "month"),
        (day_month_year("5", "1" * 5000, "2026"), "Date must be a real date", "month"),
        (day_month_year("²", "3", "2026"), "Date must be a real date", "day"),
        (day_month_year("٣", "3", "2026"), "Date must be a real date", "day"),
        (day_month_year("1" * 5000, "3", "2026"), "Date must be a real date", "day"),
        (day_month_year("5", "3", "²⁰²⁶"), "Year must include 4 numbers", "year"),
        (day_month_year("5", "3", "٢٠٢٦"), "Year must include 4 numbers", "year"),
        (day_month_year("5", "3", "２０２６"), "Year must include 4 numbers", "year"),
    ],
)
def test_a_date_in_digits_other_than_0_to_9_gets_the_usual_message(
    raw: dict[str, str], message: str, part: str
) -> None:
    qtype = question_type("date")
    _, errors = check_answer(qtype, make_question("date"), raw, TODAY)
    assert [(qtype.message(make_question("date"), e, "en"), e.part) for e in errors] == [(message, part)]


YESTERDAY, TOMORROW = day_month_year("21", "11", "2026"), day_month_year("23", "11", "2026")
ON_THE_DAY = day_month_year("22", "nov", "2026")


@pytest.mark.parametrize(
    ("must_be", "raw", "message"),
    [
        ("past", YESTERDAY, None),
        ("past", ON_THE_DAY, "Date must be in the past"),
        ("past", TOMORROW, "Date must be in the past"),
        ("future", TOMORROW, None),
        ("future", ON_THE_DAY, "Date must be in the future"),
        ("today_or_past", ON_THE_DAY, None),
        ("today_or_past", YESTERDAY, None),
        ("today_or_past", TOMORROW, "Date must be today or in the past"),
        ("today_or_future", ON_THE_DAY, None),
        ("today_or_future", YESTERDAY, "Date must be today or in the future"),
        ("any", TOMORROW, None),
    ],
)
def test_must_be_is_judged_against_the_given_today(must_be: str, raw: dict[str, str], message: str | None) -> None:
    question = make_question("date", options={"must_be": must_be})
    value, messages = check(question, raw, TODAY)
    assert messages == ([message] if message else [])
    assert (value is None) == (message is not None)


def test_a_date_reads_back_in_words_and_goes_to_the_case_as_iso() -> None:
    question = make_question("date")
    qtype = question_type("date")
    value = accepted(question, day_month_year("7", "jan", "2026"))
    assert qtype.display(question, value, "en") == "7 January 2026"
    assert qtype.to_case(question, value) == "2026-01-07"
    assert qtype.raw_from_value(question, value) == day_month_year("7", "1", "2026")


# -- choices -------------------------------------------------------------------------------------


def test_single_choice_accepts_only_its_values() -> None:
    question = make_question("single_choice", choices=choices("general", "recycling"))
    assert accepted(question, "recycling") == "recycling"
    assert rejected(question, "Recycling") == "Select one of the options"
    assert question_type("single_choice").display(question, "recycling", "en") == "Recycling"


def test_multiple_choice_keeps_the_order_of_the_choices() -> None:
    question = make_question("multiple_choice", choices=choices("a", "b", "c"))
    assert accepted(question, ["c", "a"]) == ["a", "c"]
    assert question_type("multiple_choice").display(question, ["a", "c"], "en") == "A\nC"


def test_multiple_choice_rejects_values_that_are_not_choices() -> None:
    question = make_question("multiple_choice", choices=choices("a", "b", "c"))
    assert rejected(question, ["a", "zzz"]) == "Select from the options shown"


def test_multiple_choice_min_choices() -> None:
    question = make_question("multiple_choice", choices=choices("a", "b", "c"), options={"min_choices": 2})
    assert rejected(question, ["b"]) == "Select at least 2"
    assert accepted(question, ["b", "c"]) == ["b", "c"]


def test_yes_no_is_a_boolean() -> None:
    question = make_question("yes_no")
    assert accepted(question, "yes") is True
    assert accepted(question, "no") is False
    assert rejected(question, "maybe") == "Select yes or no"
    assert question_type("yes_no").display(question, True, "en") == "Yes"
    assert question_type("yes_no").raw_from_value(question, False) == "no"


# -- pin -----------------------------------------------------------------------------------------


def test_a_pin_takes_exactly_its_digits_and_is_shown_only_as_dots() -> None:
    question = make_question("pin", options={"digits": 6})
    assert accepted(question, " 123 456 ") == "123456"
    assert rejected(question, "12345") == "Code must be 6 numbers long"
    assert rejected(question, "12a456") == "Code must only include numbers 0 to 9"
    assert rejected(question, "١٢٣٤٥٦") == "Code must only include numbers 0 to 9"
    assert rejected(make_question("pin"), "") == "Enter your code"
    qtype = question_type("pin")
    assert qtype.masked and not question_type("short_text").masked
    assert qtype.display(question, "123456", "en") == "••••••"
    assert qtype.check_options({"digits": 3}) == ["digits must be from 4 to 12, not 3"]
