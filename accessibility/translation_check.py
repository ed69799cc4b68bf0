"""Is every text translated? Checks catalogues against the English sources and forms' text maps.

A catalogue entry counts only when its English source is the current English, it is not fuzzy,
its text is not empty and it names the same ``{placeholders}``. A form text map counts when it has
every language with the same placeholders as its English. ``update_catalogue`` adds what is
missing (empty, for a translator) and marks entries whose English changed as fuzzy.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accessibility.languages import SOURCE_LANGUAGE
from accessibility.translations import read_catalogue


@dataclass(frozen=True)
class Coverage:
    """How much of one language one check found translated, and what is wrong."""

    language: str
    translated: int
    total: int
    problems: tuple[str, ...]


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a text formats in (``{{`` escapes excluded); malformed braces give ``{?}``."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"?"}


def check_catalogue(language: str, sources: Mapping[str, str], path: Path) -> Coverage:
    """Compare the catalogue at ``path`` with the English ``sources`` (key -> English)."""
    if not path.exists():
        return Coverage(language, 0, len(sources), (f"{path.name}: the catalogue is missing",))
    try:
        entries = read_catalogue(path)
    except Exception as exc:  # noqa: BLE001 - any parse failure is reported, by file
        return Coverage(language, 0, len(sources), (f"{path.name}: cannot be read: {exc}",))
    problems: list[str] = []
    translated = 0
    for key, english in sources.items():
        entry = entries.get(key)
        if entry is None:
            problems.append(f"{path.name}: {key}: no translation")
        elif entry.english != english:
            problems.append(f"{path.name}: {key}: translated from older English; translate it again")
        elif entry.fuzzy or not entry.text.strip():
            problems.append(f"{path.name}: {key}: " + ("marked fuzzy" if entry.fuzzy else "empty translation"))
        elif placeholders(entry.text) != placeholders(english):
            problems.append(
                f"{path.name}: {key}: placeholders {sorted(placeholders(entry.text))} "
                f"differ from the English {sorted(placeholders(english))}"
            )
        else:
            translated += 1
    for key in sorted(set(entries) - set(sources)):
        problems.append(f"{path.name}: {key}: no longer used; remove it")
    return Coverage(language, translated, len(sources), tuple(problems))


def text_maps(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ``{language: text}`` map in a form document, with where it is (``pages[2].question``)."""
    if isinstance(node, dict):
        if SOURCE_LANGUAGE in node and all(isinstance(v, str) for v in node.values()):
            yield where, node
            return
        for key, value in node.items():
            yield from text_maps(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from text_maps(value, f"{where}[{index}]")


def check_form_texts(form_name: str, document: Any, language: str) -> Coverage:
    """Check that every text map in one form document has ``language``."""
    problems: list[str] = []
    translated = total = 0
    for where, texts in text_maps(document):
        total += 1
        text = texts.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{form_name}: {where}: no {language} text")
        elif placeholders(text) != placeholders(texts[SOURCE_LANGUAGE]):
            problems.append(f"{form_name}: {where}: {language} placeholders differ from the English")
        else:
            translated += 1
    return Coverage(language, translated, total, tuple(problems))


def update_catalogue(language: str, sources: Mapping[str, str], path: Path) -> int:
    """Bring the catalogue at ``path`` in line with ``sources``; return how many entries changed.

    New keys get an empty translation; keys whose English changed keep their old translation,
    marked fuzzy with the previous English, for a translator to revise; unused keys are removed.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    if path.exists():
        with path.open("rb") as handle:
            old = read_po(handle, locale=language)
    else:
        old = Catalog(locale=language)
    by_key = {m.context: m for m in old if m.id and m.context}
    catalog = Catalog(
        locale=language,
        project="council-kiosk",
        version="1",
        header_comment=f"# Wording of the council kiosk in {language}, translated from the English of each key.\n"
        "# Check with: council-kiosk check-translations",
        creation_date=old.creation_date,
        revision_date=old.revision_date,
        last_translator=old.last_translator,
        language_team=old.language_team,
        fuzzy=False,
        charset="utf-8",
    )
    changed = 0
    for key in sorted(sources):
        english = sources[key]
        previous = by_key.get(key)
        if previous is None:
            catalog.add(english, "", context=key)
            changed += 1
        elif previous.id != english:
            catalog.add(english, previous.string, context=key, flags=("fuzzy",), previous_id=(previous.id,))
            changed += 1
        else:
            catalog.add(english, previous.string, context=key, flags=previous.flags)
    changed += len(set(by_key) - set(sources))
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, include_previous=True, omit_header=False)
    return changed
