"""What happens when a resident taps something: the kiosk's flow without any Qt.

The controller owns the current journey and talks to a *view* (the window, or a fake in tests)
through a few ``show_*`` calls. When a session ends the journey is dropped and the view wipes
itself, so no answer outlives the session.
"""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from accessibility.preferences import Preferences
from forms.catalogue import Catalogue
from forms.journey import Journey
from forms.steps import ConfirmationStep, Step
from forms.texts import localise
from kiosk.report_status import ReportStatus, local_status, with_council_status
from kiosk.submitting import queue_journey
from kiosk.ui_text import ui
from sync.outbox.errors import OutboxError
from sync.references import find_reference

if TYPE_CHECKING:
    from sync.case_api.base import StatusOutcome
    from sync.outbox import Outbox

    StatusLookup = Callable[[str, Callable[[StatusOutcome], None]], None]

CHECK_REPORT_ID = "check-report"
"""The home tile that is not a form: "Check on something I reported"."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tile:
    form_id: str
    title: str
    summary: str


def describe_failure(exc: BaseException) -> str:
    """The exception's type and where it was raised: never its message, which may quote input."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else ""
    return f"{type(exc).__name__}{where}"


def forget_last_exception() -> None:
    """Drop the interpreter's record of the last uncaught exception: its frames hold answers."""
    sys.last_type = sys.last_value = sys.last_traceback = None
    if hasattr(sys, "last_exc"):
        sys.last_exc = None


def resident_action(method: Callable[..., None]) -> Callable[..., None]:
    """Run a tap's action so that a bug never freezes the screen or keeps answers alive.

    The failure is logged by type and place only, and the resident is put back on a working
    screen with their answers (or, if even that fails, on a clean home screen).
    """

    @functools.wraps(method)
    def guarded(self: KioskController, *args: Any) -> None:
        try:
            method(self, *args)
        except Exception as exc:  # noqa: BLE001 - every failure must leave a usable kiosk
            log.error("%s failed: %s", method.__name__, describe_failure(exc))
            exc.__traceback__ = None
            del exc
            forget_last_exception()
            self._recover(method.__name__)

    return guarded


class KioskView(Protocol):
    def show_home(self, tiles: list[Tile]) -> None: ...
    def show_step(self, step: Step) -> None: ...
    def show_confirmation(self, step: ConfirmationStep, qr_text: str) -> None: ...
    def show_info(self, kind: str) -> None: ...
    def show_settings(self, preferences: Preferences) -> None: ...
    def apply_preferences(self, preferences: Preferences) -> None: ...
    def show_send_failure(self) -> None: ...
    def show_check_report(self, status: ReportStatus | None, error: str | None, example: str) -> None: ...
    def show_send_status(self, status: ReportStatus) -> None: ...
    def wipe_session(self) -> None: ...


