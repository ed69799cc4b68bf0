"""A small valid form and helpers to break it, for the definition tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BUNDLED_FORMS

from forms.errors import DefinitionErrors
from forms.loader import load_form_file

GOOD = """\
id: demo
title: {en: Demo form}
summary: {en: A form for the tests}
case:
  service_code: DEMO
pages:
  - id: colour
    type: single_choice
    question: {en: "Which colour?"}
    choices:
      - value: red
        label: {en: Red}
      - value: blue
        label: {en: Blue}
    case: attribute:colour
    routes:
      - when: {equals: red}
        goto: name
  - id: size
    type: number
    question: {en: "How big?"}
    case: attribute:size
  - id: name
    type: short_text
    question: {en: "Your name?"}
    case: full_name
exits:
  - id: stop
    heading: {en: Stop here}
    body: {en: Nothing more to do.}
"""

SHIPPED = sorted(BUNDLED_FORMS.glob("*.yaml"))


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``fragment``."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(hits) >= occurrence, f"{fragment!r} is not in the text {occurrence} time(s)"
    return hits[occurrence - 1]


def broken(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must appear exactly once"
    return text.replace(old, new)


def problems(tmp_path: Path, text: str, name: str = "demo.yaml") -> tuple[Path, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionErrors) as caught:
        load_form_file(path)
    return path, [str(problem) for problem in caught.value.problems]


def write(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
