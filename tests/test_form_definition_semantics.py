"""Definitions that parse but could not work are rejected too: messages naming values a page
cannot fill in, impossible multiple-choice limits, and conditions that can never hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from definition_helpers import GOOD, broken, line_of, problems, write

from forms.loader import load_form_file
from forms.questions.base import check_answer
from forms.questions.registry import question_type

# -- messages with {placeholders} ----------------------------------------------------------------


def with_errors(text: str, page: str, errors: str) -> str:
    """``text`` with an ``errors:`` map (given as YAML lines at page level) added to ``page``."""
    return broken(text, f"  - id: {page}\n", f"  - id: {page}\n    errors:\n{errors}")


def test_a_message_with_a_placeholder_the_page_cannot_fill_in(tmp_path: Path) -> None:
    text = with_errors(GOOD, "name", "      too_long: {en: 'Your name must be {maxlength} letters or fewer'}\n")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'too_long:')}: demo/name: "
        "unknown placeholder {maxlength} in errors.too_long (available: {max_length})"
    ]


def test_a_placeholder_must_be_available_to_that_message_on_that_page(tmp_path: Path) -> None:
    # {min} only exists when the page sets min; too_large always knows its {max}.
    text = with_errors(GOOD, "size", "      too_large: {en: 'Enter {min} to {max}'}\n")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'too_large:')}: demo/size: "
        "unknown placeholder {min} in errors.too_large (available: {max})"
    ]
    text = broken(text, "    type: number\n", "    type: number\n    min: 1\n")
    assert load_form_file(write(tmp_path, text)).page("size").errors["too_large"]["en"] == "Enter {min} to {max}"


def test_a_message_in_another_language_is_checked_too(tmp_path: Path) -> None:
    text = with_errors(GOOD, "name", "      required:\n        en: Enter your name\n        cy: Rhowch eich {enw}\n")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'required:')}: demo/name: "
        "unknown placeholder {enw} in errors.required (cy) (available: none)"
    ]


def test_a_lone_brace_in_a_message(tmp_path: Path) -> None:
    text = with_errors(GOOD, "name", "      required: {en: 'Enter your name } please'}\n")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'required:')}: demo/name: "
        "errors.required has a '{' or '}' that is not a placeholder: write a brace as {{ or }}"
    ]


def test_a_placeholder_with_a_format_that_does_not_fit_its_value(tmp_path: Path) -> None:
    text = with_errors(GOOD, "name", "      too_long: {en: 'At most {max_length:q} letters'}\n")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'too_long:')}: demo/name: "
        "errors.too_long cannot be filled in: Unknown format code 'q' for object of type 'int'"
    ]


def test_placeholders_and_doubled_braces_that_fit_are_filled_in_at_run_time(tmp_path: Path) -> None:
    text = with_errors(GOOD, "name", "      too_long: {en: 'At most {max_length} letters {{not a placeholder}}'}\n")
    page = load_form_file(write(tmp_path, text)).page("name")
    qtype = question_type("short_text")
    _, errors = check_answer(qtype, page, "x" * 201, date(2026, 11, 22))
    assert qtype.message(page, errors[0], "en") == "At most 200 letters {not a placeholder}"


# -- multiple choice -----------------------------------------------------------------------------

EXTRAS = """\
  - id: extras
    type: multiple_choice
    question: {en: "Which extras?"}
    min_choices: 1
    choices:
      - value: lid
        label: {en: A lid}
      - value: wheels
        label: {en: Wheels}
    routes:
      - when: {includes: lid}
        goto: name
"""


def with_page(page: str) -> str:
    """GOOD with ``page`` (YAML for one list item) added just before the name page."""
    return broken(GOOD, "  - id: name\n", page + "  - id: name\n")


@pytest.mark.parametrize("least", [0, -1, 3])
def test_min_choices_must_be_between_one_and_the_number_of_choices(tmp_path: Path, least: int) -> None:
    text = broken(with_page(EXTRAS), "min_choices: 1", f"min_choices: {least}")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'min_choices')}: demo/extras: "
        f"'min_choices' must be from 1 to the number of choices (2), not {least}"
    ]


@pytest.mark.parametrize("test", ["{equals: lid}", "{not_equals: lid}", "{in: [lid, wheels]}"])
def test_a_multiple_choice_page_is_tested_with_includes_or_answered(tmp_path: Path, test: str) -> None:
    text = broken(with_page(EXTRAS), "{includes: lid}", test)
    path, found = problems(tmp_path, text)
    name = test.strip("{").split(":")[0]
    assert found == [
        f"{path}:{line_of(text, 'routes:', 2)}: demo/extras: "
        f"'{name}' cannot test multiple_choice page 'extras': on a multiple_choice page use includes or answered"
    ]


@pytest.mark.parametrize("test", ["{includes: wheels}", "{answered: true}"])
def test_includes_and_answered_on_a_multiple_choice_page_are_fine(tmp_path: Path, test: str) -> None:
    text = broken(with_page(EXTRAS), "{includes: lid}", test)
    load_form_file(write(tmp_path, text))


# -- what a condition compares an answer with ----------------------------------------------------


def with_route(page: str, when: str) -> str:
    """GOOD with a route on ``when`` added to the (routeless) size or name page."""
    route = f"\n    routes:\n      - when: {when}\n        goto: check-answers"
    return broken(GOOD, f"case: {page}", f"case: {page}{route}")


@pytest.mark.parametrize(
    ("when", "operand"),
    [("{equals: big}", "'big'"), ("{not_equals: '3'}", "'3'"), ("{in: [1, two]}", "'two'"), ("{equals: true}", "True")],
)
def test_a_condition_on_a_number_page_compares_with_numbers(tmp_path: Path, when: str, operand: str) -> None:
    text = with_route("attribute:size", when)
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'routes:', 2)}: demo/size: "
        f"condition on number page 'size' must use a number, not {operand}"
    ]


@pytest.mark.parametrize("when", ["{equals: 3}", "{not_equals: -1}", "{in: [1, 2.5]}", "{answered: true}"])
def test_a_condition_on_a_number_page_with_numbers_is_fine(tmp_path: Path, when: str) -> None:
    load_form_file(write(tmp_path, with_route("attribute:size", when)))


@pytest.mark.parametrize(("when", "operand"), [("{equals: 3}", "3"), ("{in: [Jo, false]}", "False")])
def test_a_condition_on_a_text_page_compares_with_text(tmp_path: Path, when: str, operand: str) -> None:
    text = with_route("full_name", when)
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'routes:', 2)}: demo/name: "
        f"condition on short_text page 'name' must use text, not {operand}"
    ]


@pytest.mark.parametrize("type_name", ["date", "address"])
@pytest.mark.parametrize("when", ["{equals: '2026-01-01'}", "{not_equals: 2026-01-01}", "{in: ['2026-01-01']}"])
def test_a_date_or_address_page_is_tested_only_with_answered(tmp_path: Path, type_name: str, when: str) -> None:
    text = broken(with_route("attribute:size", when), "type: number", f"type: {type_name}")
    path, found = problems(tmp_path, text)
    name = when.strip("{").split(":")[0]
    assert found == [
        f"{path}:{line_of(text, 'routes:', 2)}: demo/size: "
        f"'{name}' cannot test {type_name} page 'size': on a {type_name} page use answered"
    ]
    fine = broken(with_route("attribute:size", "{answered: true}"), "type: number", f"type: {type_name}")
    load_form_file(write(tmp_path, fine))
