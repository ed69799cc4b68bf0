"""The set of forms a kiosk offers, loaded from files and folders; broken files are skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from forms.definition import FormDefinition
from forms.errors import DefinitionErrors, DefinitionProblem
from forms.loader import load_form_file

SUFFIXES = (".yaml", ".yml")


@dataclass
class Catalogue:
    """Usable forms in display order, and every problem found in the files that were skipped."""

    forms: list[FormDefinition] = field(default_factory=list)
    problems: list[DefinitionProblem] = field(default_factory=list)

    def sort(self, order: list[str]) -> None:
        """Put the forms named in ``order`` first, in that order; the rest follow by title."""
        rank = {form_id: index for index, form_id in enumerate(order)}
        self.forms.sort(key=lambda f: (rank.get(f.id, len(rank)), f.title.get("en", "")))

    def get(self, form_id: str) -> FormDefinition | None:
        return next((f for f in self.forms if f.id == form_id), None)


def definition_files(paths: Iterable[Path]) -> tuple[list[Path], list[DefinitionProblem]]:
    """Expand folders into their definition files (sorted); name paths that do not exist."""
    files: list[Path] = []
    problems: list[DefinitionProblem] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(DefinitionProblem(str(path), 0, path.stem, "no such file or folder"))
    return files, problems


def load_catalogue(paths: Iterable[Path]) -> Catalogue:
    """Load every definition; a broken file or a repeated form id is reported and skipped."""
    files, problems = definition_files(paths)
    catalogue = Catalogue(problems=problems)
    for path in files:
        try:
            form = load_form_file(path)
        except DefinitionErrors as exc:
            catalogue.problems.extend(exc.problems)
            continue
        other = catalogue.get(form.id)
        if other is not None:
            message = f"form id '{form.id}' is already used by {other.source}"
            catalogue.problems.append(DefinitionProblem(str(path), 1, form.id, message))
            continue
        catalogue.forms.append(form)
    return catalogue


class CatalogueSource:
    """The catalogue of some paths, reloaded only when a definition file is added, changed or removed.

    The kiosk asks between residents, so newly imported forms appear on the home screen, while a
    resident mid-form keeps the ``FormDefinition`` (the version) they started with.
    """

    def __init__(self, paths: Callable[[], Iterable[Path]], order: list[str]) -> None:
        self._paths = paths
        self._order = order
        self._signature: tuple | None = None
        self._catalogue: Catalogue | None = None

    def _current_signature(self) -> tuple:
        paths = list(self._paths())
        files, _ = definition_files(paths)
        stats = []
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue
            stats.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(str(p) for p in paths), tuple(stats)

    def current(self) -> Catalogue:
        """The catalogue, sorted by ``order``; reloaded if the files changed since last time."""
        signature = self._current_signature()
        if self._catalogue is None or signature != self._signature:
            catalogue = load_catalogue(self._paths())
            catalogue.sort(self._order)
            self._catalogue, self._signature = catalogue, signature
        return self._catalogue
