"""The journey through one form: current step, answers, Back, routing, Change and the payload.

A screen asks ``step()`` what to show and reports what the resident did with ``start``,
``answer``, ``back`` and ``change``. Nothing here knows about Qt. Answers live only in this
object, so dropping the journey at the end of a session forgets them.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accessibility.spelling import spell_reference
from forms.definition import CHECK_ANSWERS, Condition, FormDefinition, Question
from forms.payload import build_case_payload
from forms.questions.base import FieldError, check_answer
from forms.questions.registry import question_type
from forms.steps import (
    AnswerRow,
    BeforeYouStartStep,
    CheckAnswersStep,
    ChoiceView,
    ConfirmationStep,
    ErrorView,
    ExitStep,
    QuestionStep,
    Step,
)
from forms.texts import localise
from forms.wording import wording

BEFORE_YOU_START = "before-you-start"


def sentences(parts: list[str]) -> str:
    """Join texts into sentences for speech, adding a full stop only where one is missing."""
    return " ".join(p if p[-1] in ".?!:" else p + "." for p in (p.strip() for p in parts) if p)


EXIT_PREFIX = "exit:"


@dataclass(frozen=True)
class SubmissionData:
    """Everything the outbox stores for a finished journey (the fields of ``NewSubmission``).

    Answers and payload stay out of ``repr`` so a stray log line cannot show them.
    """

    client_uuid: str
    form_id: str
    form_version: str
    language: str
    answers: dict[str, Any] = field(repr=False)
    payload: dict[str, Any] = field(repr=False)


class Journey:
    """One resident's way through one form. ``today`` is injectable for date rules in tests."""

    def __init__(
        self,
        form: FormDefinition,
        *,
        language: str = "en",
        today: Callable[[], date] = date.today,
    ) -> None:
        self.form = form
        self.language = language
        self.client_uuid = str(uuid.uuid4())
        self._today = today
        self._raw: dict[str, Any] = {}
        self._values: dict[str, Any] = {}
        self._errors: list[FieldError] = []
        self._position = BEFORE_YOU_START
        self._history: list[str] = []
        self._changing = False
        # The answers as "Check your answers" last showed them, every page on the route answered.
        # Backing out of an unfinished change (or anything else that left the route incomplete)
        # onto check answers brings these back, so the check never shows or sends a partial form.
        self._checked: tuple[dict[str, Any], dict[str, Any]] | None = None

    # -- where we are -------------------------------------------------------------------------
    @property
    def position(self) -> str:
        """``before-you-start``, a page id, ``check-answers`` or ``exit:<id>``."""
        return self._position

    @property
    def at_check_answers(self) -> bool:
        return self._position == CHECK_ANSWERS

    def set_language(self, language: str) -> None:
        """Show every text in another language from now on; answers are kept as entered."""
        self.language = language

    # -- what the resident does ---------------------------------------------------------------
    def start(self) -> None:
        """Leave "before you start" for the first question."""
        if self._position == BEFORE_YOU_START:
            self._go(self.form.pages[0].id)

    def answer(self, raw: Any) -> bool:
        """Check the current page's input; move on and return True, or keep it with errors."""
        page = self._current_page()
        self._raw[page.id] = raw
        value, errors = check_answer(question_type(page.type), page, raw, self._today())
        if errors:
            self._errors = errors
            self._values.pop(page.id, None)
            return False
        self._values[page.id] = value
        if self._changing:
            _, stop = self._walk()
            self._changing = stop not in (CHECK_ANSWERS,) and not stop.startswith(EXIT_PREFIX)
            self._go(stop)
        else:
            self._go(self._next_after(page, self._path_values(upto=page.id)))
        return True

    def back(self) -> bool:
        """Go to the previous step; False when there is none (the screen leaves the form)."""
        if not self._history:
            return False
        self._errors = []
        self._position = self._history.pop()
        if self._position == CHECK_ANSWERS:
            self._changing = False
            if self._walk()[1] != CHECK_ANSWERS and self._checked is not None:
                # Back out of an unfinished change: the answers last checked stand. Copies, so
                # that a later rejected answer cannot reach into the saved ones.
                self._raw, self._values = copy.deepcopy(self._checked)
            self._arrive_at_check_answers()
        return True

    def keep_draft(self, raw: Any) -> None:
        """Remember what is typed on the current page without checking it (the resident is
        stepping away to ask for help); it is shown again when they come back."""
        if self._position in {p.id for p in self.form.pages}:
            self._raw[self._position] = raw

    def change(self, page_id: str) -> None:
        """From "Check your answers", revisit a page; Continue then returns to the check."""
        if not self.at_check_answers:
            raise RuntimeError("Change is only offered on check your answers")
        self.form.page(page_id)
        self._changing = True
        self._go(page_id)

    # -- results ------------------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        """Checked answers of the pages on the current route (None = not provided)."""
        return self._path_values()

    def answers_json(self) -> dict[str, Any]:
        """The answers in the ``submit`` JSON format; unanswered optional pages are left out."""
        result = {}
        for page_id, value in self.answers().items():
            if value is not None:
                page = self.form.page(page_id)
                result[page_id] = question_type(page.type).to_json(page, value)
        return result

    def submission(self) -> SubmissionData:
        """What to queue; only from "Check your answers", so nothing incomplete is ever sent."""
        if not self.at_check_answers or self._walk()[1] != CHECK_ANSWERS:
            raise RuntimeError("a form can only be sent from check your answers")
        return SubmissionData(
            client_uuid=self.client_uuid,
            form_id=self.form.id,
            form_version=self.form.version,
            language=self.language,
            answers=self.answers_json(),
            payload=build_case_payload(self.form, self.answers()),
        )

    # -- rendering ----------------------------------------------------------------------------
    def step(self) -> Step:
        """The view of the current step, in the current language."""
        if self._position == BEFORE_YOU_START:
            return self._before_you_start_step()
        if self._position == CHECK_ANSWERS:
            return self._check_answers_step()
        if self._position.startswith(EXIT_PREFIX):
            return self._exit_step(self._position.removeprefix(EXIT_PREFIX))
        return self._question_step(self._current_page())

    def confirmation(self, reference: str) -> ConfirmationStep:
        """The confirmation once the outbox has stored the submission under ``reference``."""
        t = self._text
        next_text = t(self.form.what_happens_next) or self._word("default.what_happens_next")
        heading = self._word("confirmation.heading")
        spelled = spell_reference(
            reference,
            lambda letter, word: self._word("spoken.letter_as_in", letter=letter, word=word),
            self._word("spoken.dash"),
        )
        spoken = (
            f"{heading}. {self._word('confirmation.reference_label')}: {spelled}. "
            f"{self._word('confirmation.next_heading')}. {next_text}"
        )
        return ConfirmationStep(
            form_title=t(self.form.title),
            heading=heading,
            reference_label=self._word("confirmation.reference_label"),
            reference=reference,
            next_heading=self._word("confirmation.next_heading"),
            what_happens_next=next_text,
            keep_reference=self._word("confirmation.keep_reference"),
            follow_up=self._word("confirmation.follow_up"),
            finish_label=self._word("confirmation.finish"),
            spoken_text=spoken,
        )

    # -- internals ----------------------------------------------------------------------------
    def _text(self, text: Any) -> str:
        return localise(text, self.language)

    def _word(self, key: str, **values: object) -> str:
        return wording(key, self.language, **values)

    def _go(self, position: str) -> None:
        if self.form.exit(position) is not None:
            position = EXIT_PREFIX + position
        self._history.append(self._position)
        self._position = position
        self._errors = []
        if position == CHECK_ANSWERS:
            self._arrive_at_check_answers()

    def _arrive_at_check_answers(self) -> None:
        """Keep the answers check answers shows; if a page on the route lacks one, ask it instead.

        A page off the current route (still in the Back history) may route straight to check
        answers while a page on the route is unanswered: check answers must never show then.
        """
        stop = self._walk()[1]
        if stop == CHECK_ANSWERS:
            self._checked = copy.deepcopy((self._raw, self._values))
        else:
            self._position = stop

    def _current_page(self) -> Question:
        return self.form.page(self._position)

    def _holds(self, condition: Condition, values: dict[str, Any]) -> bool:
        value = values.get(condition.question)
        match condition.test:
            case "answered":
                return (value is not None) == condition.operand
            case "equals":
                return value is not None and value == condition.operand
            case "not_equals":
                return value is not None and value != condition.operand
            case "in":
                return value is not None and value in condition.operand
            case "includes":
                return value is not None and condition.operand in value
        return False

    def _next_after(self, page: Question, values: dict[str, Any]) -> str:
        for route in page.routes:
            if route.when is None or self._holds(route.when, values):
                return route.goto
        index = self.form.index_of(page.id)
        return self.form.pages[index + 1].id if index + 1 < len(self.form.pages) else CHECK_ANSWERS

    def _walk(self, upto: str | None = None) -> tuple[dict[str, Any], str]:
        """Follow the routes from the first page over answered pages; return them and the stop."""
        values: dict[str, Any] = {}
        position = self.form.pages[0].id
        while position != CHECK_ANSWERS and self.form.exit(position) is None:
            if position not in self._values:
                return values, position
            values[position] = self._values[position]
            if position == upto:
                return values, position
            position = self._next_after(self.form.page(position), values)
        return values, position if position == CHECK_ANSWERS else EXIT_PREFIX + position

    def _path_values(self, upto: str | None = None) -> dict[str, Any]:
        return self._walk(upto)[0]

    def _before_you_start_step(self) -> BeforeYouStartStep:
        t, w = self._text, self._word
        body = t(self.form.before_you_start) or w("default.before_you_start")
        privacy = t(self.form.privacy) or w("default.privacy")
        spoken = f"{t(self.form.title)}. {w('before_you_start.heading')}. {body} "
        spoken += f"{w('before_you_start.privacy_heading')}. {privacy}"
        return BeforeYouStartStep(
            form_title=t(self.form.title),
            heading=w("before_you_start.heading"),
            body=body,
            privacy_heading=w("before_you_start.privacy_heading"),
            privacy=privacy,
            start_label=w("before_you_start.start"),
            spoken_text=spoken,
        )

    def _question_step(self, page: Question) -> QuestionStep:
        t, w = self._text, self._word
        qtype = question_type(page.type)
        if page.type == "yes_no":
            choices = (ChoiceView("yes", w("yes")), ChoiceView("no", w("no")))
        else:
            choices = tuple(ChoiceView(c.value, t(c.label), t(c.hint)) for c in page.choices)
        heading = t(page.text)
        if page.optional:
            heading = f"{heading} {w('question.optional_suffix')}"
        errors = tuple(ErrorView(qtype.message(page, e, self.language), e.part) for e in self._errors)
        raw = self._raw.get(page.id, qtype.empty_raw())
        hint = t(page.hint)
        if page.type == "date" and not hint:
            hint = w("date.hint")
        spoken = [heading, hint]
        if page.optional:
            spoken.append(w("spoken.optional"))
        if choices:
            spoken.append(w("spoken.choices") + " " + ". ".join(c.label for c in choices))
        if errors:
            spoken.insert(0, w("error_summary.heading") + ": " + ". ".join(e.message for e in errors))
        parts = {p: w(f"{qtype.input_kind}.{p}") for p in qtype.parts}
        return QuestionStep(
            form_title=t(self.form.title),
            question_id=page.id,
            heading=heading,
            hint=hint,
            input_kind=qtype.input_kind,
            choices=choices,
            raw=raw,
            errors=errors,
            optional=page.optional,
            options=dict(page.options),
            part_labels=parts,
            continue_label=w("question.continue"),
            changing=self._changing,
            spoken_text=sentences(spoken),
            masked=qtype.masked,
        )

    def _check_answers_step(self) -> CheckAnswersStep:
        t, w = self._text, self._word
        rows = []
        for page_id, value in self.answers().items():
            page = self.form.page(page_id)
            question = t(page.text)
            provided = value is not None
            answer = (
                question_type(page.type).display(page, value, self.language)
                if provided
                else w("check_answers.not_provided")
            )
            rows.append(
                AnswerRow(
                    question_id=page_id,
                    question=question,
                    answer=answer,
                    provided=provided,
                    change_label=w("check_answers.change"),
                    change_accessible_name=w("check_answers.change_named", question=question),
                )
            )
        declaration = t(self.form.declaration) or w("default.declaration")
        send_label = t(self.form.send_label) or w("default.send_label")
        heading = w("check_answers.heading")
        # Through a loudspeaker the answers themselves are private (EN 301 549 5.1.3.9).
        spoken = f"{heading}. " + " ".join(
            f"{r.question}: {w('spoken.answer_entered') if r.provided else r.answer}." for r in rows
        )
        spoken += f" {w('check_answers.send_heading')}. {declaration}"
        return CheckAnswersStep(
            form_title=t(self.form.title),
            heading=heading,
            rows=tuple(rows),
            declaration_heading=w("check_answers.send_heading"),
            declaration=declaration,
            send_label=send_label,
            spoken_text=spoken,
        )

    def _exit_step(self, exit_id: str) -> ExitStep:
        exit_page = self.form.exit(exit_id)
        assert exit_page is not None
        heading, body = self._text(exit_page.heading), self._text(exit_page.body)
        return ExitStep(
            form_title=self._text(self.form.title),
            exit_id=exit_id,
            heading=heading,
            body=body,
            finish_label=self._word("exit.finish"),
            spoken_text=f"{heading}. {body}",
        )