class KioskController:
    """One resident at a time: home -> form -> confirmation or exit -> home."""

    def __init__(
        self,
        view: KioskView,
        catalogue: Catalogue,
        outbox: Outbox | None,
        *,
        follow_up_text: Callable[[str], str],
        today: Callable[[], date] = date.today,
        on_session_changed: Callable[[bool], None] | None = None,
        reference_prefix: str = "KSK",
        refresh_catalogue: Callable[[], Catalogue] | None = None,
        default_language: str = "en",
    ) -> None:
        self._view = view
        self._catalogue = catalogue
        self._outbox = outbox
        self._follow_up_text = follow_up_text
        self._today = today
        self._on_session_changed = on_session_changed or (lambda active: None)
        self._default_language = default_language
        self.preferences = Preferences.defaults(default_language)
        self.journey: Journey | None = None
        self._confirmation: ConfirmationStep | None = None
        self._in_session = False
        self._info_open = False
        self._reference_example = f"{reference_prefix}-ABC-2345"
        self._checking: str | None = None
        self._check_open = False
        self._status_lookup: StatusLookup | None = None
        self._on_queued: Callable[[], None] = lambda: None
        self._refresh_catalogue = refresh_catalogue

    def attach_outbox(self, outbox: Outbox) -> None:
        """Give the controller the outbox once it is open (the kiosk opens it after first paint)."""
        self._outbox = outbox

    def attach_sync(self, status_lookup: StatusLookup, on_queued: Callable[[], None]) -> None:
        """Once sync runs: how to ask the council for a case's status, and whom to tell of a Send."""
        self._status_lookup = status_lookup
        self._on_queued = on_queued

    @property
    def language(self) -> str:
        """The language the resident is using (the kiosk's default until they choose another)."""
        return self.preferences.language

    @property
    def in_session(self) -> bool:
        """True from the first tap on a service until the session ends."""
        return self._in_session

    def tiles(self) -> list[Tile]:
        forms = [
            Tile(f.id, localise(f.title, self.language), localise(f.summary, self.language))
            for f in self._catalogue.forms
        ]
        return forms + [
            Tile(CHECK_REPORT_ID, ui("check.tile_title", self.language), ui("check.tile_summary", self.language))
        ]

    def show_home(self) -> None:
        self._view.show_home(self.tiles())

    @resident_action
    def select_form(self, form_id: str) -> None:
        if form_id == CHECK_REPORT_ID:
            self._set_session(True)
            self._check_open = True
            self._checking = None
            log.info("report check started")
            self._view.show_check_report(None, None, self._reference_example)
            return
        form = self._catalogue.get(form_id)
        if form is None:
            log.warning("tile for unknown form %s", form_id)
            return
        self.journey = Journey(form, language=self.language, today=self._today)
        self._set_session(True)
        log.info("journey started: form=%s version=%s", form.id, form.version)
        self._render()

    @resident_action
    def start_form(self) -> None:
        self._journey().start()
        self._render()

    @resident_action
    def submit_answer(self, raw: Any) -> None:
        journey = self._journey()
        page = journey.position
        if not journey.answer(raw):
            log.info("validation error: form=%s page=%s", journey.form.id, page)
        self._render()

    @resident_action
    def look_up_report(self, text: str) -> None:
        """Show where the report with the typed or scanned reference stands (status only)."""
        example = self._reference_example
        if not text.strip():
            self._view.show_check_report(None, ui("check.missing", self.language), example)
            return
        reference = find_reference(text)
        if reference is None:
            self._view.show_check_report(None, ui("check.invalid", self.language, example=example), example)
            return
        if self._outbox is None:
            self._view.show_check_report(None, ui("check.unavailable", self.language), example)
            return
        item = self._outbox.find(reference)
        if item is None:
            log.info("report check: reference not found")
            self._view.show_check_report(None, ui("check.not_found", self.language, reference=reference), example)
            return
        status = local_status(item, self.language)
        if status.looking_up and self._status_lookup is None:
            status = replace(status, looking_up=False)
        self._checking = reference
        log.info("report check: reference=%s state=%s", reference, item.state.value)
        self._view.show_check_report(status, None, example)
        if status.looking_up and self._status_lookup is not None and item.remote_id:
            self._status_lookup(item.remote_id, lambda outcome: self._council_status_arrived(status, outcome))

    def _council_status_arrived(self, status: ReportStatus, outcome: StatusOutcome) -> None:
        if self._check_open and self._checking == status.reference:
            self._view.show_check_report(
                with_council_status(status, outcome, self.language), None, self._reference_example
            )

    def refresh_send_status(self) -> None:
        """After a sync pass: tell the resident on the confirmation where their report is now."""
        if self._confirmation is None or self._outbox is None:
            return
        try:
            item = self._outbox.find(self._confirmation.reference)
        except OutboxError as exc:
            log.warning("cannot read the state of %s: %s", self._confirmation.reference, exc)
            return
        if item is not None:
            self._view.show_send_status(local_status(item, self.language))

    @resident_action
    def go_back(self) -> None:
        if self._check_open:
            self.end_session("left the report check")
            return
        journey = self._journey()
        if journey.back():
            self._render()
        else:
            self.end_session("left the form")

    @resident_action
    def change_answer(self, page_id: str) -> None:
        self._journey().change(page_id)
        self._render()

    @resident_action
    def send(self) -> None:
        """Queue the answers durably, then show the confirmation; a second tap does nothing."""
        journey = self._journey()
        if self._confirmation is not None or not journey.at_check_answers:
            return
        if self._outbox is None:
            log.error("could not queue a submission: form=%s: the outbox is not open", journey.form.id)
            self._view.show_send_failure()
            return
        try:
            result = queue_journey(journey, self._outbox)
        except OutboxError as exc:
            log.error("could not queue a submission: form=%s: %s", journey.form.id, exc)
            self._view.show_send_failure()
            return
        log.info("queued: form=%s reference=%s", journey.form.id, result.reference)
        self._confirmation = journey.confirmation(result.reference)
        self._view.show_confirmation(self._confirmation, self._follow_up_text(result.reference))
        self.refresh_send_status()
        self._on_queued()

    @resident_action
    def finish(self) -> None:
        """The resident is done (confirmation or exit page): end the session."""
        self.end_session("finished")

    @resident_action
    def show_info(self, kind: str, draft: Any = None) -> None:
        """Open the helper or accessibility screen; the journey, and what is half-typed on the
        current question (``draft``), wait underneath."""
        if draft is not None and self.journey is not None and self._confirmation is None:
            self.journey.keep_draft(draft)
        self._info_open = True
        if kind == "accessibility":
            self._view.show_settings(self.preferences)
        else:
            self._view.show_info(kind)

    @resident_action
    def change_preferences(self, changes: dict[str, Any]) -> None:
        """Apply the resident's choice at once; a new language re-renders every text and keeps
        every answer (the journey only changes the language it shows)."""
        try:
            preferences = self.preferences.changed(**changes)
        except (TypeError, ValueError) as exc:
            log.warning("preference change refused: %s", exc)
            return
        if preferences == self.preferences:
            return
        if preferences.language != self.preferences.language and self.journey is not None:
            self.journey.set_language(preferences.language)
            if self._confirmation is not None:
                self._confirmation = self.journey.confirmation(self._confirmation.reference)
        self.preferences = preferences
        log.info("preferences changed: %s", ", ".join(sorted(changes)))
        self._view.apply_preferences(preferences)
        self._show_current()

    def _show_current(self) -> None:
        """Render again whatever the resident is looking at (after a language or size change)."""
        if self._info_open:
            self._view.show_settings(self.preferences)
        elif self._confirmation is not None:
            self._view.show_confirmation(self._confirmation, self._follow_up_text(self._confirmation.reference))
            self.refresh_send_status()
        elif self._check_open:
            self._view.show_check_report(None, None, self._reference_example)
        elif self.journey is not None:
            self._render()
        else:
            self.show_home()

    @resident_action
    def close_info(self) -> None:
        self._info_open = False
        self._show_current()

    @resident_action
    def end_session(self, reason: str) -> None:
        """Forget the resident: journey, confirmation and every widget; back to a clean home."""
        if self.journey is not None:
            log.info("session ended (%s): form=%s at=%s", reason, self.journey.form.id, self.journey.position)
        self.journey = None
        self._confirmation = None
        self._info_open = False
        self._check_open = False
        self._checking = None
        self._reset_preferences()
        self._set_session(False)
        self._view.wipe_session()
        self._reload_catalogue()
        self.show_home()

    def _reset_preferences(self) -> None:
        """The next person starts with the kiosk's own settings (text, colours, speech, volume)."""
        defaults = Preferences.defaults(self._default_language)
        if self.preferences != defaults:
            self.preferences = defaults
            self._view.apply_preferences(defaults)

    def _reload_catalogue(self) -> None:
        """Between residents only: pick up forms imported or changed since the last session."""
        if self._refresh_catalogue is None:
            return
        try:
            self._catalogue = self._refresh_catalogue()
        except Exception as exc:  # noqa: BLE001 - keep the forms we have rather than none
            log.error("could not reload the form catalogue: %s", describe_failure(exc))

    def _recover(self, action: str) -> None:
        """After a failed action: show the current step again, or a clean home screen."""
        try:
            if action == "send":
                self._confirmation = None
                self._view.show_send_failure()
            elif self.journey is not None:
                self._render()
            else:
                self._view.wipe_session()
                self.show_home()
        except Exception as exc:  # noqa: BLE001
            log.error("recovery failed: %s; ending the session", describe_failure(exc))
            exc.__traceback__ = None
            del exc
            forget_last_exception()
            self.journey = None
            self._confirmation = None
            self._set_session(False)
            self._view.wipe_session()
            self.show_home()

    def _set_session(self, active: bool) -> None:
        if active != self._in_session:
            self._in_session = active
            self._on_session_changed(active)

    def _journey(self) -> Journey:
        if self.journey is None:
            raise RuntimeError("no form is open")
        return self.journey

    def _render(self) -> None:
        self._view.show_step(self._journey().step())
