"""``council-kiosk check-translations [--update] [PATH...]``: is every text in every language?

Checks each language's catalogue against the English wording and every form's text maps (the
shipped forms, or the form files and folders given). Prints a table for staff (including whether a
native speaker has reviewed the language) and one line per problem; exits 1 if anything is missing.
``--update`` first adds missing keys to the catalogues (empty, for a translator).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from accessibility.languages import SOURCE_LANGUAGE, TRANSLATIONS_DIR, languages
from accessibility.translation_check import Coverage, check_catalogue, check_form_texts, update_catalogue
from accessibility.translations import catalogue_path
from forms.catalogue import definition_files
from kiosk.assets import bundled_forms_dir
from kiosk.translation_sources import english_sources

SHIPPED_FORMS = bundled_forms_dir()


def translation_report(
    paths: list[Path] | None = None, directory: Path = TRANSLATIONS_DIR
) -> list[tuple[str, Coverage, Coverage]]:
    """For each language but English: (its display line, catalogue coverage, form text coverage)."""
    sources = english_sources()
    documents = {}
    for path in definition_files(paths or [SHIPPED_FORMS])[0]:
        with path.open(encoding="utf-8") as handle:
            documents[path.name] = yaml.safe_load(handle)
    report = []
    for language in languages():
        if language.code == SOURCE_LANGUAGE:
            continue
        ui = check_catalogue(language.code, sources, catalogue_path(language.code, directory))
        form_problems: list[str] = []
        translated = total = 0
        for name, document in documents.items():
            coverage = check_form_texts(name, document, language.code)
            translated += coverage.translated
            total += coverage.total
            form_problems.extend(coverage.problems)
        forms = Coverage(language.code, translated, total, tuple(form_problems))
        label = f"{language.code}  {language.native_name} ({language.english_name})"
        report.append((label, ui, forms))
    return report


def run_check_translations(paths: list[Path], *, update: bool = False) -> int:
    if update:
        sources = english_sources()
        for language in languages():
            if language.code != SOURCE_LANGUAGE:
                changed = update_catalogue(language.code, sources, catalogue_path(language.code))
                print(f"{catalogue_path(language.code).name}: {changed} entr(ies) added or marked", file=sys.stderr)
    reviewed = {language.code: language.reviewed for language in languages()}
    report = translation_report(paths or None)
    print(f"{'Language':<32}{'Kiosk texts':>14}{'Form texts':>14}  Reviewed by a native speaker")
    failed = False
    for label, ui, forms in report:
        flag = "yes" if reviewed[ui.language] else "no (not yet checked)"
        print(f"{label:<32}{ui.translated:>8}/{ui.total:<5}{forms.translated:>8}/{forms.total:<5}  {flag}")
    for _label, ui, forms in report:
        for problem in ui.problems + forms.problems:
            failed = True
            print(problem, file=sys.stderr)
    return 1 if failed else 0
