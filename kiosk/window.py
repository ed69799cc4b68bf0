"""The kiosk window: a council bar, the current screen, and a help bar that never moves.

It is the controller's view: it builds the screen for each step from the registry, wires the
screen's signals to the controller, and destroys the previous screen, so nothing a resident
typed lingers in a hidden widget.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from accessibility.preferences import Preferences
from accessibility.qss import render_qss
from forms.steps import ConfirmationStep, Step
from kiosk.controller import KioskController, Tile
from kiosk.privacy import clear_clipboards
from kiosk.read_aloud import ReadAloud
from kiosk.report_status import ReportStatus
from kiosk.screens.base import Screen, layout_is_right_to_left
from kiosk.screens.check_report import CheckReportScreen
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.info import InfoScreen
from kiosk.screens.out_of_service import OutOfServiceScreen
from kiosk.screens.question import QuestionScreen
from kiosk.screens.registry import STEP_SCREENS
from kiosk.screens.settings import SettingsScreen
from kiosk.ui_text import ui
from kiosk.widgets.basics import button, text_label
from kiosk.widgets.inputs.base import AnswerInput
from kiosk.widgets.keyboard import KeyboardDock
from kiosk.widgets.reflow import ReflowRow
from kiosk.widgets.timeout_panel import TimeoutOverlay

PRESS_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin}
RELEASE_EVENTS = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd}


def _forward(method: Callable[..., object]) -> Callable[..., object]:
    """A plain function calling ``method``, for connecting a screen's signal to the controller.

    PySide6 keeps a weak reference for every connection made straight to a bound method of a
    plain Python object, and never frees it when the sender (a discarded screen) is deleted:
    about 2 KiB lost per resident session, for as long as the kiosk runs.
    """
    return lambda *args: method(*args)


class KioskWindow(QWidget):
    """Top bar, scrollable screen area and help bar; ``controller`` is bound after creation."""

    def __init__(self, council_name: str, kiosk_name: str) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(f"{council_name} – {kiosk_name}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.controller: KioskController | None = None
        self.screen: Screen | None = None
        self.language = "en"
        self.text_scale = 1.0
        self.read_aloud: ReadAloud | None = None
        self._last_release_ms: int | None = None
        self._screen_changed_ms: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._top_bar(council_name, kiosk_name))
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("ScreenHost")
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the screen inside takes focus, named
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        QApplication.instance().focusChanged.connect(self._keep_focus_visible)
        layout.addWidget(self.scroll, 1)
        self.keyboard = KeyboardDock(self.scroll, self)
        layout.addWidget(self.keyboard)
        layout.addWidget(self._help_bar())
        self.timeout_overlay = TimeoutOverlay(self)
        QApplication.instance().installEventFilter(self)

    # -- the frame ----------------------------------------------------------------------------
    def _top_bar(self, council_name: str, kiosk_name: str) -> QFrame:
        bar = QFrame(self)
        bar.setObjectName("TopBar")
        frame = QVBoxLayout(bar)
        frame.setContentsMargins(40, 8, 40, 8)
        row = ReflowRow(bar)
        frame.addWidget(row)
        council = text_label(council_name, "council-name")
        council.setObjectName("CouncilName")
        row.add(council, stretch=True)
        self.start_again_button = button(ui("bar.start_again"), "topbar",
                                         description=ui("bar.start_again_description"))  # fmt: skip
        self.start_again_button.setObjectName("start-again-button")
        self.start_again_button.clicked.connect(lambda: self._controller().end_session("start again"))
        self.start_again_button.hide()
        row.add(self.start_again_button, push=True)
        return bar

    def _help_bar(self) -> QFrame:
        bar = QFrame(self)
        bar.setObjectName("HelpBar")
        frame = QVBoxLayout(bar)
        frame.setContentsMargins(40, 8, 40, 8)
        row = ReflowRow(bar, spacing=24)
        frame.addWidget(row)
        self.accessibility_button = button(ui("bar.accessibility"), "bar",
                                           description=ui("bar.accessibility_description"))  # fmt: skip
        self.accessibility_button.setObjectName("accessibility-button")
        self.accessibility_button.clicked.connect(lambda: self._open_info("accessibility"))
        self.helper_button = button(ui("bar.helper"), "helper", description=ui("bar.helper_description"))
        self.helper_button.setObjectName("helper-button")
        self.helper_button.clicked.connect(lambda: self._open_info("helper"))
        self.read_aloud_button = button(ui("bar.read_aloud"), "bar", description=ui("bar.read_aloud_description"))
        self.read_aloud_button.setObjectName("read-aloud-button")
        self.read_aloud_button.clicked.connect(self._read_aloud_tapped)
        row.add(self.accessibility_button)
        row.add(self.read_aloud_button)
        row.add(self.helper_button, push=True)
        return bar

    def attach_read_aloud(self, read_aloud: ReadAloud) -> None:
        """Speak each screen through ``read_aloud`` (when the resident has turned it on)."""
        self.read_aloud = read_aloud

    def _read_aloud_tapped(self) -> None:
        """Off: turn read-aloud on (it then reads this screen). On: say this screen again."""
        if self.read_aloud is not None and self.read_aloud.enabled:
            self.read_aloud.repeat()
        else:
            self._controller().change_preferences({"read_aloud": True})

    def _hear_answer(self) -> None:
        """Say what is entered on this question, only because the resident asked (never a PIN)."""
        screen = self.screen
        if self.read_aloud is None or not isinstance(screen, QuestionScreen):
            return
        lang = self.language
        if screen.step.masked:
            self.read_aloud.speak(ui("speech.answer_hidden", lang))
            return
        answer = screen.answer_text()
        if answer:
            self.read_aloud.speak(ui("speech.answer_is", lang, answer=answer), private=True)
        else:
            self.read_aloud.speak(ui("speech.no_answer", lang))

    def _spoken_for(self, screen: Screen) -> str:
        """What read-aloud says for ``screen``: its text, and that an answer is entered (not which)."""
        text = screen.spoken_text
        if isinstance(screen, QuestionScreen) and screen.answer_text():
            text = f"{text} {ui('speech.answer_entered', self.language)}"
        return text

    def _open_info(self, kind: str) -> None:
        """Open an info screen, handing over what is half-typed so it is there on return."""
        screen = self.screen
        draft = screen.input.raw() if isinstance(screen, QuestionScreen) else None
        self._controller().show_info(kind, draft)

    def bind(self, controller: KioskController) -> None:
        self.controller = controller

    def _controller(self) -> KioskController:
        assert self.controller is not None, "bind() the controller first"
        return self.controller

    def set_session_active(self, active: bool) -> None:
        self.start_again_button.setVisible(active)
        if not active:
            self.timeout_overlay.hide()

    # -- the view protocol --------------------------------------------------------------------
    def apply_preferences(self, preferences: Preferences) -> None:
        """Restyle the whole kiosk for the resident's text size and colours, mirror it for a
        right-to-left language, and put the bars in their language."""
        app = QApplication.instance()
        app.setStyleSheet(render_qss(preferences.theme()))
        self.language = preferences.language
        self.text_scale = preferences.text_scale
        right_to_left = layout_is_right_to_left(self.language)
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
        self._translate_bars(reading_aloud=preferences.read_aloud)
        self.timeout_overlay.set_language(self.language)
        if self.read_aloud is not None:
            self.read_aloud.apply(preferences)
        self.keyboard.set_language(self.language)

    def _translate_bars(self, *, reading_aloud: bool) -> None:
        """The bars' buttons in the current language; once speech is on, Read aloud is Repeat."""
        lang = self.language
        speech = "bar.repeat" if reading_aloud else "bar.read_aloud"
        for widget, name, description in (
            (self.start_again_button, "bar.start_again", "bar.start_again_description"),
            (self.accessibility_button, "bar.accessibility", "bar.accessibility_description"),
            (self.helper_button, "bar.helper", "bar.helper_description"),
            (self.read_aloud_button, speech, f"{speech}_description"),
        ):
            widget.setText(ui(name, lang))
            widget.setAccessibleName(ui(name, lang))
            widget.setAccessibleDescription(ui(description, lang))

    def show_settings(self, preferences: Preferences) -> None:
        problem = self.read_aloud.problem if self.read_aloud is not None else None
        screen = SettingsScreen(preferences, speech_problem=problem)
        controller = self._controller()
        screen.sig_preferences_changed.connect(_forward(controller.change_preferences))
        screen.sig_back_requested.connect(_forward(controller.close_info))
        self._show(screen)

    def show_home(self, tiles: list[Tile]) -> None:
        columns = 2 if self.width() >= 1400 else 1
        language_columns = max(1, min(5, int(5 / self.text_scale)))  # as many as fit the text size
        screen = HomeScreen(tiles, columns=columns, language=self.language, language_columns=language_columns)
        screen.sig_form_selected.connect(_forward(self._controller().select_form))
        controller = self._controller()
        screen.sig_language_chosen.connect(_forward(lambda code: controller.change_preferences({"language": code})))
        self._show(screen)

    def show_step(self, step: Step) -> None:
        screen_class, actions = STEP_SCREENS[step.kind]
        screen = screen_class(step, language=self.language)
        if isinstance(screen, QuestionScreen) and self.read_aloud is not None and self.read_aloud.enabled:
            screen.offer_hear_answer(self._hear_answer)
        controller = self._controller()
        for signal_name, method_name in actions.items():
            getattr(screen, signal_name).connect(_forward(getattr(controller, method_name)))
        screen.sig_back_requested.connect(_forward(controller.go_back))
        self._show(screen)

    def show_confirmation(self, step: ConfirmationStep, qr_text: str) -> None:
        screen = ConfirmationScreen(step, qr_text, language=self.language)
        screen.sig_finish_requested.connect(_forward(self._controller().finish))
        self._show(screen)

    def show_info(self, kind: str) -> None:
        screen = InfoScreen(kind, language=self.language)
        screen.sig_back_requested.connect(_forward(self._controller().close_info))
        self._show(screen)

    def show_check_report(self, status: ReportStatus | None, error: str | None, example: str) -> None:
        """The check screen: a fresh one, or the current one updated in place (keeps the typing)."""
        screen = self.screen
        if not isinstance(screen, CheckReportScreen):
            screen = CheckReportScreen(example, language=self.language)
            controller = self._controller()
            screen.sig_lookup_requested.connect(_forward(controller.look_up_report))
            screen.sig_finish_requested.connect(_forward(controller.finish))
            screen.sig_back_requested.connect(_forward(controller.go_back))
            self._show(screen)
        if error is not None:
            screen.show_error(error)
        elif status is not None:
            screen.show_status(status)

    def show_send_status(self, status: ReportStatus) -> None:
        if isinstance(self.screen, ConfirmationScreen):
            self.screen.set_send_status(status.heading, status.body)

    def show_send_failure(self) -> None:
        if hasattr(self.screen, "show_send_failure"):
            self.screen.show_send_failure()

    def show_out_of_service(self, reason: str) -> None:
        """No controller exists: the bar buttons would have nothing to act on, so they go."""
        self.helper_button.hide()
        self.accessibility_button.hide()
        self._show(OutOfServiceScreen(reason))

    def wipe_session(self) -> None:
        """Destroy the current screen and its typed text, empty the clipboards, hide the overlay."""
        self.timeout_overlay.forget()
        if self.read_aloud is not None:
            self.read_aloud.forget_session()
        self.keyboard.reset()
        self._discard_screen()
        clear_clipboards()

    # -- internals ----------------------------------------------------------------------------
    def _show(self, screen: Screen) -> None:
        self._screen_changed_ms = self._last_release_ms
        self._discard_screen()
        self.screen = screen
        self.scroll.setWidget(screen)
        self.scroll.verticalScrollBar().setValue(0)
        target = screen.first_focus()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.read_aloud is not None:
            self.read_aloud.on_home = isinstance(screen, HomeScreen)
            self.read_aloud.screen_shown(self._spoken_for(screen) if self.read_aloud.enabled else "")

    def _keep_focus_visible(self, old: QWidget | None, new: QWidget | None) -> None:
        """Scroll so the focused control is on screen (keyboard and screen-reader users). The
        screen itself taking focus leaves it at its top (Qt would centre a tall screen)."""
        if new is not None and self.screen is not None and new is not self.screen and self.screen.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 50, 80)

    def _discard_screen(self) -> None:
        old = self.scroll.takeWidget()
        self.screen = None
        if old is not None:
            for answer_input in old.findChildren(AnswerInput):
                answer_input.clear_text()
            old.hide()
            old.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Drop the second tap of a double tap that changed the screen: it would land on
        whatever the new screen has in that place (such as Finish under Send)."""
        kind = event.type()
        if kind in RELEASE_EVENTS:
            self._last_release_ms = event.timestamp()
        elif (
            kind in PRESS_EVENTS
            and self._screen_changed_ms is not None
            and isinstance(watched, QWidget)
            and self.scroll.isAncestorOf(watched)
        ):
            since = event.timestamp() - self._screen_changed_ms
            return 0 <= since < QGuiApplication.styleHints().mouseDoubleClickInterval()
        return False

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.timeout_overlay.isVisible():
            self.timeout_overlay.setGeometry(self.rect())
