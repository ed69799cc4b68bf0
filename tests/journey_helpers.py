"""A street-problem form and small helpers for driving the journey engine in tests."""

from __future__ import annotations

from typing import Any

from forms.definition import FormDefinition
from forms.journey import Journey
from forms.steps import CheckAnswersStep, QuestionStep

STREET_FORM = """\
id: street-problem
title: {en: Report a street problem, cy: Rhoi gwybod am broblem stryd}
summary: {en: Tell us about a problem in your street}
case:
  service_code: STREET
pages:
  - id: kind
    type: single_choice
    question:
      en: What is the problem?
      cy: Beth yw'r broblem?
    hint: {en: Choose the closest one.}
    choices:
      - {value: bin, label: {en: A missed bin}}
      - {value: noise, label: {en: Noise}}
      - {value: gas, label: {en: A smell of gas}}
      - {value: other, label: {en: Something else}}
    case: attribute:kind
    routes:
      - when: {equals: gas}
        goto: gas-leak
      - when: {in: [noise, other]}
        goto: details
  - id: bin-colour
    type: single_choice
    question: {en: "Which bin?"}
    choices:
      - {value: black, label: {en: Black bin}}
      - {value: blue, label: {en: Blue bin}}
    case: attribute:bin_colour
    routes:
      - when: {not_equals: black}
        goto: details
  - id: bin-problems
    type: multiple_choice
    question: {en: "What was wrong?"}
    choices:
      - {value: smell, label: {en: It smells}}
      - {value: mess, label: {en: Rubbish was dropped}}
      - {value: blocked, label: {en: The bin blocks the path}}
    case: attribute:problems
    routes:
      - when: {includes: blocked}
        goto: blocked-where
      - goto: details
  - id: blocked-where
    type: short_text
    question: {en: "Where is the path blocked?"}
    case: description
  - id: details
    type: long_text
    question: {en: Tell us more}
    hint: {en: "For example, when it started."}
    optional: true
    case: description
    routes:
      - when: {answered: false}
        goto: address
  - id: how-long
    type: number
    question: {en: "How many weeks has this gone on?"}
    case: attribute:weeks
  - id: address
    type: address
    question: {en: "Where is the problem?"}
    case: address_string
    routes:
      - when: {question: kind, equals: noise}
        goto: noisy-now
      - goto: full-name
  - id: noisy-now
    type: yes_no
    question: {en: "Is the noise happening now?"}
    case: attribute:noisy_now
    routes:
      - when: {equals: true}
        goto: call-999
  - id: full-name
    type: short_text
    question:
      en: What is your full name?
      cy: Beth yw eich enw llawn?
    hint: {en: "As it appears on letters from us."}
    case: full_name
  - id: phone
    type: phone
    question: {en: "What is your phone number?"}
    optional: true
    case: phone
exits:
  - id: gas-leak
    heading: {en: Call 0800 111 999 now}
    body: {en: Leave the building first.}
  - id: call-999
    heading: {en: Call 999 now}
    body: {en: The police can help while it is happening.}
"""

ADDRESS = {"line1": "1 High Street", "line2": "", "town": "Anytown", "postcode": "ab1 2cd"}


def started(form: FormDefinition) -> Journey:
    journey = Journey(form)
    journey.start()
    return journey


def give(journey: Journey, *answers: Any) -> None:
    """Answer the current page and the ones after it, each of which must be accepted."""
    for raw in answers:
        page = journey.position
        assert journey.answer(raw), f"{page} rejected {raw!r}: {journey.step().errors}"


def question(journey: Journey) -> QuestionStep:
    step = journey.step()
    assert isinstance(step, QuestionStep), step
    return step


def check_answers(journey: Journey) -> CheckAnswersStep:
    step = journey.step()
    assert isinstance(step, CheckAnswersStep), step
    return step


def pages_seen(journey: Journey, *answers: Any) -> list[str]:
    seen = []
    for raw in answers:
        seen.append(journey.position)
        give(journey, raw)
    return seen + [journey.position]
