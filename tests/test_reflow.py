"""Every screen reflows at 100%, 150%, 200% and 300% text, in every colour theme, portrait and landscape.

For each combination the real kiosk walks one whole journey (home, before you start, the first
question with its error summary, every question on the route, check your answers, the helper
and accessibility screens, the timeout warning and the confirmation), then looks the report up
on "Check on something I reported", and on every screen finds:

- no clipped text: a label or button is as tall as its wrapped text needs, a one-line field as
  tall as its font, and every widget lies inside its parent and inside the window;
- nothing overlapping: no two visible widgets with the same parent intersect;
- no sideways scrolling: the screen fits the width of the scroll area, even at its minimum;
- every control at least 60 x 60 px.

The colour themes draw with the same sizes, so each theme walks a different form: every text
size and orientation then meets choices, checkboxes, dates, addresses and long answers.
The on-screen keyboard is checked by its own tests and left out here.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from journey_answers import FORM_JOURNEYS, delete_closed_windows  # noqa: F401
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyleOptionFrame,
    QVBoxLayout,
    QWidget,
)

from accessibility.qss import render_qss
from accessibility.tokens import PALETTES, TEXT_SCALES, theme_for
from kiosk.controller import CHECK_REPORT_ID
from kiosk.screens.check_answers import CheckAnswersScreen
from kiosk.screens.check_report import CheckReportScreen
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.screens.question import QuestionScreen
from kiosk.widgets.basics import button
from kiosk.widgets.wrapping import WrappingCheckBox, WrappingPushButton, WrappingRadioButton

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
FORM_FOR_THEME = {"council": "missed-bin", "high-contrast": "housing-repair", "yellow-on-black": "moving-home"}
MIN_TARGET_PX = 60
MAX_REPORTED = 12
LONG_BUTTON = "Go back to where I was"
LONG_CHOICE = "Black bin (general rubbish)"
SETTLE_PASSES = 8
CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit)


def settle() -> None:
    """Let layouts finish: a widget that changes size asks its parent's layout to redo itself,
    which asks its own parent, each in a later pass of the event loop."""
    for _ in range(SETTLE_PASSES):
        QApplication.processEvents()


def describe(widget: QWidget) -> str:
    """Enough to find the widget: its class, object name and what it says."""
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton | QLineEdit) else ""
    name = widget.objectName() or widget.accessibleName() or text
    return f"{type(widget).__name__} {name[:60]!r}"


class ReflowAudit:
    """Checks the whole window as it is now, for one text size, theme and orientation."""

    def __init__(self, window: QWidget, combination: str) -> None:
        self.window = window
        self.combination = combination
        self.viewport = window.scroll.viewport()
        self.left_out = [w for w in (getattr(window, "keyboard", None),) if w is not None]
        self.screens: list[str] = []

    def check(self, screen_label: str) -> None:
        settle()
        widgets = [w for w in self.window.findChildren(QWidget) if self._audited(w)]
        problems = self._scrolling()
        for widget in widgets:
            problems += [f"{describe(widget)}: {p}" for p in self._widget_problems(widget)]
        problems += self._overlaps(widgets)
        if len(problems) > MAX_REPORTED:
            problems[MAX_REPORTED:] = [f"... and {len(problems) - MAX_REPORTED} more"]
        assert not problems, f"{self.combination}, {screen_label}:\n  " + "\n  ".join(problems)
        self.screens.append(screen_label)

    def _audited(self, widget: QWidget) -> bool:
        if not widget.isVisible() or widget.isWindow():
            return False
        return not any(w is widget or w.isAncestorOf(widget) for w in self.left_out)

    # -- (c) no sideways scrolling -----------------------------------------------------------
    def _scrolling(self) -> list[str]:
        screen = self.window.scroll.widget()
        if screen is None:
            return ["no screen is shown"]
        problems = []
        width, least = screen.width(), max(screen.minimumSizeHint().width(), screen.minimumWidth())
        if width > self.viewport.width() or least > self.viewport.width():
            problems.append(f"screen is {width} px wide (at least {least} px) in a {self.viewport.width()} px viewport")
        if self.window.scroll.horizontalScrollBar().maximum() > 0:
            problems.append("the screen scrolls sideways")
        return problems

    # -- (a) clipped text, and (d) target sizes ----------------------------------------------
    def _widget_problems(self, widget: QWidget) -> list[str]:
        problems = self._placement(widget)
        if isinstance(widget, QLabel) and widget.text():
            problems += self._label(widget)
        if isinstance(widget, QAbstractButton):
            problems += self._button(widget)
        if isinstance(widget, QLineEdit):
            problems += self._line_edit(widget)
        if isinstance(widget, QPlainTextEdit):
            inside, line = widget.viewport().height(), widget.fontMetrics().lineSpacing()
            if inside < line:
                problems.append(f"{inside} px high inside, a line needs {line}")
        if isinstance(widget, CONTROLS) and min(widget.width(), widget.height()) < MIN_TARGET_PX:
            problems.append(f"a {_size(widget.size())} px target (at least {MIN_TARGET_PX} px each way)")
        return problems

    def _placement(self, widget: QWidget) -> list[str]:
        """Inside its parent (the screen may be taller than the viewport: it scrolls), inside
        the window, and inside the viewport's width if it is on the screen."""
        problems = []
        parent = widget.parentWidget()
        geometry = widget.geometry()
        if parent is not None and parent is not self.viewport and not parent.rect().contains(geometry):
            problems.append(f"at {_rect(geometry)} sticks out of its {parent.width()}x{parent.height()} parent")
        in_window = QRect(widget.mapTo(self.window, QPoint(0, 0)), widget.size())
        if in_window.left() < 0 or in_window.right() >= self.window.width():
            problems.append(f"at x {in_window.left()}..{in_window.right()} in a {self.window.width()} px window")
        if self.viewport.isAncestorOf(widget):
            left = widget.mapTo(self.viewport, QPoint(0, 0)).x()
            if left < 0 or left + widget.width() > self.viewport.width():
                problems.append(f"at x {left}..{left + widget.width() - 1} in a {self.viewport.width()} px viewport")
        elif in_window.top() < 0 or in_window.bottom() >= self.window.height():
            problems.append(f"at y {in_window.top()}..{in_window.bottom()} in a {self.window.height()} px window")
        return problems

    @staticmethod
    def _label(label: QLabel) -> list[str]:
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height():
                return [f"needs {needed} px at {label.width()} px wide, has {label.height()}"]
            return []
        inner = label.contentsRect()
        metrics = label.fontMetrics()
        if metrics.horizontalAdvance(label.text()) > inner.width() or metrics.height() > inner.height():
            return [f"one line of {metrics.horizontalAdvance(label.text())}x{metrics.height()} px in {_size(inner)}"]
        return []

    @staticmethod
    def _button(button: QAbstractButton) -> list[str]:
        if button.hasHeightForWidth():
            needed = button.heightForWidth(button.width())
            if needed > button.height():
                return [f"needs {needed} px at {button.width()} px wide, has {button.height()}"]
            return []
        hint = button.minimumSizeHint()
        if hint.width() > button.width() or hint.height() > button.height():
            return [f"needs {_size(hint)}, has {_size(button.size())}"]
        return []

    @staticmethod
    def _line_edit(field: QLineEdit) -> list[str]:
        option = QStyleOptionFrame()
        field.initStyleOption(option)
        inner = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
        margins = field.textMargins()
        height = inner.height() - margins.top() - margins.bottom()
        if field.fontMetrics().height() > height:
            return [f"text {field.fontMetrics().height()} px high in a {height} px field"]
        return []

    # -- (b) nothing overlapping -------------------------------------------------------------
    def _overlaps(self, widgets: list[QWidget]) -> list[str]:
        overlay = self.window.timeout_overlay  # covers the window on purpose
        siblings: dict[int, list[QWidget]] = {}
        for widget in widgets:
            parent = widget.parentWidget()
            if widget is not overlay and parent is not None:
                siblings.setdefault(id(parent), []).append(widget)
        problems = []
        for group in siblings.values():
            for first, second in combinations(group, 2):
                shared = first.geometry().intersected(second.geometry())
                if not shared.isEmpty():
                    problems.append(f"{describe(first)} and {describe(second)} overlap by {_size(shared)}")
        return problems


