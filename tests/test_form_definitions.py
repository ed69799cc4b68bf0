"""Broken form definitions are rejected with located messages; good ones (and the shipped ones) load.

Every message has the shape ``path:LINE: form-id/question-id: message`` (form-level problems name
only the form). Each test breaks one thing in a small valid form and checks the whole list of
messages, so a mistake is reported once, on its own line, without knock-on complaints.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from definition_helpers import GOOD, SHIPPED, broken, line_of, problems
from helpers import BUNDLED_FORMS, ROOT

from forms.catalogue import load_catalogue
from forms.loader import load_form_file


def run_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COUNCIL_KIOSK_CONFIG"}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_good_form_loads(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(GOOD, encoding="utf-8")
    form = load_form_file(path)
    assert form.id == "demo"
    assert [page.id for page in form.pages] == ["colour", "size", "name"]
    assert form.source == str(path)


# -- the file as a whole -------------------------------------------------------------------------


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = broken(GOOD, "summary: {en: A form for the tests}", "summary: en: A form for the tests")
    path, found = problems(tmp_path, text, "not-yaml.yaml")
    # The file cannot be read, so the form id is not known: the file name stands in for it.
    # libyaml ends the sentence "in this context", the pure-Python parser "here".
    assert len(found) == 1
    assert found[0].startswith(f"{path}:3: not-yaml: not valid YAML: mapping values are not allowed ")


@pytest.mark.parametrize(
    ("text", "kind"), [("- id: demo\n- title: x\n", "a list"), ("just words\n", "text"), ("", "nothing")]
)
def test_a_file_that_is_not_a_map(tmp_path: Path, text: str, kind: str) -> None:
    path, found = problems(tmp_path, text, "listy.yaml")
    assert found == [f"{path}:1: listy: a form must be a YAML map with id, title and pages, not {kind}"]


def test_missing_id(tmp_path: Path) -> None:
    path, found = problems(tmp_path, broken(GOOD, "id: demo\n", ""), "no-id.yaml")
    assert found == [f"{path}:1: no-id: 'id' is missing"]


@pytest.mark.parametrize("bad_id", ["Demo", "demo_form", "-demo", "'42 demo'", "true"])
def test_bad_id_format(tmp_path: Path, bad_id: str) -> None:
    text = broken(GOOD, "id: demo\n", f"# a comment first\nid: {bad_id}\n")
    path, found = problems(tmp_path, text, "bad-id.yaml")
    assert found == [f"{path}:2: bad-id: 'id' must be lower-case letters, digits and hyphens, like missed-bin"]


def test_unknown_top_level_key(tmp_path: Path) -> None:
    text = broken(GOOD, "summary:", "sumary:")
    path, found = problems(tmp_path, text)
    allowed = (
        "before_you_start, case, declaration, exits, id, pages, privacy, send_label, summary, title, what_happens_next"
    )
    assert found == [
        f"{path}:3: demo: unknown key 'sumary' in the form (allowed: {allowed})",
        f"{path}:1: demo: 'summary' is missing: give it as a text map like {{en: ...}}",
    ]


def test_duplicated_yaml_key_names_its_page(tmp_path: Path) -> None:
    text = broken(GOOD, "    case: attribute:size\n", "    case: attribute:size\n    type: email\n")
    path, found = problems(tmp_path, text)
    assert found == [f"{path}:{line_of(text, 'type: email')}: demo/size: key 'type' appears twice in the same place"]


def test_duplicated_top_level_key(tmp_path: Path) -> None:
    text = GOOD + "title: {en: Another title}\n"
    path, found = problems(tmp_path, text)
    assert found == [f"{path}:{line_of(text, 'Another title')}: demo: key 'title' appears twice in the same place"]


# -- pages ---------------------------------------------------------------------------------------


def test_unknown_question_type(tmp_path: Path) -> None:
    text = broken(GOOD, "type: number", "type: numbr")
    path, found = problems(tmp_path, text)
    known = (
        "address, date, email, long_text, multiple_choice, number, phone, pin, postcode, short_text, single_choice, "
        "yes_no"
    )
    assert found == [
        f"{path}:{line_of(text, 'numbr')}: demo/size: unknown question type 'numbr' (known types: {known})"
    ]


def test_route_to_a_missing_page(tmp_path: Path) -> None:
    text = broken(GOOD, "goto: name", "goto: nmae")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'routes:')}: demo/colour: "
        "route goes to 'nmae', which is not a page or exit in this form"
    ]


def test_route_going_backwards(tmp_path: Path) -> None:
    text = broken(GOOD, "    case: full_name\n", "    case: full_name\n    routes:\n      - goto: size\n")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'routes:', 2)}: demo/name: route goes back to 'size': routes may only go forward"
    ]


def test_route_to_an_exit_or_check_answers_is_fine(tmp_path: Path) -> None:
    text = broken(GOOD, "goto: name", "goto: stop")
    text = broken(
        text, "    case: attribute:size\n", "    case: attribute:size\n    routes:\n      - goto: check-answers\n"
    )
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_form_file(path).page("size").routes[0].goto == "check-answers"


def test_duplicate_page_id(tmp_path: Path) -> None:
    text = broken(GOOD, "  - id: size", "  - id: name")
    path, found = problems(tmp_path, text)
    assert found == [f"{path}:{line_of(text, '- id: name', 2)}: demo/name: page id 'name' is used more than once"]


def test_exit_id_used_by_a_page(tmp_path: Path) -> None:
    text = broken(GOOD, "  - id: stop", "  - id: size")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, '- id: size', 2)}: demo/size: exit id 'size' is also used by another page or exit"
    ]


def test_missing_english_text(tmp_path: Path) -> None:
    text = broken(GOOD, '{en: "How big?"}', "{cy: Pa mor fawr}")
    path, found = problems(tmp_path, text)
    # The broken page is reported once; the route that jumps over it is not blamed as well.
    assert found == [f"{path}:{line_of(text, 'Pa mor fawr')}: demo/size: 'question' has no English text (en)"]


def test_missing_question_text(tmp_path: Path) -> None:
    text = broken(GOOD, '    question: {en: "Your name?"}\n', "")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, '- id: name')}: demo/name: "
        "'question' is missing: give it as a text map like {en: ...}"
    ]


def test_text_given_as_plain_string(tmp_path: Path) -> None:
    text = broken(GOOD, 'question: {en: "Your name?"}', "question: Your name")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'Your name')}: demo/name: 'question' must be a text map like {{en: 'Your name'}}, "
        "not plain text"
    ]


def test_form_title_given_as_plain_string(tmp_path: Path) -> None:
    text = broken(GOOD, "title: {en: Demo form}", "title: Demo form")
    path, found = problems(tmp_path, text)
    assert found == [f"{path}:2: demo: 'title' must be a text map like {{en: 'Demo form'}}, not plain text"]


def test_wrong_option_value_type(tmp_path: Path) -> None:
    text = broken(GOOD, "    case: full_name\n", '    max_length: "ten"\n    case: full_name\n')
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'max_length')}: demo/name: 'max_length' must be a whole number of characters, not 'ten'"
    ]


def test_option_of_another_type_is_an_unknown_key(tmp_path: Path) -> None:
    text = broken(GOOD, "    case: full_name\n", "    must_be: past\n    case: full_name\n")
    path, found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith(
        f"{path}:{line_of(text, 'must_be')}: demo/name: unknown key 'must_be' in a short_text page"
    )


def test_choice_without_value(tmp_path: Path) -> None:
    text = broken(GOOD, "      - value: blue\n        label: {en: Blue}\n", "      - label: {en: Blue}\n")
    path, found = problems(tmp_path, text)
    assert found == [f"{path}:{line_of(text, 'label: {en: Blue}')}: demo/colour: a choice has no 'value'"]


def test_choice_value_given_as_yaml_boolean(tmp_path: Path) -> None:
    text = broken(GOOD, "value: blue", "value: no")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'value: no')}: demo/colour: a choice value must be text, not true/false "
        "(write it in quotes, like 'no')"
    ]


def test_duplicate_choice_value(tmp_path: Path) -> None:
    text = broken(GOOD, "value: blue", "value: red")
    path, found = problems(tmp_path, text)
    assert found == [f"{path}:{line_of(text, 'value: red', 2)}: demo/colour: choice value 'red' is used twice"]


def test_condition_value_not_a_choice(tmp_path: Path) -> None:
    text = broken(GOOD, "{equals: red}", "{equals: green}")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'routes:')}: demo/colour: "
        "condition value 'green' is not a choice of 'colour' (red, blue)"
    ]


def test_condition_on_a_later_page(tmp_path: Path) -> None:
    text = broken(GOOD, "{equals: red}", "{question: name, equals: Jo}")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'routes:')}: demo/colour: condition tests 'name', which is not this or an earlier page"
    ]


def test_unknown_case_field(tmp_path: Path) -> None:
    text = broken(GOOD, "case: attribute:size", "case: size")
    path, found = problems(tmp_path, text)
    fields = "address_string, full_name, first_name, last_name, email, phone, description, attribute:CODE"
    assert found == [
        f"{path}:{line_of(text, 'case: size')}: demo/size: 'case' 'size' is not a case field (use one of: {fields})"
    ]


def test_duplicate_case_field(tmp_path: Path) -> None:
    text = broken(GOOD, "case: attribute:size", "case: attribute:colour")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'case: attribute:colour', 2)}: demo/size: "
        "case field 'attribute:colour' is already filled by page 'colour'"
    ]


def test_full_name_clashes_with_last_name(tmp_path: Path) -> None:
    text = broken(GOOD, "case: attribute:size", "case: last_name")
    path, found = problems(tmp_path, text)
    assert found == [
        f"{path}:{line_of(text, 'case: full_name')}: demo/name: case field 'last_name' is already filled by page 'size'"
    ]


def test_every_problem_in_a_file_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = broken(GOOD, "type: number", "type: numbr")
    text = broken(text, "value: blue", "value: red")
    text = broken(text, "case: full_name", "case: nickname")
    path, found = problems(tmp_path, text)
    assert [line.split(": ")[1] for line in found] == ["demo/colour", "demo/size", "demo/name"]
    assert all(line.startswith(f"{path}:") for line in found)


# -- catalogues ----------------------------------------------------------------------------------


def test_duplicate_form_id_across_two_files(tmp_path: Path) -> None:
    (tmp_path / "a-first.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b-second.yaml").write_text(GOOD.replace("Demo form", "Another demo"), encoding="utf-8")
    catalogue = load_catalogue([tmp_path])
    assert [form.title["en"] for form in catalogue.forms] == ["Demo form"]
    assert [str(p) for p in catalogue.problems] == [
        f"{tmp_path / 'b-second.yaml'}:1: demo: form id 'demo' is already used by {tmp_path / 'a-first.yaml'}"
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_form_is_valid(path: Path) -> None:
    form = load_form_file(path)
    assert form.id == path.stem
    assert form.pages


def test_the_shipped_catalogue_is_all_there() -> None:
    catalogue = load_catalogue([BUNDLED_FORMS])
    assert catalogue.problems == []
    assert {form.id for form in catalogue.forms} == {p.stem for p in SHIPPED}
    assert len(SHIPPED) >= 6


def test_one_broken_file_does_not_stop_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    shutil.copytree(BUNDLED_FORMS, folder)
    bad = folder / "broken.yaml"
    bad.write_text(broken(GOOD, "type: number", "type: numbr"), encoding="utf-8")
    (folder / "notes.txt").write_text("not a form", encoding="utf-8")
    catalogue = load_catalogue([folder, tmp_path / "missing-folder"])
    assert {form.id for form in catalogue.forms} == {p.stem for p in SHIPPED}
    assert {problem.path for problem in catalogue.problems} == {str(bad), str(tmp_path / "missing-folder")}
    assert [p.message for p in catalogue.problems if p.path == str(tmp_path / "missing-folder")] == [
        "no such file or folder"
    ]


# -- the check-forms command ---------------------------------------------------------------------


@pytest.mark.slow
def test_check_forms_passes_the_shipped_forms() -> None:
    result = run_cli("check-forms", BUNDLED_FORMS)
    assert result.returncode == 0, result.stderr
    assert f"{len(SHIPPED)} form(s) valid, 0 file(s) with problems" in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("old", "new", "fragment", "where", "message"),
    [
        ("goto: name", "goto: nmae", "routes:", "demo/colour",
         "route goes to 'nmae', which is not a page or exit in this form"),
        ("value: blue", "value: no", "value: no", "demo/colour",
         "a choice value must be text, not true/false (write it in quotes, like 'no')"),
        ("sumary", "sumary", "", "", ""),
    ],
    ids=["missing-page", "boolean-choice", "typo"],
)  # fmt: skip
def test_check_forms_reports_located_problems_and_exits_1(
    tmp_path: Path, old: str, new: str, fragment: str, where: str, message: str
) -> None:
    if old == "sumary":  # a typo in a top-level key
        text = broken(GOOD, "summary:", "sumary:")
        fragment, where = "sumary", "demo"
        message = "unknown key 'sumary' in the form"
    else:
        text = broken(GOOD, old, new)
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check-forms", path)
    assert result.returncode == 1
    assert f"{path}:{line_of(text, fragment)}: {where}: {message}" in result.stderr
    assert "0 form(s) valid, 1 file(s) with problems" in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_check_forms_with_a_yaml_syntax_error_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: demo\ntitle: {en: oops\n", encoding="utf-8")
    result = run_cli("check-forms", path)
    assert result.returncode == 1
    assert f"{path}:3: broken: not valid YAML" in result.stderr


@pytest.mark.slow
def test_check_forms_checks_good_and_bad_together(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(broken(GOOD, "type: number", "type: numbr"), encoding="utf-8")
    result = run_cli("check-forms", BUNDLED_FORMS, bad, tmp_path / "nowhere.yaml")
    assert result.returncode == 1
    assert f"{len(SHIPPED)} form(s) valid, 2 file(s) with problems" in result.stderr
    assert f"{tmp_path / 'nowhere.yaml'}:0: nowhere: no such file or folder" in result.stderr
