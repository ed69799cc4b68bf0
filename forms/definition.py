"""The in-memory shape of a validated form definition. Built only by ``forms.loader``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from forms.texts import LocalText

CHECK_ANSWERS = "check-answers"


@dataclass(frozen=True)
class Choice:
    """One option of a choice question; ``value`` is what is stored and sent, never the label."""

    value: str
    label: LocalText
    hint: LocalText | None = None


@dataclass(frozen=True)
class Condition:
    """A test on an answer; ``question`` is the page whose answer is tested."""

    question: str
    test: str  # equals | not_equals | in | includes | answered
    operand: Any


@dataclass(frozen=True)
class Route:
    """Go to ``goto`` (a page id, an exit id or ``check-answers``) when ``when`` holds."""

    goto: str
    when: Condition | None = None


@dataclass(frozen=True)
class Question:
    """A page of the form: one question, how to check it and where its answer goes."""

    id: str
    type: str
    text: LocalText
    hint: LocalText | None = None
    optional: bool = False
    choices: tuple[Choice, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, LocalText] = field(default_factory=dict)
    case: str | None = None
    routes: tuple[Route, ...] = ()

    def choice(self, value: Any) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class ExitPage:
    """An end of the form that gives instructions instead of sending anything."""

    id: str
    heading: LocalText
    body: LocalText


@dataclass(frozen=True)
class FormDefinition:
    """A whole council form; ``version`` is a hash of its definition."""

    id: str
    title: LocalText
    summary: LocalText
    version: str
    service_code: str
    pages: tuple[Question, ...]
    exits: tuple[ExitPage, ...] = ()
    before_you_start: LocalText | None = None
    privacy: LocalText | None = None
    declaration: LocalText | None = None
    what_happens_next: LocalText | None = None
    send_label: LocalText | None = None
    source: str = ""

    def page(self, page_id: str) -> Question:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def exit(self, exit_id: str) -> ExitPage | None:
        return next((e for e in self.exits if e.id == exit_id), None)

    def index_of(self, page_id: str) -> int:
        return next(i for i, p in enumerate(self.pages) if p.id == page_id)
