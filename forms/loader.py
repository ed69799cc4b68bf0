"""Read and validate form definitions from YAML, reporting every problem with its place.

``load_form_file`` returns a ``FormDefinition`` or raises ``DefinitionErrors`` listing each
problem as ``path:line: form/question: message``. Nothing here stops at the first problem.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from pathlib import Path
from typing import Any

from forms.definition import (
    Choice,
    Condition,
    ExitPage,
    FormDefinition,
    Question,
    Route,
)
from forms.definition_checker import DefinitionChecker, describe_kind
from forms.errors import DefinitionErrors
from forms.form_checks import check_case_fields, check_ids, check_routes
from forms.questions.base import QuestionType
from forms.questions.registry import QUESTION_TYPES
from forms.yaml_source import LineDict, LineList, YamlSyntaxError, load_yaml_with_lines

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ATTRIBUTE_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
STANDARD_FIELDS = ("address_string", "full_name", "first_name", "last_name", "email", "phone")
FORM_KEYS = {
    "id", "title", "summary", "before_you_start", "privacy", "declaration",
    "what_happens_next", "send_label", "case", "pages", "exits",
}  # fmt: skip
OPTIONAL_TEXTS = ("before_you_start", "privacy", "declaration", "what_happens_next", "send_label")
PAGE_KEYS = {"id", "type", "question", "hint", "optional", "choices", "errors", "case", "routes"}
CONDITION_TESTS = ("equals", "not_equals", "in", "includes", "answered")


def form_version(data: Any) -> str:
    """A short, stable hash of a definition's content (formatting and comments do not count)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def load_form_file(path: Path) -> FormDefinition:
    """Load one definition file; raise DefinitionErrors with every problem found."""
    checker = DefinitionChecker(str(path))
    checker.form_id = path.stem
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        checker.add(0, f"cannot read the file: {exc}")
        raise DefinitionErrors(checker.problems) from exc
    try:
        data, _ = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        checker.add(exc.line, str(exc))
        raise DefinitionErrors(checker.problems) from exc
    form = _build_form(checker, data)
    _report_duplicate_keys(checker, data)
    if checker.problems or form is None:
        raise DefinitionErrors(checker.problems)
    return form


def _report_duplicate_keys(checker: DefinitionChecker, data: Any) -> None:
    """Name each repeated key with its form and, inside a page or exit, that page's id."""

    def walk(node: Any, question: str | None) -> None:
        if isinstance(node, LineDict):
            for line, key in node.duplicate_keys:
                checker.add(line, f"key '{key}' appears twice in the same place", question)
            children = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            return
        for child in children:
            walk(child, question)

    if not isinstance(data, LineDict):
        walk(data, None)
        return
    for line, key in data.duplicate_keys:
        checker.add(line, f"key '{key}' appears twice in the same place")
    for key, value in data.items():
        items = value if key in ("pages", "exits") and isinstance(value, list) else [value]
        for item in items:
            owner = item.get("id") if key in ("pages", "exits") and isinstance(item, LineDict) else None
            walk(item, owner if isinstance(owner, str) else None)


def _build_form(checker: DefinitionChecker, data: Any) -> FormDefinition | None:
    if not isinstance(data, LineDict):
        checker.add(1, f"a form must be a YAML map with id, title and pages, not {describe_kind(data)}")
        return None
    form_id = data.get("id")
    if not isinstance(form_id, str) or not ID_PATTERN.match(form_id):
        checker.add(
            data.line_of("id"),
            "'id' must be lower-case letters, digits and hyphens, like missed-bin"
            if "id" in data
            else "'id' is missing",
        )
    else:
        checker.form_id = form_id
    checker.unknown_keys(data, FORM_KEYS, "the form", None)
    texts = {key: checker.text(data, key) for key in ("title", "summary")}
    texts |= {key: checker.text(data, key, required=False) for key in OPTIONAL_TEXTS}
    service_code = _service_code(checker, data)
    exits = _build_exits(checker, data.get("exits"), data.line_of("exits"))
    raw_pages = data.get("pages")
    if not isinstance(raw_pages, LineList) or not raw_pages:
        checker.add(data.line_of("pages"), "'pages' must be a list with at least one page")
        return None
    pages = [_build_page(checker, raw, raw_pages.line_of(i)) for i, raw in enumerate(raw_pages)]
    built = [p for p in pages if p is not None]
    check_ids(checker, raw_pages, built, exits, data.get("exits"))
    check_routes(checker, built, exits, raw_pages)
    check_case_fields(checker, built, raw_pages)
    if checker.problems:
        return None
    return FormDefinition(
        id=form_id,
        title=texts["title"],
        summary=texts["summary"],
        version=form_version(data),
        service_code=service_code,
        pages=tuple(built),
        exits=tuple(exits),
        before_you_start=texts["before_you_start"],
        privacy=texts["privacy"],
        declaration=texts["declaration"],
        what_happens_next=texts["what_happens_next"],
        send_label=texts["send_label"],
        source=checker.path,
    )


