"""``council-kiosk import-services``: build kiosk forms from the case API's Open311 catalogue.

Reads the service list and each service's definition, turns every service into a form (see
``forms.open311_import``), and stores them in ``Settings.imported_forms_dir``, keeping every
version ever imported (see ``forms.imported_store``). A service that cannot become a form is
reported and skipped; nothing about one service stops the others.

Exit codes: 0 the service list was read (even if some services were skipped); 1 the service
list could not be read; 2 no case API is configured (or its settings are refused); 3 the
folder cannot be written.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from forms.catalogue import definition_files, load_catalogue
from forms.definition import FormDefinition
from forms.imported_store import ImportedFormStore, StoreError
from forms.open311_catalogue import (
    ImportOutcome,
    ImportProblem,
    ServiceInput,
    import_catalogue,
)
from forms.open311_import import (
    ImportedForm,
    safe_id,
)
from kiosk.settings import Settings
from sync.case_api.base import CaseApiClient, CatalogueError

EXIT_OK, EXIT_CATALOGUE, EXIT_USAGE, EXIT_STORAGE = 0, 1, 2, 3


def run_import_services(settings: Settings) -> int:
    """Import every service; print one line per service and a summary on stdout."""
    base_url = settings.case_api.base_url
    if not base_url:
        print("council-kiosk: no case API is configured: set [case_api] base_url in the config", file=sys.stderr)
        return EXIT_USAGE
    store = ImportedFormStore(settings.imported_forms_dir)
    try:
        store.check_writable()
    except StoreError as exc:
        print(f"council-kiosk: {exc}", file=sys.stderr)
        return EXIT_STORAGE
    try:
        client = _build_client(settings)
    except ValueError as exc:
        print(f"council-kiosk: the case API settings cannot be used: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        try:
            services = client.services()
        except CatalogueError as exc:
            print(f"council-kiosk: cannot read the service list: {exc}", file=sys.stderr)
            return EXIT_CATALOGUE
        inputs = [_fetch(client, service) for service in services]
    finally:
        client.close()

    own_forms = load_catalogue(_own_form_paths(settings)).forms
    outcomes = import_catalogue(
        inputs,
        texts_for=lambda code: settings.imported_forms.texts_for(code).model_dump(),
        reserved_ids=_own_form_ids(settings, own_forms),
        reserved_codes={form.service_code: form.id for form in own_forms},
        automatic_codes=(settings.case_api.reference_attribute,),
    )
    try:
        result = _store(settings, store, base_url, outcomes, listed={safe_id(s.service_code) for s in services})
    except StoreError as exc:
        print(f"council-kiosk: {exc}", file=sys.stderr)
        return EXIT_STORAGE
    return result


def _build_client(settings: Settings) -> CaseApiClient:
    from sync.case_api.registry import build_client

    api = settings.case_api
    return build_client(
        api.kind,
        base_url=api.base_url,
        api_key="",  # reading the catalogue needs no key
        format=api.format,
        jurisdiction_id=api.jurisdiction_id,
        reference_attribute=api.reference_attribute,
        connect_timeout=api.connect_timeout_seconds,
        read_timeout=api.read_timeout_seconds,
        ca_bundle=api.ca_bundle,
    )


def _fetch(client: CaseApiClient, service: Any) -> ServiceInput:
    """The service with its definition, when it has one, or why that could not be read."""
    if not service.metadata:
        return ServiceInput(service)
    try:
        return ServiceInput(service, client.service_definition(service.service_code))
    except CatalogueError as exc:
        return ServiceInput(service, error=str(exc))


def _own_form_paths(settings: Settings) -> list[Path]:
    """The bundled and configured form files and folders: everything but the imported folder."""
    return [path for path in settings.form_paths() if path != settings.imported_forms_dir]


def _own_form_ids(settings: Settings, own_forms: list[FormDefinition]) -> dict[str, str]:
    """The ids (and file names, in case a file is broken today) of the kiosk's own forms."""
    files, _ = definition_files(_own_form_paths(settings))
    own = {path.stem: str(path) for path in files}
    own |= {form.id: form.source for form in own_forms}
    return own


def _store(
    settings: Settings, store: ImportedFormStore, base_url: str, outcomes: list[ImportOutcome], *, listed: set[str]
) -> int:
    """Save the forms, remove the ones no longer wanted, write the manifest, print what happened.

    ``listed`` holds the form ids of every service on the list, imported or not.
    """
    counts = {"imported": 0, "unchanged": 0, "skipped": 0}
    keep: set[str] = set()
    entries: list[dict[str, Any]] = []
    previous = {
        entry.get("form_id"): entry.get("version")
        for entry in (store.read_manifest() or {}).get("services", [])
        if isinstance(entry, dict) and entry.get("version")
    }
    for outcome in outcomes:
        if isinstance(outcome, ImportedForm):
            status = store.save(outcome.form_id, outcome.version, outcome.yaml_text())
            keep.add(outcome.form_id)
            counts[status] += 1
            print(f"{status} {outcome.form_id} ({outcome.service_code}) version {outcome.version}")
            entries.append(_entry(outcome, status))
            continue
        kept = outcome.keep_previous and outcome.form_id is not None and outcome.form_id in store.form_ids()
        if kept:
            keep.add(outcome.form_id)
        counts["skipped"] += 1
        note = " (the form from the last import stays)" if kept else ""
        print(f"skipped {outcome}{note}")
        entries.append(_entry(outcome, "skipped", kept_version=previous.get(outcome.form_id) if kept else None))
    if listed:
        removed = store.remove_except(keep)
    else:  # an empty list is more likely a fault at the council than every service withdrawn
        removed = []
        print("the case API lists no services: the forms from the last import stay")
    for form_id in removed:
        why = "its service was skipped" if form_id in listed else "its service is no longer offered"
        print(f"removed {form_id}: {why} (its old versions are kept)")
    store.write_manifest(
        {
            "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "base_url": base_url,
            "services": entries,
            "removed": removed,
        }
    )
    print(
        f"{counts['imported']} imported, {counts['unchanged']} unchanged, {counts['skipped']} skipped, "
        f"{len(removed)} removed; forms in {settings.imported_forms_dir}"
    )
    return EXIT_OK


def _entry(outcome: ImportOutcome, status: str, *, kept_version: str | None = None) -> dict[str, Any]:
    if isinstance(outcome, ImportProblem):
        entry: dict[str, Any] = {
            "service_code": outcome.service_code,
            "service_name": outcome.service_name,
            "form_id": outcome.form_id,
            "status": status,
            "reason": outcome.reason,
        }
        if kept_version:
            entry["version"] = kept_version
            entry["kept_previous"] = True
        return entry
    return {
        "service_code": outcome.service_code,
        "service_name": outcome.service_name,
        "form_id": outcome.form_id,
        "version": outcome.version,
        "form_version": outcome.form.version,  # the hash a submission records as its form_version
        "status": status,
    }
