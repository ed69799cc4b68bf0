"""Back and Change never leave "Check your answers" incomplete, whatever order a resident
taps them in: two known sequences, a form with a shortcut past a page, and a seeded random walk
over every shipped form checked against an independent reading of the routes."""

from __future__ import annotations

import math
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from helpers import BUNDLED_FORMS, TODAY
from journey_helpers import ADDRESS, STREET_FORM, check_answers, give, started

from forms.definition import FormDefinition, Question
from forms.journey import BEFORE_YOU_START, Journey
from forms.loader import load_form_file
from forms.questions.registry import question_type

# -- Back and Change never leave check answers incomplete ----------------------------------------

CALL_BACK = ["housing", "Mould in the bathroom", "Jo Bloggs", "07700 900982", "any-time", "yes", "Polish"]


def test_backing_through_an_earlier_finished_change_keeps_every_checked_answer() -> None:
    form = load_form_file(BUNDLED_FORMS / "call-back.yaml")
    journey = started(form)
    give(journey, *CALL_BACK)
    journey.change("phone")
    give(journey, "01632 960 001")
    assert journey.at_check_answers
    journey.change("full-name")
    assert journey.answer("") is False
    journey.back()
    assert journey.at_check_answers
    journey.back()
    assert journey.position == "phone"
    assert journey.answer("") is False
    journey.back()
    assert journey.at_check_answers
    assert len(check_answers(journey).rows) == 7
    answers = journey.submission().answers
    assert (answers["full-name"], answers["phone"]) == ("Jo Bloggs", "01632960001")


def test_backing_out_of_a_change_never_undoes_a_change_already_finished() -> None:
    form = load_form_file(BUNDLED_FORMS / "call-back.yaml")
    journey = started(form)
    give(journey, *CALL_BACK)
    journey.change("phone")
    give(journey, "01632 960 001")
    assert journey.at_check_answers
    journey.back()
    assert journey.position == "phone"
    assert journey.answer("") is False
    journey.back()
    assert journey.at_check_answers
    assert journey.answers()["phone"] == "01632960001"  # not the number from before that change
    assert journey.submission().payload["phone"] == "01632960001"


def valid_raw(page: Question, rng: random.Random) -> Any:
    """Input a resident might type that the page accepts (an optional page may be left empty)."""
    qtype = question_type(page.type)
    if page.optional and rng.random() < 0.3:
        return qtype.empty_raw()
    values = [c.value for c in page.choices]
    match page.type:
        case "short_text" | "long_text":
            return rng.choice(["Jo Bloggs", "It has been there for a week", "x"])
        case "number":
            low, high = page.options.get("min", 0), page.options.get("max", 500)
            return str(rng.randint(math.ceil(low), math.floor(high)))
        case "email":
            return rng.choice(["jo@example.com", "Mary@Example.ORG"])
        case "phone":
            return rng.choice(["07700 900982", "+44 1632 960001"])
        case "postcode":
            return rng.choice(["sw1a 2aa", "AB1 2CD"])
        case "address":
            return {**ADDRESS, "line1": rng.choice(["1 High Street", "Flat 2, 3 Low Road"])}
        case "date":
            offset = {"past": -3, "future": 3, "today_or_past": 0, "today_or_future": 0}
            day = TODAY + timedelta(days=offset.get(page.options.get("must_be", "any"), rng.randint(-9, 9)))
            return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
        case "single_choice":
            return rng.choice(values)
        case "multiple_choice":
            return rng.sample(values, rng.randint(max(page.options.get("min_choices", 1), 1), len(values)))
        case "yes_no":
            return rng.choice(["yes", "no"])
    raise AssertionError(page.type)


def invalid_raw(page: Question, rng: random.Random) -> Any:
    """Input the page rejects: left empty when required, or in the wrong shape."""
    qtype = question_type(page.type)
    if not page.optional and rng.random() < 0.5:
        return qtype.empty_raw()
    return {
        "short_text": "x" * (page.options.get("max_length", 200) + 1),
        "long_text": "x" * (page.options.get("max_length", 1200) + 1),
        "number": rng.choice(["lots", "²", "9" * 400]),
        "email": "jo at example",
        "phone": rng.choice(["123", "07700 9009²"]),
        "postcode": "HELLO",
        "address": {**ADDRESS, "town": ""},
        "date": rng.choice([{"day": "31", "month": "2", "year": "2026"}, {"day": "²", "month": "1", "year": "2026"}]),
        "single_choice": "not-a-choice",
        "multiple_choice": ["not-a-choice"],
        "yes_no": "maybe",
    }[page.type]