def _service_code(checker: DefinitionChecker, data: LineDict) -> str:
    case = data.get("case")
    if not isinstance(case, LineDict):
        checker.add(data.line_of("case"), "'case' must be a map with a service_code")
        return ""
    checker.unknown_keys(case, {"service_code"}, "case", None)
    code = case.get("service_code")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str) or not code.strip():
        checker.add(case.line_of("service_code"), "'case.service_code' must be non-empty text")
        return ""
    return code.strip()


def _build_exits(checker: DefinitionChecker, raw: Any, line: int) -> list[ExitPage]:
    if raw is None:
        return []
    if not isinstance(raw, LineList):
        checker.add(line, "'exits' must be a list of exit pages")
        return []
    exits = []
    for index, item in enumerate(raw):
        if not isinstance(item, LineDict):
            checker.add(raw.line_of(index), "an exit page must be a map with id, heading and body")
            continue
        exit_id = item.get("id")
        if not isinstance(exit_id, str) or not ID_PATTERN.match(exit_id):
            checker.add(item.line_of("id"), "an exit page needs an 'id' of lower-case letters, digits and hyphens")
            continue
        checker.unknown_keys(item, {"id", "heading", "body"}, "an exit page", exit_id)
        heading = checker.text(item, "heading", question=exit_id)
        body = checker.text(item, "body", question=exit_id)
        if heading and body:
            exits.append(ExitPage(exit_id, heading, body))
    return exits


def _build_page(checker: DefinitionChecker, raw: Any, line: int) -> Question | None:
    if not isinstance(raw, LineDict):
        checker.add(line, f"a page must be a map with id, type and question, not {describe_kind(raw)}")
        return None
    page_id = raw.get("id")
    if not isinstance(page_id, str) or not ID_PATTERN.match(page_id):
        checker.add(raw.line_of("id"), "a page needs an 'id' of lower-case letters, digits and hyphens")
        return None
    type_name = raw.get("type")
    qtype = QUESTION_TYPES.get(type_name) if isinstance(type_name, str) else None
    if qtype is None:
        known = ", ".join(sorted(QUESTION_TYPES))
        checker.add(raw.line_of("type"), f"unknown question type {type_name!r} (known types: {known})", page_id)
        return None
    checker.unknown_keys(raw, PAGE_KEYS | set(qtype.options), f"a {type_name} page", page_id)
    text = checker.text(raw, "question", question=page_id)
    hint = checker.text(raw, "hint", question=page_id, required=False)
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        checker.add(
            raw.line_of("optional"), f"'optional' must be true or false, not {describe_kind(optional)}", page_id
        )
    options = _options(checker, raw, qtype, page_id)
    choices = _choices(checker, raw, qtype.needs_choices, page_id)
    _check_min_choices(checker, raw, options, page_id)
    errors = _errors(checker, raw, qtype, options, page_id)
    case = _case_target(checker, raw, page_id)
    routes = _routes(checker, raw, page_id)
    if text is None:
        return None
    return Question(
        id=page_id, type=type_name, text=text, hint=hint, optional=optional is True,
        choices=choices, options=options, errors=errors, case=case, routes=routes,
    )  # fmt: skip


