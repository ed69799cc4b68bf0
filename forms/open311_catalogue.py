"""A whole Open311 service list turned into kiosk forms: each service a form, or a problem saying why not.

Qt-free and offline, like ``forms.open311_import`` (which converts one service). A service the
kiosk cannot ask is never fatal: it becomes an ``ImportProblem`` naming the service's code and
name and saying why, and the other services carry on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from forms.open311_import import (
    ImportedForm,
    ServiceImportError,
    _code,
    _text,
    convert_service,
    form_id_for,
    service_fields,
)

if TYPE_CHECKING:
    from forms.open311_import import Service


@dataclass(frozen=True)
class ServiceInput:
    """One entry of the service list, with its definition or why that could not be read."""

    service: Service  # a ServiceSummary, or a mapping with service_code, service_name, ...
    definition: Mapping[str, Any] | None = None
    error: str | None = None  # set when the definition of a metadata service could not be fetched


@dataclass(frozen=True)
class ImportProblem:
    """A service that was skipped, and why. ``keep_previous``: the form from the last import
    still stands (its definition could not be read this time, so it is probably unchanged)."""

    service_code: str
    service_name: str
    reason: str
    form_id: str | None = None
    keep_previous: bool = False

    def __str__(self) -> str:
        return f"{self.service_code or '(no code)'} ({self.service_name or 'no name'}): {self.reason}"


ImportOutcome = ImportedForm | ImportProblem


def import_catalogue(
    inputs: Iterable[ServiceInput],
    *,
    texts_for: Callable[[str], Mapping[str, Any] | None] | None = None,
    reserved_ids: Mapping[str, str] | None = None,
    reserved_codes: Mapping[str, str] | None = None,
    automatic_codes: Iterable[str] = (),
) -> list[ImportOutcome]:
    """Convert every service, in list order: an ImportedForm or an ImportProblem for each.

    ``reserved_ids`` maps the ids of the kiosk's own (bundled or configured) forms to where they
    come from: a service whose form id is one of them is skipped, since the hand-written form is
    better. ``reserved_codes`` maps service codes the kiosk's own forms already send to those
    forms' ids: such a service is skipped too, so residents never see two tiles for one service.
    Two services whose codes give the same id: the second is skipped.
    """
    reserved = dict(reserved_ids or {})
    own_codes = dict(reserved_codes or {})
    automatic = tuple(automatic_codes)
    taken: dict[str, str] = {}
    outcomes: list[ImportOutcome] = []
    for item in inputs:
        fields = service_fields(item.service)
        raw_code = _code(fields.get("service_code"))
        code = raw_code.strip()
        name = _text(fields.get("service_name"))
        try:
            if not code:
                raise ServiceImportError("the service has no code")
            form_id = form_id_for(raw_code)
        except ServiceImportError as exc:
            outcomes.append(ImportProblem(code, name, str(exc)))
            continue
        if code in own_codes:
            reason = f"the kiosk's own form '{own_codes[code]}' already sends this service, and is used instead"
        elif form_id in reserved:
            reason = (
                f"its form id '{form_id}' is already used by the kiosk's own form {reserved[form_id]}, "
                "which is used instead"
            )
        elif form_id in taken:
            reason = f"its form id '{form_id}' is already used by the service {taken[form_id]!r}"
        else:
            reason = ""
        if reason:
            outcomes.append(ImportProblem(code, name, reason, form_id))
            continue
        taken[form_id] = code
        if item.error is not None:
            reason = f"cannot read its definition: {item.error}"
            outcomes.append(ImportProblem(code, name, reason, form_id, keep_previous=True))
            continue
        texts = texts_for(raw_code) if texts_for is not None else None
        try:
            outcomes.append(convert_service(item.service, item.definition, texts, automatic_codes=automatic))
        except ServiceImportError as exc:
            outcomes.append(ImportProblem(code, name, str(exc), form_id))
    return outcomes
