"""Collects the problems of one definition file, each located by line and by form/question."""

from __future__ import annotations

import re
from typing import Any

from forms.errors import DefinitionProblem
from forms.yaml_source import LineDict

LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class DefinitionChecker:
    """Collects problems for one file, located by line and by form/question."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.form_id = "?"
        self.problems: list[DefinitionProblem] = []

    def add(self, line: int, message: str, question: str | None = None) -> None:
        where = f"{self.form_id}/{question}" if question else self.form_id
        self.problems.append(DefinitionProblem(self.path, line, where, message))

    def text(
        self, owner: LineDict, key: str, *, question: str | None = None, required: bool = True
    ) -> dict[str, str] | None:
        line = owner.line_of(key)
        value = owner.get(key)
        if value is None:
            if required:
                self.add(line, f"'{key}' is missing: give it as a text map like {{en: ...}}", question)
            return None
        if isinstance(value, str):
            self.add(line, f"'{key}' must be a text map like {{en: {value!r}}}, not plain text", question)
            return None
        if not isinstance(value, dict):
            self.add(line, f"'{key}' must be a text map like {{en: ...}}, not {describe_kind(value)}", question)
            return None
        ok = True
        for language, text in value.items():
            if not isinstance(language, str) or not LANGUAGE_PATTERN.match(language):
                self.add(line, f"'{key}' has {language!r}, which is not a language code", question)
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.add(line, f"'{key}' in '{language}' must be non-empty text", question)
                ok = False
        if "en" not in value:
            self.add(line, f"'{key}' has no English text (en)", question)
            ok = False
        return {k: v.strip() for k, v in value.items()} if ok else None

    def unknown_keys(self, owner: LineDict, allowed: set[str], what: str, question: str | None) -> None:
        for key in owner:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.add(owner.line_of(key), f"unknown key '{key}' in {what} (allowed: {hint})", question)


def describe_kind(value: Any) -> str:
    """How a YAML value reads in a message: "text", "a number", "true/false", ..."""
    kinds = ((bool, "true/false"), (str, "text"), (int | float, "a number"), (list, "a list"),
             (dict, "a map"), (type(None), "nothing"))  # fmt: skip
    return next((name for kind, name in kinds if isinstance(value, kind)), type(value).__name__)
