"""What a screen is handed to draw for the current step: plain, immutable, already translated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChoiceView:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class ErrorView:
    """A message for the error summary and inline; ``part`` names the sub-field to focus."""

    message: str
    part: str | None = None


@dataclass(frozen=True)
class BeforeYouStartStep:
    form_title: str
    heading: str
    body: str
    privacy_heading: str
    privacy: str
    start_label: str
    spoken_text: str
    kind: str = "before_you_start"


@dataclass(frozen=True)
class QuestionStep:
    form_title: str
    question_id: str
    heading: str
    hint: str
    input_kind: str
    choices: tuple[ChoiceView, ...]
    raw: Any
    errors: tuple[ErrorView, ...]
    optional: bool
    options: dict[str, Any]
    part_labels: dict[str, str]
    continue_label: str
    changing: bool
    spoken_text: str
    kind: str = "question"
    masked: bool = False  # never shown or spoken (a PIN)


@dataclass(frozen=True)
class AnswerRow:
    question_id: str
    question: str
    answer: str
    provided: bool
    change_label: str
    change_accessible_name: str


@dataclass(frozen=True)
class CheckAnswersStep:
    form_title: str
    heading: str
    rows: tuple[AnswerRow, ...]
    declaration_heading: str
    declaration: str
    send_label: str
    spoken_text: str
    kind: str = "check_answers"


@dataclass(frozen=True)
class ExitStep:
    form_title: str
    exit_id: str
    heading: str
    body: str
    finish_label: str
    spoken_text: str
    kind: str = "exit"


@dataclass(frozen=True)
class ConfirmationStep:
    form_title: str
    heading: str
    reference_label: str
    reference: str
    next_heading: str
    what_happens_next: str
    keep_reference: str
    follow_up: str
    finish_label: str
    spoken_text: str
    kind: str = "confirmation"


Step = BeforeYouStartStep | QuestionStep | CheckAnswersStep | ExitStep | ConfirmationStep