def _rect(rect: QRect) -> str:
    return f"{rect.x()},{rect.y()} {rect.width()}x{rect.height()}"


def _size(size) -> str:
    return f"{size.width()}x{size.height()}"


@pytest.mark.parametrize("orientation", list(SIZES))
@pytest.mark.parametrize("palette", list(PALETTES))
@pytest.mark.parametrize("scale", TEXT_SCALES, ids=[f"text{round(s * 100)}" for s in TEXT_SCALES])
def test_every_screen_of_a_journey_reflows(scale, palette, orientation, kiosk, resident, fake_clock, qtbot):
    window = kiosk.window
    window.resize(*SIZES[orientation])
    kiosk.controller.change_preferences({"text_scale": scale, "palette": palette})
    assert QApplication.instance().styleSheet() == render_qss(theme_for(palette, scale))
    assert window.size().toTuple() == SIZES[orientation]
    form_id = FORM_FOR_THEME[palette]
    answers = FORM_JOURNEYS[form_id].answers
    audit = ReflowAudit(window, f"{round(scale * 100)}% {palette} {orientation}")
    audit.check("home")

    resident.open_form(form_id)
    audit.check("before you start")
    resident.start()
    resident.tap_continue()
    assert resident.screen.error_summary is not None
    audit.check(f"{resident.screen.step.question_id} with the error summary")
    while isinstance(resident.screen, QuestionScreen):
        question_id = resident.screen.step.question_id
        audit.check(f"{question_id} ({resident.screen.step.input_kind})")
        resident.answer_and_continue(answers.get(question_id))
        assert not (isinstance(resident.screen, QuestionScreen) and resident.screen.step.question_id == question_id)
    assert isinstance(resident.screen, CheckAnswersScreen)
    audit.check("check your answers")

    for bar_button, label in (("helper-button", "ask a helper"), ("accessibility-button", "accessibility")):
        resident.tap(resident.find(bar_button))
        audit.check(label)
        resident.tap(resident.find("return-button"))
    assert isinstance(resident.screen, CheckAnswersScreen)

    fake_clock.advance(kiosk.idle.idle_seconds + 1)
    qtbot.waitUntil(window.timeout_overlay.isVisible, timeout=2000)
    audit.check("timeout warning")
    resident.tap(resident.find("more-time-button"))

    resident.tap_send()
    assert isinstance(resident.screen, ConfirmationScreen)
    audit.check("confirmation")
    reference = resident.screen.reference.text()

    resident.tap_finish()  # the session ends, and with it the resident's text size and colours
    kiosk.controller.change_preferences({"text_scale": scale, "palette": palette})
    resident.open_form(CHECK_REPORT_ID)
    assert isinstance(resident.screen, CheckReportScreen)
    resident.tap(resident.screen.lookup_button)
    assert resident.screen.error_summary is not None
    audit.check("check on a report, with the error summary")
    resident.type_into(resident.screen.field, reference)
    resident.tap(resident.screen.lookup_button)
    assert f"Reference number {reference}" in resident.screen.status_texts()
    audit.check("check on a report, with its status")
    assert len(audit.screens) >= 12


