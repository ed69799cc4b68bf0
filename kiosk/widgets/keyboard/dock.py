"""The on-screen keyboard's place in the window: under the screen area, shown while a text field
of the screen has focus, with the layout that field asks for.

A field asks with the dynamic property ``keyboard_layout``: "text" (the default: the layout of
the screen's language), "digits", "number", "date", "postcode", "email" or "pin". The dock sits
in the window's layout, not over it, so the screen area shrinks and the focused field is
scrolled into view above the keys. "Hide" hides the keys until focus next moves into a text
field, or the resident taps the field again. When focus leaves for another control the keys go
once the finger lifts, so nothing moves under a finger that is still down.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.widgets.keyboard.key_grid import KeyButton
from kiosk.widgets.keyboard.loader import KeyboardLayoutError, shipped_layout, shipped_layout_names
from kiosk.widgets.keyboard.panel import PRESS_EVENTS, RELEASE_EVENTS, KeyboardPanel

LIFT_EVENTS = RELEASE_EVENTS | {QEvent.Type.TouchCancel}

log = logging.getLogger(__name__)

LAYOUT_PROPERTY = "keyboard_layout"
FIELD_LAYOUTS = ("digits", "number", "date", "postcode", "email", "pin")
DEFAULT_LANGUAGE_LAYOUT = "en"
REVEAL_MARGIN_PX = 80  # room above and below the field, as the window keeps focused controls


def is_text_field(widget: QWidget | None) -> bool:
    """A field the resident types into (not read-only)."""
    return isinstance(widget, QLineEdit | QPlainTextEdit) and not widget.isReadOnly()


class KeyboardDock(QFrame):
    """Shows the keyboard for text fields inside ``screen_area``; never shows with ``enabled=False``."""

    def __init__(self, screen_area: QScrollArea, parent: QWidget | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("KeyboardDock")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.keyboard_enabled = enabled
        self._screen_area = screen_area
        self._language_layout = DEFAULT_LANGUAGE_LAYOUT
        self._target: QWidget | None = None
        self._target_screen: QWidget | None = None
        self._hide_pending = False
        self.panel = KeyboardPanel(self)
        self.panel.sig_hide_requested.connect(self.hide)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.panel)
        self.hide()
        QApplication.instance().focusChanged.connect(self._focus_changed)
        screen_area.viewport().installEventFilter(self)  # it shrinks when the keys appear

    # -- public -------------------------------------------------------------------------------
    @property
    def layout_name(self) -> str | None:
        """The name of the layout shown (or last shown), such as "en" or "digits"."""
        layout = self.panel.keyboard_layout
        return layout.name if layout is not None else None

    def reset(self) -> None:
        """At the end of a session: hide, and delete the keys until a field next needs them."""
        self.hide()
        self.panel.clear()

    def set_language(self, code: str) -> None:
        """Use the text layout of language ``code`` ("pl", "ar", "en-GB"); English if there is none."""
        primary = code.replace("_", "-").split("-")[0].lower()
        text_layouts = set(shipped_layout_names()) - set(FIELD_LAYOUTS)
        self._language_layout = primary if primary in text_layouts else DEFAULT_LANGUAGE_LAYOUT
        if self.isVisible() and self._target is not None:
            self._open_for(self._target)

    def layout_name_for(self, field: QWidget) -> str:
        """The layout ``field`` gets: its ``keyboard_layout`` property, "text" meaning the language's."""
        wanted = field.property(LAYOUT_PROPERTY) or "text"
        if wanted in FIELD_LAYOUTS:
            return str(wanted)
        if wanted != "text":
            log.warning("unknown keyboard layout %r on a field: using the text layout", wanted)
        return self._language_layout

    def key_buttons(self) -> list[KeyButton]:
        """The keys shown now."""
        return self.panel.buttons()

    # -- focus --------------------------------------------------------------------------------
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not self.keyboard_enabled:
            return
        if is_text_field(new) and self._screen_area.isAncestorOf(new):
            self._stop_waiting_for_release()
            self._open_for(new)
        elif self.isVisible():
            if QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
                self._hide_after_release()  # keep the keys still under a finger that is still down
            else:
                self.hide()

    def _open_for(self, field: QWidget) -> None:
        screen = self._screen_area.widget()
        previous = self._target_screen
        if previous is not None and (not shiboken6.isValid(previous) or screen is not previous):
            self.panel.guard_double_tap()
        self._target_screen = screen
        new_field = field is not self._target
        self._watch(field)
        name = self.layout_name_for(field)
        try:
            layout = shipped_layout(name)
        except KeyboardLayoutError as exc:
            log.error("on-screen keyboard unavailable: %s", exc)
            self.hide()
            return
        if new_field or layout is not self.panel.keyboard_layout:
            self.panel.show_layout(layout)
        self.show()
        self._reveal_field()

    def _reveal_field(self) -> None:
        """Scroll the field into view above the keys: now, and again whenever the screen area is
        resized (the keys appearing or changing height shrink it once the window's layout settles)."""
        self._ensure_field_visible()
        QTimer.singleShot(0, self, self._ensure_field_visible)

    def _ensure_field_visible(self) -> None:
        """Scroll so the whole field (not just its cursor) shows; a field taller than the screen
        area shows from its cursor, as ``QScrollArea.ensureWidgetVisible`` does."""
        field, area = self._target, self._screen_area
        content = area.widget()
        if not (self.isVisible() and field is not None and shiboken6.isValid(field) and field.isVisible()):
            return
        if content is None or not content.isAncestorOf(field):
            return
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)  # place the field first
        view_height = area.viewport().height()
        if field.height() > view_height:
            area.ensureWidgetVisible(field, 0, 0)
            return
        top = field.mapTo(content, QPoint(0, 0)).y()
        bottom = top + field.height()
        margin = min(REVEAL_MARGIN_PX, (view_height - field.height()) // 2)
        bar = area.verticalScrollBar()
        value = bar.value()
        if bottom + margin > value + view_height:
            value = bottom + margin - view_height
        if top - margin < value:
            value = top - margin
        bar.setValue(value)

    def _watch(self, field: QWidget) -> None:
        """Watch the target field for taps (to reopen after Hide)."""
        if field is self._target:
            return
        old = self._target
        if old is not None and shiboken6.isValid(old):
            old.removeEventFilter(self)
        self._target = field
        field.installEventFilter(self)

    def _hide_after_release(self) -> None:
        if not self._hide_pending:
            self._hide_pending = True
            QApplication.instance().installEventFilter(self)

    def _stop_waiting_for_release(self) -> None:
        if self._hide_pending:
            self._hide_pending = False
            QApplication.instance().removeEventFilter(self)

    def _hide_unless_typing(self) -> None:
        focus = QApplication.focusWidget()
        if not (is_text_field(focus) and self._screen_area.isAncestorOf(focus)):
            self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self._screen_area.viewport():
            QTimer.singleShot(0, self, self._ensure_field_visible)
        elif self._hide_pending and kind in LIFT_EVENTS:
            self._stop_waiting_for_release()
            QTimer.singleShot(0, self, self._hide_unless_typing)
        elif (
            kind in PRESS_EVENTS
            and watched is self._target
            and self.keyboard_enabled
            and not self.isVisible()
            and watched.hasFocus()
        ):
            self._open_for(watched)
        return False
