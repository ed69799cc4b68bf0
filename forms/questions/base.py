"""What every question type promises: its input, validation, messages and answer formats.

A type is stateless; it receives the ``Question`` it works for. Raw input is what a screen's
inputs hold (strings, or a dict of strings for multi-part inputs); a value is the checked,
normalised answer the engine keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from accessibility.translations import translate
from forms.definition import Question
from forms.texts import localise


@dataclass(frozen=True)
class FieldError:
    """A problem with an answer: ``part`` names a sub-field ("day", "postcode") or None."""

    key: str
    part: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


class AnswerFormatError(ValueError):
    """A submitted JSON answer has the wrong shape for its question (not a resident's mistake)."""


@dataclass(frozen=True)
class OptionSpec:
    """An option a type accepts in YAML: its allowed Python types and a plain description."""

    types: tuple[type, ...]
    describe: str
    choices: tuple[Any, ...] = ()


class QuestionType:
    """Base of all question types. Subclasses set the class attributes and override as needed."""

    name: ClassVar[str]
    input_kind: ClassVar[str]
    options: ClassVar[dict[str, OptionSpec]] = {}
    messages: ClassVar[dict[str, str]] = {"required": "Enter an answer"}
    needs_choices: ClassVar[bool] = False
    # Masked on screen and never spoken aloud (EN 301 549 5.1.3.8), such as a PIN.
    masked: ClassVar[bool] = False
    parts: ClassVar[tuple[str, ...]] = ()
    # What ``equals``, ``not_equals`` and ``in`` may compare an answer with: the Python types of
    # the operand and how to name them, or None when only ``answered`` can test this type.
    condition_operand: ClassVar[tuple[tuple[type, ...], str] | None] = ((str,), "text")

    def check_options(self, options: dict[str, Any]) -> list[str]:
        """Problems with a combination of options (types are checked by the loader)."""
        return []

    def message_values(self, options: dict[str, Any], key: str) -> dict[str, Any]:
        """The values a message called ``key`` can name as ``{placeholder}``s on a page with these
        options: the page's plain options (not text maps) and what the check supplies with the
        error. ``parse`` must give each error these params, so the loader can check overrides."""
        return {name: value for name, value in options.items() if isinstance(value, str | int | float)}

    def empty_raw(self) -> Any:
        return ""

    def is_empty(self, raw: Any) -> bool:
        return raw is None or (isinstance(raw, str) and not raw.strip())

    def parse(self, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
        """Check non-empty raw input; return the normalised value, or errors."""
        raise NotImplementedError

    def raw_from_value(self, question: Question, value: Any) -> Any:
        """The raw input that shows ``value`` again when the resident comes back to the page."""
        return "" if value is None else str(value)

    def display(self, question: Question, value: Any, language: str) -> str:
        """How the answer reads on "Check your answers"."""
        return str(value)

    def to_case(self, question: Question, value: Any) -> Any:
        """The answer as it goes into the case payload."""
        return value

    def from_json(self, question: Question, data: Any) -> Any:
        """Turn a ``submit`` JSON answer into raw input; raise AnswerFormatError if misshapen."""
        if not isinstance(data, str):
            raise AnswerFormatError("must be text (a JSON string)")
        return data

    def to_json(self, question: Question, value: Any) -> Any:
        """The answer in the ``submit`` JSON format (also how the outbox stores answers)."""
        return value

    def message_key(self, key: str) -> str:
        """The translation catalogue's key for this type's default message ``key``."""
        return f"message.{self.name}.{key}"

    def message(self, question: Question, error: FieldError, language: str) -> str:
        """The resident-facing message for ``error``: the form's own words first."""
        override = question.errors.get(error.key)
        if override:
            text = localise(override, language)
        else:
            text = translate(self.message_key(error.key), self.messages[error.key], language)
        return text.format_map({**question.options, **error.params})


def check_answer(qtype: QuestionType, question: Question, raw: Any, today: date) -> tuple[Any, list[FieldError]]:
    """Validate raw input for a question exactly as the screens and ``submit`` both do."""
    if qtype.is_empty(raw):
        if question.optional:
            return None, []
        return None, [FieldError("required", qtype.parts[0] if qtype.parts else None)]
    return qtype.parse(question, raw, today)
