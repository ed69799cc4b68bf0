"""Answers given as JSON (the ``submit`` command) run through the same journey as the screens.

Each page on the route is answered in turn with the JSON value, so routing, skipping and every
validation message are exactly those a resident would meet on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from forms.definition import FormDefinition
from forms.journey import EXIT_PREFIX, Journey
from forms.questions.base import AnswerFormatError
from forms.questions.registry import question_type
from forms.steps import QuestionStep


class InvalidAnswers(ValueError):
    """The answers cannot be queued; ``problems`` says why, one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def journey_from_answers(
    form: FormDefinition,
    answers: Any,
    *,
    language: str = "en",
    today: Callable[[], date] = date.today,
) -> Journey:
    """Answer every page from ``answers`` and return the journey at "Check your answers"."""
    if not isinstance(answers, dict):
        raise InvalidAnswers(["answers must be a JSON object of question id to answer"])
    journey = Journey(form, language=language, today=today)
    journey.start()
    page_ids = {p.id for p in form.pages}
    # A misspelt key is named even when it also leaves a question unanswered.
    problems = [f"{key}: there is no question '{key}' in form '{form.id}'" for key in answers if key not in page_ids]
    while isinstance(step := journey.step(), QuestionStep):
        page = form.page(step.question_id)
        qtype = question_type(page.type)
        try:
            raw = qtype.from_json(page, answers[page.id]) if page.id in answers else qtype.empty_raw()
        except AnswerFormatError as exc:
            problems.append(f"{page.id}: {exc}")
            break
        if not journey.answer(raw):
            problems.extend(f"{page.id}: {e.message}" for e in journey.step().errors)
            break
    if journey.position.startswith(EXIT_PREFIX):
        exit_page = form.exit(journey.position.removeprefix(EXIT_PREFIX))
        heading = exit_page.heading.get("en", "") if exit_page else ""
        problems.append(
            f"these answers end the form at exit page '{exit_page.id if exit_page else '?'}'"
            f" ({heading}): nothing can be queued"
        )
    if not problems:
        on_route = set(journey.answers())
        for key in answers:
            if key not in on_route:
                problems.append(f"{key}: these answers skip this question, so it must not be answered")
    if problems:
        raise InvalidAnswers(problems)
    return journey