CONDITION_TESTS = {
    "answered": lambda value, operand: (value is not None) == operand,
    "equals": lambda value, operand: value is not None and value == operand,
    "not_equals": lambda value, operand: value is not None and value != operand,
    "in": lambda value, operand: value is not None and value in operand,
    "includes": lambda value, operand: value is not None and operand in value,
}


def route_of(form: FormDefinition, answers: dict[str, Any]) -> tuple[list[str], str]:
    """Follow the form's routes over ``answers`` alone: the pages passed and where it stops."""
    route: list[str] = []
    position = form.pages[0].id
    while position in answers and position not in route:
        route.append(position)
        page = form.page(position)
        index = form.index_of(position)
        position = form.pages[index + 1].id if index + 1 < len(form.pages) else "check-answers"
        for rule in page.routes:
            when = rule.when
            if when is None or CONDITION_TESTS[when.test](answers.get(when.question), when.operand):
                position = rule.goto
                break
    return route, position


def check_invariant(form: FormDefinition, journey: Journey, actions: list[str]) -> None:
    """Whenever check your answers shows, the whole route is answered and can be sent."""
    if not journey.at_check_answers:
        return
    where = " -> ".join(actions)
    answers = journey.answers()
    route, stop = route_of(form, answers)
    assert stop == "check-answers", f"{form.id}: route stops at {stop} after {where}"
    assert list(answers) == route, where
    for page_id in route:
        assert answers[page_id] is not None or form.page(page_id).optional, f"{page_id} unanswered after {where}"
    assert [row.question_id for row in check_answers(journey).rows] == route, where
    submission = journey.submission()
    assert set(submission.answers) == {p for p in route if answers[p] is not None}, where


def test_a_random_walk_of_answers_back_and_change_never_reaches_an_incomplete_check(tmp_path: Path) -> None:
    """2,000 seeded random journeys over the shipped forms and the two written in this file."""
    for name, text in (("street-problem", STREET_FORM), ("shortcut", SHORTCUT_FORM)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    paths = sorted(BUNDLED_FORMS.glob("*.yaml")) + sorted(tmp_path.glob("*.yaml"))
    forms = [load_form_file(path) for path in paths]
    rng = random.Random(20261122)
    reached = 0
    for _ in range(2000):
        form = rng.choice(forms)
        journey = Journey(form, today=lambda: TODAY)
        journey.start()
        actions = ["start"]
        for _ in range(rng.randint(5, 60)):
            position = journey.position
            if journey.at_check_answers:
                reached += 1
                if rng.random() < 0.5:
                    row = rng.choice(check_answers(journey).rows)
                    journey.change(row.question_id)
                    actions.append(f"change {row.question_id}")
                else:
                    journey.back()
                    actions.append("back")
            elif position.startswith("exit:") or position == BEFORE_YOU_START or rng.random() < 0.35:
                if not journey.back():
                    break
                actions.append("back")
            else:
                page = form.page(position)
                raw = valid_raw(page, rng) if rng.random() < 0.7 else invalid_raw(page, rng)
                ok = journey.answer(raw)
                actions.append(f"{position}={raw!r}{'' if ok else ' (error)'}")
            check_invariant(form, journey, actions)
    assert reached > 1000  # the walk really does visit check your answers, again and again


SHORTCUT_FORM = """\
id: shortcut
title: {en: Shortcut}
summary: {en: A page off the route can lead straight to check answers}
case:
  service_code: SHORTCUT
pages:
  - id: known
    type: yes_no
    question: {en: "Do you know what is broken?"}
    routes:
      - when: {equals: true}
        goto: details
  - id: guess
    type: short_text
    question: {en: "What do you think it might be?"}
    optional: true
    routes:
      - when: {answered: false}
        goto: check-answers
  - id: details
    type: short_text
    question: {en: "Tell us what is broken"}
"""


def test_a_page_off_the_route_cannot_jump_to_check_answers_over_an_unanswered_page(tmp_path: Path) -> None:
    path = tmp_path / "shortcut.yaml"
    path.write_text(SHORTCUT_FORM, encoding="utf-8")
    journey = started(load_form_file(path))
    give(journey, "no", "The gate", "Broken gate")
    journey.change("known")
    give(journey, "yes")  # guess is off the route now
    assert journey.at_check_answers
    journey.back()
    journey.back()
    assert journey.at_check_answers
    journey.back()
    assert journey.position == "details"
    assert journey.answer("") is False
    journey.back()
    assert journey.position == "guess"  # still in the Back history, though off the route
    # Its own answer does not count off the route, so "answered: false" holds and its route goes
    # to check answers; but details is on the route and unanswered, so it is asked instead.
    give(journey, "The fence")
    assert journey.position == "details"
    give(journey, "Broken fence")
    assert journey.at_check_answers
    assert journey.submission().answers == {"known": True, "details": "Broken fence"}
