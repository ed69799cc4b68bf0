"""Every text is translated: the check CI runs, and proof that it catches what it must.

The completeness check (``council-kiosk check-translations``) fails when a catalogue lacks a key,
was translated from older English, is fuzzy or empty, or changes a ``{placeholder}``, and when a
shipped form's text lacks a language. A stale or missing translation shows in English, never wrong.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from accessibility.languages import LanguageFileError, _parse, language, languages
from accessibility.translation_check import check_catalogue, check_form_texts, placeholders, update_catalogue
from accessibility.translations import catalogue_path, translate
from kiosk.commands.check_translations import SHIPPED_FORMS, translation_report
from kiosk.translation_sources import english_sources
from kiosk.ui_text import ui

ROOT = Path(__file__).resolve().parent.parent
OFFERED = ("pl", "ro", "ar", "bn")


def test_the_kiosk_offers_english_polish_romanian_arabic_and_bengali_by_their_own_names() -> None:
    by_code = {lang.code: lang for lang in languages()}
    assert set(OFFERED) | {"en"} <= set(by_code)
    assert by_code["pl"].native_name == "Polski" and by_code["ro"].native_name == "Română"
    assert by_code["ar"].native_name == "العربية" and by_code["ar"].right_to_left
    assert by_code["bn"].native_name == "বাংলা" and not by_code["bn"].right_to_left
    assert by_code["en"].reviewed
    assert language("xx").code == "en"  # not offered: English


def test_every_catalogue_and_every_shipped_form_is_complete() -> None:
    """The check CI relies on: any missing, stale or broken translation fails the suite."""
    report = translation_report()
    assert {ui_cov.language for _label, ui_cov, _forms in report} >= set(OFFERED)
    problems = [p for _label, ui_cov, forms in report for p in (*ui_cov.problems, *forms.problems)]
    assert problems == []
    for _label, ui_cov, forms in report:
        assert ui_cov.translated == ui_cov.total == len(english_sources())
        assert forms.translated == forms.total > 200


def test_the_command_prints_coverage_and_review_state_for_staff() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main(['check-translations']))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Reviewed by a native speaker" in result.stdout
    assert "bn  বাংলা (Bengali)" in result.stdout and "no (not yet checked)" in result.stdout


@pytest.fixture
def sources() -> dict[str, str]:
    return {"home.heading": "What do you want to do?", "timeout.body": "We will clear it in {seconds} seconds."}


def write_po(path: Path, entries: list[tuple[str, str, str, bool]]) -> Path:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=utf-8\\n"', ""]
    for key, english, text, fuzzy in entries:
        if fuzzy:
            lines.append("#, fuzzy")
        lines += [f'msgctxt "{key}"', f'msgid "{english}"', f'msgstr "{text}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_each_kind_of_gap_in_a_catalogue_is_named(tmp_path: Path, sources: dict[str, str]) -> None:
    po = write_po(
        tmp_path / "pl.po",
        [
            ("home.heading", "What would you like to do?", "Co chcesz zrobić?", False),  # older English
            ("timeout.body", "We will clear it in {seconds} seconds.", "Wyczyścimy za {sekundy} sekund.", False),
            ("old.key", "Gone", "Nie ma", False),
        ],
    )
    coverage = check_catalogue("pl", sources, po)
    assert coverage.translated == 0 and coverage.total == 2
    assert coverage.problems == (
        "pl.po: home.heading: translated from older English; translate it again",
        "pl.po: timeout.body: placeholders ['sekundy'] differ from the English ['seconds']",
        "pl.po: old.key: no longer used; remove it",
    )
    fuzzy = write_po(tmp_path / "ro.po", [("home.heading", sources["home.heading"], "Ce doriți?", True)])
    assert check_catalogue("ro", sources, fuzzy).problems == (
        "ro.po: home.heading: marked fuzzy",
        "ro.po: timeout.body: no translation",
    )
    assert check_catalogue("bn", sources, tmp_path / "bn.po").problems == ("bn.po: the catalogue is missing",)


def test_a_stale_or_missing_translation_shows_in_english(tmp_path: Path, sources: dict[str, str]) -> None:
    write_po(
        tmp_path / "pl.po",
        [("home.heading", "What would you like to do?", "Co chcesz zrobić?", False)],
    )
    assert translate("home.heading", sources["home.heading"], "pl", tmp_path) == sources["home.heading"]
    assert translate("timeout.body", sources["timeout.body"], "pl", tmp_path) == sources["timeout.body"]
    assert ui("home.heading", "pl") != ui("home.heading", "en")  # the shipped catalogue is used


def test_update_adds_missing_keys_and_marks_changed_english_fuzzy(tmp_path: Path, sources: dict[str, str]) -> None:
    po = write_po(tmp_path / "pl.po", [("home.heading", "What would you like to do?", "Co chcesz zrobić?", False)])
    assert update_catalogue("pl", sources, po) == 2
    coverage = check_catalogue("pl", sources, po)
    assert coverage.problems == (
        "pl.po: home.heading: marked fuzzy",
        "pl.po: timeout.body: empty translation",
    )
    assert "Co chcesz zrobić?" in po.read_text(encoding="utf-8")  # kept for the translator to revise


def test_a_form_text_without_a_language_is_named_with_where_it_is() -> None:
    document = yaml.safe_load((SHIPPED_FORMS / "missed-bin.yaml").read_text(encoding="utf-8"))
    del document["pages"][1]["question"]["bn"]
    document["pages"][0]["hint"]["pl"] = "{colour} pokrywy"
    coverage = check_form_texts("missed-bin.yaml", document, "bn")
    assert coverage.problems == ("missed-bin.yaml: pages[1].question: no bn text",)
    polish = check_form_texts("missed-bin.yaml", document, "pl")
    assert polish.problems == ("missed-bin.yaml: pages[0].hint: pl placeholders differ from the English",)


def test_placeholders_are_read_as_python_formats() -> None:
    assert placeholders("In {seconds} s, {{not}} {name!r}") == {"seconds", "name"}
    assert placeholders("broken {") == {"?"}


def test_a_bad_language_list_is_refused_by_file_and_entry(tmp_path: Path) -> None:
    bad = tmp_path / "languages.toml"
    bad.write_text('[[language]]\ncode = "en"\nnative_name = "English"\n', encoding="utf-8")
    with pytest.raises(LanguageFileError, match=r"language 1: missing english_name, direction, reviewed, voice"):
        _parse(bad)
    bad.write_text(
        '[[language]]\ncode = "pl"\nnative_name = "Polski"\nenglish_name = "Polish"\ndirection = "up"\n'
        'reviewed = false\nvoice = "pl"\n',
        encoding="utf-8",
    )
    with pytest.raises(LanguageFileError, match="direction must be 'ltr' or 'rtl', not 'up'"):
        _parse(bad)


def test_every_offered_language_has_a_catalogue_file() -> None:
    for code in OFFERED:
        assert catalogue_path(code).is_file()
