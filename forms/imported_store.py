"""The folder of forms built by ``import-services``, with every version ever imported kept.

Layout (``folder`` is ``Settings.imported_forms_dir``)::

    folder/<form-id>.yaml                       the current form: the catalogue loads these
    folder/versions/<form-id>/<version>.yaml    every version ever imported, never changed again
    folder/import.json                          what the last import did

The catalogue loader reads only the ``.yaml`` files directly in a folder (it does not go into
subfolders), so ``versions/`` and ``import.json`` never appear as forms. Every file is written
to a temporary name first and then renamed over the old one, so a reader (the kiosk, starting
up) sees the old file or the new one, never half of one. Qt-free; any ``OSError`` is raised as
``StoreError``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from forms.open311_import import FILE_HEADER

VERSIONS_FOLDER = "versions"
MANIFEST = "import.json"
SUFFIXES = (".yaml", ".yml")
# Only files that start with this are the importer's own and may be removed by it.
IMPORTED_MARK = FILE_HEADER
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_SAFE_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class StoreError(Exception):
    """The folder cannot be read or written; the message names the path and the reason."""


def write_atomically(path: Path, text: str, *, mode: int = 0o644) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, then rename it.

    The temporary name starts with a dot and ends in ``.tmp``, so the catalogue never loads
    one left behind by a crash. ``mode``: readable by all (the kiosk may run as another user).
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, mode)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


class ImportedFormStore:
    """Reads and writes the imported forms folder; see the module documentation for the layout."""

    def __init__(self, folder: Path, versions_folder: Path | None = None) -> None:
        self.folder = Path(folder)
        self.versions_folder = Path(versions_folder) if versions_folder else self.folder / VERSIONS_FOLDER

    # -- paths ------------------------------------------------------------------------------
    def form_path(self, form_id: str) -> Path:
        if not _SAFE_NAME.match(form_id):
            raise ValueError(f"not a form id: {form_id!r}")
        return self.folder / f"{form_id}.yaml"

    def version_path(self, form_id: str, version: str) -> Path:
        if not _SAFE_VERSION.match(version):
            raise ValueError(f"not a version: {version!r}")
        return self.versions_folder / self.form_path(form_id).stem / f"{version}.yaml"

    @property
    def manifest_path(self) -> Path:
        return self.folder / MANIFEST

    # -- reading ----------------------------------------------------------------------------
    def form_ids(self) -> list[str]:
        """The ids of the current forms (every ``.yaml`` directly in the folder), sorted."""
        if not self.folder.is_dir():
            return []
        try:
            return sorted(p.stem for p in self.folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
        except OSError as exc:
            raise StoreError(f"cannot read {self.folder}: {exc}") from exc

    def versions(self, form_id: str) -> list[str]:
        """Every version kept for a form, sorted by name."""
        folder = self.versions_folder / form_id
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.iterdir() if p.suffix == ".yaml" and p.is_file())

    def read_manifest(self) -> dict[str, Any] | None:
        """The last import's manifest, or None when there is none (or it cannot be read)."""
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    # -- writing ----------------------------------------------------------------------------
    def save(self, form_id: str, version: str, text: str) -> Literal["imported", "unchanged"]:
        """Make ``text`` the current form ``form_id`` and keep it as ``version``.

        "unchanged" when the current file already holds exactly this text. A version file is
        written once and never changed: if it exists, it is left as it is.
        """
        current = self.form_path(form_id)
        kept = self.version_path(form_id, version)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            kept.parent.mkdir(parents=True, exist_ok=True)
            if not kept.exists():
                write_atomically(kept, text, mode=0o444)
            if current.is_file() and current.read_text(encoding="utf-8") == text:
                return "unchanged"
            write_atomically(current, text)
        except OSError as exc:
            raise StoreError(f"cannot write the form {form_id} in {self.folder}: {exc}") from exc
        return "imported"

    def remove_except(self, keep: Iterable[str]) -> list[str]:
        """Remove the importer's current forms whose id is not in ``keep``; their versions stay.

        Only files the importer wrote (they start with its mark) are removed; anything else put
        in the folder by hand is left alone. Returns the ids removed, sorted.
        """
        keep = set(keep)
        removed = []
        try:
            for form_id in self.form_ids():
                if form_id in keep:
                    continue
                for suffix in SUFFIXES:
                    path = self.folder / f"{form_id}{suffix}"
                    if path.is_file() and self._is_imported(path):
                        path.unlink()
                        removed.append(form_id)
        except OSError as exc:
            raise StoreError(f"cannot remove old forms from {self.folder}: {exc}") from exc
        return sorted(set(removed))

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
            write_atomically(self.manifest_path, text)
        except OSError as exc:
            raise StoreError(f"cannot write {self.manifest_path}: {exc}") from exc

    def check_writable(self) -> None:
        """Create the folder and prove a file can be written there, before anything is fetched."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.versions_folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".write-check.", suffix=".tmp"):
                pass
        except OSError as exc:
            raise StoreError(f"cannot write in {self.folder}: {exc}") from exc

    @staticmethod
    def _is_imported(path: Path) -> bool:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(len(IMPORTED_MARK)) == IMPORTED_MARK