def text_pixel_counts(widget: WrappingPushButton | WrappingRadioButton) -> Counter[str]:
    """How many pixels where ``widget`` draws its text have each colour, by lower-case hex name."""
    image = widget.grab(widget.text_rect()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = memoryview(image.constBits()).cast("I")
    return Counter(f"#{value & 0xFFFFFF:06x}" for value in pixels)


@pytest.mark.parametrize("palette", list(PALETTES))
def test_wrapped_labels_keep_the_colours_of_each_state(palette, qtbot):
    """Focused, checked and disabled buttons and choices draw their wrapped text in the colours
    the style sheet gives that state, on the background it gives it."""
    QApplication.instance().setStyleSheet(render_qss(theme_for(palette, 1.0)))
    colours = PALETTES[palette]
    box = QWidget()
    box.setObjectName("KioskWindow")
    column = QVBoxLayout(box)
    primary, disabled = button(LONG_BUTTON), button(LONG_BUTTON, "secondary")
    disabled.setEnabled(False)
    radio, checked = WrappingRadioButton(LONG_CHOICE), WrappingRadioButton(LONG_CHOICE)
    checked.setChecked(True)
    for widget in (primary, disabled, radio, checked):
        column.addWidget(widget)
    qtbot.addWidget(box)
    box.resize(320, 900)
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    cases = [
        ("button", primary, colours.primary_text, colours.primary),
        ("disabled button", disabled, colours.secondary_text, colours.background),
        ("choice", radio, colours.text, colours.background),
        ("ticked choice", checked, colours.text, colours.background),
    ]
    for label, widget, text, background in cases + [
        ("focused button", primary, colours.focus_text, colours.focus),
        ("focused choice", radio, colours.focus_text, colours.focus),
    ]:
        if label.startswith("focused"):
            widget.setFocus()
            qtbot.waitUntil(widget.hasFocus, timeout=1000)
        assert len(widget.wrapped_lines()) >= 2, f"{label}: {widget.wrapped_lines()}"
        counts = text_pixel_counts(widget)
        assert counts.most_common(1)[0][0] == background.lower(), f"{palette} {label}: {counts.most_common(3)}"
        assert counts[text.lower()] >= 40, f"{palette} {label}: {counts[text.lower()]} px of {text}"


def test_long_labels_wrap_break_long_words_and_keep_their_words_and_tap_area(qtbot):
    """The whole label stays the button's text and name; lines fit the button, a word longer
    than a line breaks inside, and a tap anywhere on a choice's box selects it."""
    QApplication.instance().setStyleSheet(render_qss(theme_for("council", 3.0)))
    box = QWidget()
    column = QVBoxLayout(box)
    label = "Email me at resident.with.a.long.address@example.com please"
    choice, tick = WrappingRadioButton(label), WrappingCheckBox(label)
    action = button(label, accessible_name="Send")
    for widget in (choice, tick, action):
        column.addWidget(widget)
    qtbot.addWidget(box)
    box.resize(700, 2400)
    box.show()
    qtbot.waitExposed(box)
    for widget in (choice, tick, action):
        lines = widget.wrapped_lines()
        assert widget.text() == label
        assert "".join(lines).replace(" ", "") == label.replace(" ", "")
        assert len(lines) >= 4
        text_width = widget._text_width(widget.width())
        assert max(widget.fontMetrics().horizontalAdvance(line) for line in lines) <= text_width
        assert widget.heightForWidth(widget.width()) <= widget.height()
    assert action.accessibleName() == "Send"
    for option in (choice, tick):
        QTest.mouseClick(option, Qt.MouseButton.LeftButton, pos=QPoint(option.width() - 4, option.height() - 4))
        assert option.isChecked()
