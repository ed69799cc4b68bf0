"""Checks across a whole form: unique ids, routes that go forward to real pages, conditions
that can hold, and case fields filled once. They run after every page has been read."""

from __future__ import annotations

from typing import Any

from forms.definition import CHECK_ANSWERS, Condition, ExitPage, Question
from forms.definition_checker import DefinitionChecker
from forms.questions.registry import question_type
from forms.yaml_source import LineDict, LineList


def check_ids(
    checker: DefinitionChecker, raw_pages: LineList, pages: list[Question], exits: list[ExitPage], raw_exits: Any
) -> None:
    seen: set[str] = set()
    for index, item in enumerate(raw_pages):
        if isinstance(item, LineDict) and isinstance(item.get("id"), str):
            page_id = item["id"]
            if page_id in seen or page_id == CHECK_ANSWERS:
                checker.add(raw_pages.line_of(index), f"page id '{page_id}' is used more than once", page_id)
            seen.add(page_id)
    exit_lines = {e.get("id"): e.line_of("id") for e in raw_exits or () if isinstance(e, LineDict)}
    for exit_page in exits:
        if exit_page.id in seen or exit_page.id == CHECK_ANSWERS:
            line = exit_lines.get(exit_page.id, 0)
            checker.add(line, f"exit id '{exit_page.id}' is also used by another page or exit", exit_page.id)
        seen.add(exit_page.id)


def check_routes(checker: DefinitionChecker, pages: list[Question], exits: list[ExitPage], raw_pages: LineList) -> None:
    order: dict[str, int] = {}  # every page id in the file, built or not, so a broken page is not "missing"
    for position, item in enumerate(raw_pages):
        if isinstance(item, LineDict) and isinstance(item.get("id"), str):
            order.setdefault(item["id"], position)
    exit_ids = {e.id for e in exits}
    lines = {item.get("id"): item for item in raw_pages if isinstance(item, LineDict)}
    for page in pages:
        index = order[page.id]
        line = lines[page.id].line_of("routes") if page.id in lines else 0
        for route in page.routes:
            if route.goto in order:
                if order[route.goto] <= index:
                    checker.add(line, f"route goes back to '{route.goto}': routes may only go forward", page.id)
            elif route.goto not in exit_ids and route.goto != CHECK_ANSWERS:
                checker.add(line, f"route goes to '{route.goto}', which is not a page or exit in this form", page.id)
            if route.when is not None:
                _check_condition(checker, route.when, pages, order, index, line, page.id)


def _check_condition(
    checker: DefinitionChecker, condition: Condition, pages: list[Question], order: dict[str, int],
    index: int, line: int, page_id: str,
) -> None:  # fmt: skip
    if condition.question not in order or order[condition.question] > index:
        checker.add(line, f"condition tests '{condition.question}', which is not this or an earlier page", page_id)
        return
    target = next((p for p in pages if p.id == condition.question), None)
    if target is None:  # that page has its own problems, already reported
        return
    operands = condition.operand if condition.test == "in" else [condition.operand]
    if condition.test == "in" and not isinstance(condition.operand, list):
        checker.add(line, "'in' needs a list of values", page_id)
        return
    if condition.test == "answered":
        if not isinstance(condition.operand, bool):
            checker.add(line, "'answered' must be true or false", page_id)
        return
    if condition.test == "includes" and target.type != "multiple_choice":
        checker.add(line, "'includes' only works on multiple_choice pages", page_id)
        return
    accepted = question_type(target.type).condition_operand
    if accepted is None and condition.test != "includes":  # a list, a date or an address
        tests = "includes or answered" if target.type == "multiple_choice" else "answered"
        checker.add(
            line,
            f"'{condition.test}' cannot test {target.type} page '{target.id}': on a {target.type} page use {tests}",
            page_id,
        )
        return
    for operand in operands:
        if target.choices and target.choice(operand) is None:
            values = ", ".join(c.value for c in target.choices)
            checker.add(line, f"condition value {operand!r} is not a choice of '{target.id}' ({values})", page_id)
        elif target.type == "yes_no" and not isinstance(operand, bool):
            checker.add(line, f"condition on yes/no page '{target.id}' must use true or false", page_id)
        elif accepted is not None and not _fits(operand, accepted[0]):
            checker.add(
                line, f"condition on {target.type} page '{target.id}' must use {accepted[1]}, not {operand!r}", page_id
            )


def _fits(operand: Any, types: tuple[type, ...]) -> bool:
    """``operand`` is one of ``types`` (true and false are not numbers here, though bool is an int)."""
    return isinstance(operand, types) and (bool in types or not isinstance(operand, bool))


def check_case_fields(checker: DefinitionChecker, pages: list[Question], raw_pages: LineList) -> None:
    used: dict[str, str] = {}
    lines = {item.get("id"): item.line_of("case") for item in raw_pages if isinstance(item, LineDict)}
    for page in pages:
        if page.case is None or page.case == "description":
            continue
        keys = ("first_name", "last_name") if page.case == "full_name" else (page.case,)
        for key in keys:
            if key in used:
                line = lines.get(page.id, 0)
                checker.add(line, f"case field '{key}' is already filled by page '{used[key]}'", page.id)
            used[key] = page.id
