"""The imported-form store: versions written once and kept, vanished services removed, atomic writes.

The forms come from realistic Open311 definitions in ``open311_services``.
"""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path

import pytest
from open311_services import GRAFFITI, POTHOLE, POTHOLE_DEFINITION, attribute, pothole, with_attribute

from forms.catalogue import load_catalogue
from forms.imported_store import ImportedFormStore
from forms.open311_import import convert_service


def test_the_store_writes_keeps_old_versions_and_removes_vanished_forms(tmp_path: Path) -> None:
    folder = tmp_path / "imported-forms"
    store = ImportedFormStore(folder)
    first = pothole()
    graffiti = convert_service(GRAFFITI)
    assert store.save(first.form_id, first.version, first.yaml_text()) == "imported"
    assert store.save(graffiti.form_id, graffiti.version, graffiti.yaml_text()) == "imported"
    assert store.save(first.form_id, first.version, first.yaml_text()) == "unchanged"
    assert (folder / "pothole.yaml").read_text(encoding="utf-8") == first.yaml_text()
    kept = folder / "versions" / "pothole" / f"{first.version}.yaml"
    assert kept.read_text(encoding="utf-8") == first.yaml_text()
    assert not os.access(kept, os.W_OK) or os.geteuid() == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o444

    changed = copy.deepcopy(POTHOLE_DEFINITION)
    changed["attributes"][0]["required"] = False
    second = convert_service(POTHOLE, changed)
    assert store.save(second.form_id, second.version, second.yaml_text()) == "imported"
    assert (folder / "pothole.yaml").read_text(encoding="utf-8") == second.yaml_text()
    assert store.versions("pothole") == sorted([first.version, second.version])
    assert kept.read_text(encoding="utf-8") == first.yaml_text()  # an old version is never changed

    (folder / "hand-made.yaml").write_text("id: hand-made\n", encoding="utf-8")
    assert store.remove_except({"pothole"}) == ["graffiti"]
    assert store.form_ids() == ["hand-made", "pothole"]  # a file the importer did not write stays
    assert store.versions("graffiti") == [graffiti.version]

    store.write_manifest({"services": [{"form_id": "pothole", "version": second.version}]})
    assert store.read_manifest() == {"services": [{"form_id": "pothole", "version": second.version}]}
    assert json.loads((folder / "import.json").read_text(encoding="utf-8"))["services"][0]["form_id"] == "pothole"
    assert not [p for p in folder.rglob("*.tmp")]


def test_the_catalogue_does_not_load_the_versions_folder(tmp_path: Path) -> None:
    folder = tmp_path / "imported-forms"
    store = ImportedFormStore(folder)
    for definition in (POTHOLE_DEFINITION, with_attribute(attribute("extra", "string", "Extra?", 9))):
        imported = convert_service(POTHOLE, definition)
        store.save(imported.form_id, imported.version, imported.yaml_text())
    store.write_manifest({"services": []})
    assert len(store.versions("pothole")) == 2
    catalogue = load_catalogue([folder])
    assert catalogue.problems == []
    assert [f.id for f in catalogue.forms] == ["pothole"]
    assert catalogue.forms[0].page("extra").case == "attribute:extra"


def test_a_failed_write_leaves_the_old_form_and_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "imported-forms"
    store = ImportedFormStore(folder)
    first = pothole()
    store.save(first.form_id, first.version, first.yaml_text())

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    from forms import imported_store

    monkeypatch.setattr(imported_store.os, "replace", broken_replace)
    second = convert_service(POTHOLE, with_attribute(attribute("extra", "string", "Extra?", 9)))
    with pytest.raises(imported_store.StoreError, match="No space left on device"):
        store.save(second.form_id, second.version, second.yaml_text())
    monkeypatch.undo()
    assert (folder / "pothole.yaml").read_text(encoding="utf-8") == first.yaml_text()
    assert not [p for p in folder.rglob("*.tmp")]