def _options(checker: DefinitionChecker, raw: LineDict, qtype: Any, page_id: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for name, spec in qtype.options.items():
        if name not in raw:
            continue
        value = raw[name]
        wrong_type = not isinstance(value, spec.types) or (isinstance(value, bool) and bool not in spec.types)
        if wrong_type or (spec.choices and value not in spec.choices):
            checker.add(raw.line_of(name), f"'{name}' must be {spec.describe}, not {value!r}", page_id)
        else:
            options[name] = value
    for problem in qtype.check_options(options):
        checker.add(raw.line, problem, page_id)
    return options


def _choices(checker: DefinitionChecker, raw: LineDict, needed: bool, page_id: str) -> tuple[Choice, ...]:
    items = raw.get("choices")
    if not needed:
        if items is not None:
            checker.add(raw.line_of("choices"), "only single_choice and multiple_choice pages have choices", page_id)
        return ()
    if not isinstance(items, LineList) or len(items) < 2:
        checker.add(raw.line_of("choices"), "'choices' must be a list of at least two choices", page_id)
        return ()
    choices: list[Choice] = []
    for index, item in enumerate(items):
        line = items.line_of(index)
        if not isinstance(item, LineDict):
            checker.add(line, "a choice must be a map with value and label", page_id)
            continue
        checker.unknown_keys(item, {"value", "label", "hint"}, "a choice", page_id)
        value = item.get("value")
        if value is None:
            checker.add(line, "a choice has no 'value'", page_id)
            continue
        if not isinstance(value, str) or not value.strip():
            advice = " (write it in quotes, like 'no')" if isinstance(value, bool) else ""
            checker.add(
                item.line_of("value"), f"a choice value must be text, not {describe_kind(value)}{advice}", page_id
            )
            continue
        if any(c.value == value for c in choices):
            checker.add(item.line_of("value"), f"choice value '{value}' is used twice", page_id)
            continue
        label = checker.text(item, "label", question=page_id)
        hint = checker.text(item, "hint", question=page_id, required=False)
        if label:
            choices.append(Choice(value, label, hint))
    return tuple(choices)


def _check_min_choices(checker: DefinitionChecker, raw: LineDict, options: dict[str, Any], page_id: str) -> None:
    """At least one box, and no more boxes than there are, or the page could never be answered."""
    least = options.get("min_choices")
    items = raw.get("choices")
    if least is None or not isinstance(items, LineList):
        return
    if not 1 <= least <= len(items):
        checker.add(
            raw.line_of("min_choices"),
            f"'min_choices' must be from 1 to the number of choices ({len(items)}), not {least}",
            page_id,
        )


def _check_placeholders(
    checker: DefinitionChecker, line: int, key: str, texts: dict[str, str], values: dict[str, Any], page_id: str
) -> None:
    """Every {placeholder} in a message must be one the page can fill in, or the screen would crash."""
    available = ", ".join(f"{{{name}}}" for name in sorted(values)) or "none"
    reported: set[str] = set()
    for language, text in texts.items():
        where = f"errors.{key}" if language == "en" else f"errors.{key} ({language})"
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
        except ValueError:
            problem = f"{where} has a '{{' or '}}' that is not a placeholder: write a brace as {{{{ or }}}}"
        else:
            unknown = [name for name in names if name not in values]
            problem = ""
            if unknown:
                problem = f"unknown placeholder {{{unknown[0]}}} in {where} (available: {available})"
            else:
                try:
                    text.format_map(values)
                except (ValueError, TypeError, LookupError, AttributeError) as exc:
                    problem = f"{where} cannot be filled in: {exc}"
        if problem and problem not in reported:
            reported.add(problem)
            checker.add(line, problem, page_id)


def _errors(
    checker: DefinitionChecker, raw: LineDict, qtype: QuestionType, options: dict[str, Any], page_id: str
) -> dict[str, Any]:
    known = qtype.messages
    errors = raw.get("errors")
    if errors is None:
        return {}
    if not isinstance(errors, LineDict):
        checker.add(raw.line_of("errors"), "'errors' must be a map of message name to text map", page_id)
        return {}
    result = {}
    for key in errors:
        if key not in known:
            names = ", ".join(sorted(known))
            checker.add(errors.line_of(key), f"unknown error message '{key}' (this type has: {names})", page_id)
            continue
        text = checker.text(errors, key, question=page_id)
        if text:
            values = qtype.message_values(options, key)
            _check_placeholders(checker, errors.line_of(key), key, text, values, page_id)
            result[key] = text
    return result


def _case_target(checker: DefinitionChecker, raw: LineDict, page_id: str) -> str | None:
    target = raw.get("case")
    if target is None:
        return None
    valid = isinstance(target, str) and (
        target in STANDARD_FIELDS
        or target == "description"
        or (target.startswith("attribute:") and ATTRIBUTE_CODE.match(target.removeprefix("attribute:")))
    )
    if not valid:
        fields = ", ".join((*STANDARD_FIELDS, "description", "attribute:CODE"))
        checker.add(raw.line_of("case"), f"'case' {target!r} is not a case field (use one of: {fields})", page_id)
        return None
    return target


def _routes(checker: DefinitionChecker, raw: LineDict, page_id: str) -> tuple[Route, ...]:
    items = raw.get("routes")
    if items is None:
        return ()
    if not isinstance(items, LineList):
        checker.add(raw.line_of("routes"), "'routes' must be a list of {when, goto}", page_id)
        return ()
    routes = []
    for index, item in enumerate(items):
        if not isinstance(item, LineDict) or not isinstance(item.get("goto"), str):
            checker.add(items.line_of(index), "a route must be a map with 'goto' (and usually 'when')", page_id)
            continue
        checker.unknown_keys(item, {"when", "goto"}, "a route", page_id)
        condition = None
        if "when" in item:
            condition = _condition(checker, item["when"], item.line_of("when"), page_id)
            if condition is None:
                continue
        routes.append(Route(item["goto"], condition))
    return tuple(routes)


def _condition(checker: DefinitionChecker, raw: Any, line: int, page_id: str) -> Condition | None:
    if not isinstance(raw, LineDict):
        checker.add(line, "'when' must be a map such as {equals: yes}", page_id)
        return None
    tests = [k for k in raw if k in CONDITION_TESTS]
    checker.unknown_keys(raw, {"question", *CONDITION_TESTS}, "a condition", page_id)
    if len(tests) != 1:
        names = ", ".join(CONDITION_TESTS)
        checker.add(line, f"'when' needs exactly one test of: {names}", page_id)
        return None
    question = raw.get("question", page_id)
    if not isinstance(question, str):
        checker.add(line, "'question' in a condition must be a page id", page_id)
        return None
    return Condition(question, tests[0], raw[tests[0]])
