"""Read-aloud: speaks each screen for a resident who turned it on, and stops at any touch or key.

EN 301 549 5.1.3 in one place:

- each screen is spoken when it appears (heading, hint, choices, errors naming the field; the
  reference spelled out on the confirmation); ``Repeat`` says it again (5.1.3.4);
- any press, touch or key, and every screen change, stops speech at once (5.1.3.5): speech is
  synthesised to WAV off the GUI thread and played by a player that stops instantly, because
  pyttsx3's own playback cannot be interrupted;
- what the resident entered is private (5.1.3.9): a screen says only that an answer has been
  entered, the value is spoken only when they tap "Hear my answer", such audio is never cached
  and is dropped when the session ends; a masked answer (a PIN) is never spoken (5.1.3.8);
- the voice speaks the screen's language (5.1.3.14); volume and speed follow the resident's
  settings, which reset for the next person (5.1.3.13);
- read-aloud can be started without sight (5.2): touch and hold anywhere for two seconds, or
  press F1; the first touch on the home screen says so, quietly.

If no speech engine works, staff are told once in the log and the kiosk carries on silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from accessibility.preferences import Preferences
from kiosk.background import BackgroundTasks
from kiosk.ui_text import ui

log = logging.getLogger(__name__)

HOLD_TO_START_MS = 2000
HOLD_SLOP_PX = 40
HINT_VOLUME = 0.3
PRESS_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin}
RELEASE_EVENTS = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd}
START_KEYS = {Qt.Key.Key_F1}


class Player(Protocol):
    """Plays WAV bytes and stops at once (``accessibility.qt_speech_player.SpeechPlayer``)."""

    @property
    def is_playing(self) -> bool: ...
    def play(self, wav: bytes) -> None: ...
    def stop(self) -> None: ...
    def set_volume(self, level: float) -> None: ...


class Speaker(Protocol):
    """Makes WAV bytes (``accessibility.speech.Synthesiser``)."""

    def probe(self) -> str | None: ...
    def synthesise(self, text: str, language: str, rate_percent: int = 100) -> bytes: ...


@dataclass(frozen=True)
class Utterance:
    """What is being (or was last) spoken: kept only until the next utterance or session end."""

    text: str
    language: str
    private: bool
    wav: bytes


class ReadAloud(QObject):
    """Speaks screens while enabled; ``sig_start_requested`` asks to enable it (long press, F1)."""

    sig_start_requested = Signal()

    def __init__(
        self,
        tasks: BackgroundTasks,
        speaker: Speaker,
        make_player: Callable[[], Player],
        *,
        cache: object | None = None,
        hold_ms: int = HOLD_TO_START_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._speaker = speaker
        self._make_player = make_player
        self._made_player: Player | None = None
        self._cache = cache
        self._preferences = Preferences.defaults()
        self._problem: str | None = None
        self._generation = 0
        self._last_prompt: str | None = None
        self._announce_start = False
        self._hint_given = False
        self.on_home = False
        self.current: Utterance | None = None
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold.timeout.connect(self._held)
        self._hold_at: QPoint | None = None
        self._hold_target: QWidget | None = None
        self._swallow_release = False
        self._swallowing_now = False
        self._last_touch: tuple[object, int, tuple[int, int] | None] | None = None
        QApplication.instance().installEventFilter(self)

    # -- state ------------------------------------------------------------------------------------
    @property
    def _player(self) -> Player:
        """The audio player, made when first needed: most sessions never speak, and a kiosk
        keeps the one it made for as long as it runs."""
        if self._made_player is None:
            self._made_player = self._make_player()
            self._made_player.set_volume(self._preferences.volume)
        return self._made_player

    @property
    def enabled(self) -> bool:
        return self._preferences.read_aloud and self._problem is None

    @property
    def problem(self) -> str | None:
        """Why speech does not work here (for staff), or None."""
        return self._problem

    def check_engine(self, on_checked: Callable[[str | None], None] | None = None) -> None:
        """Start the speech engine in the background; a problem is logged once for staff."""

        def checked(reason: str | None) -> None:
            if reason is not None and self._problem is None:
                log.warning("read-aloud is not available on this kiosk: %s", reason)
            self._problem = reason
            if on_checked is not None:
                on_checked(reason)

        self._tasks.run(self._speaker.probe, checked, lambda failure: checked(f"the speech engine failed: {failure}"))

    def apply(self, preferences: Preferences) -> None:
        """Follow the resident's settings; turning read-aloud on announces it on the next screen."""
        was_on = self._preferences.read_aloud
        self._preferences = preferences
        if self._made_player is not None:
            self._made_player.set_volume(preferences.volume)
        if preferences.read_aloud and not was_on:
            self._announce_start = True
        elif not preferences.read_aloud:
            self.stop()

    def forget_session(self) -> None:
        """The resident has gone: stop, and drop what was spoken (it may hold their answer)."""
        self.stop()
        self.current = None
        self._last_prompt = None
        self._hint_given = False
        self._announce_start = False

    # -- speaking ---------------------------------------------------------------------------------
    def screen_shown(self, spoken_text: str) -> None:
        """A new screen: stop what is playing and, when enabled, speak the screen."""
        self.stop()
        if not self.enabled or not spoken_text.strip():
            return
        if self._announce_start:
            self._announce_start = False
            spoken_text = f"{ui('speech.started', self._preferences.language)} {spoken_text}"
        self.speak(spoken_text)

    def speak(self, text: str, *, private: bool = False, volume: float | None = None) -> None:
        """Synthesise ``text`` in the background and play it, unless something stopped it first.

        ``private`` text (a resident's answer) is never cached and is not kept for Repeat.
        """
        self.stop()
        if self._problem is not None:
            return
        if not private:
            self._last_prompt = text
        language, rate = self._preferences.language, self._preferences.rate_percent
        generation = self._generation
        level = self._preferences.volume if volume is None else volume

        def make() -> bytes:
            if self._cache is not None:
                return self._cache.get_or_make(text, language, rate, self._speaker.synthesise, private=private)
            return self._speaker.synthesise(text, language, rate)

        def ready(wav: bytes) -> None:
            if generation != self._generation:
                return  # a touch, key or new screen came first
            self._player.set_volume(level)
            self._player.play(wav)
            self.current = Utterance(text, language, private, wav)

        self._tasks.run(make, ready, lambda failure: log.warning("speech could not be made: %s", failure))

    def repeat(self) -> None:
        """Say the screen again (never a private answer)."""
        if self._last_prompt is not None:
            self.speak(self._last_prompt)

    def stop(self) -> None:
        """Stop at once, including speech still being synthesised."""
        self._generation += 1
        if self._made_player is not None and self._made_player.is_playing:
            self._made_player.stop()

    def say_start_hint(self) -> None:
        """Tell someone who cannot see the screen how to start read-aloud, quietly, once a session."""
        if self._hint_given or self._preferences.read_aloud:
            return
        self._hint_given = True
        self.speak(ui("speech.start_hint", self._preferences.language), volume=HINT_VOLUME)

    # -- touches and keys -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Act once per touch (it is seen at the window and again at each widget it reaches) and
        once per key (at the focused widget)."""
        kind = event.type()
        if kind in PRESS_EVENTS or kind in RELEASE_EVENTS:
            if not isinstance(watched, QWindow | QWidget):
                return False
            stamp = (kind, event.timestamp(), self._position(event))
            if stamp == self._last_touch:
                return kind in RELEASE_EVENTS and self._swallowing_now
            self._last_touch = stamp
            if kind in PRESS_EVENTS:
                self.stop()
                self._start_hold(event)
                if self.on_home:
                    QTimer.singleShot(0, self.say_start_hint)
                return False
            self._hold.stop()
            self._swallowing_now = self._swallow_release
            self._swallow_release = False
            return self._swallowing_now
        if kind == QEvent.Type.MouseMove and self._moved_too_far(event):
            self._hold.stop()
        elif kind == QEvent.Type.KeyPress and isinstance(watched, QWidget):
            focus = QApplication.focusWidget()
            if watched is focus or (focus is None and watched.isWindow()):
                return self._key_pressed(event)
        return False

    @staticmethod
    def _position(event: QEvent) -> tuple[int, int] | None:
        points = event.points() if hasattr(event, "points") else []
        if points:
            point = points[0].globalPosition().toPoint()
            return point.x(), point.y()
        return None

    def _moved_too_far(self, event: QEvent) -> bool:
        if not self._hold.isActive() or self._hold_at is None:
            return False
        position = self._position(event)
        return position is not None and abs(position[0] - self._hold_at.x()) + abs(position[1] - self._hold_at.y()) > (
            HOLD_SLOP_PX
        )

    def _key_pressed(self, event: QEvent) -> bool:
        self.stop()
        if event.key() not in START_KEYS or event.isAutoRepeat():
            return False
        if self._preferences.read_aloud:
            self.repeat()
        else:
            self.sig_start_requested.emit()
        return True

    def _start_hold(self, event: QEvent) -> None:
        position = self._position(event)
        if position is None or self._preferences.read_aloud:
            return
        self._hold_at = QPoint(*position)
        self._hold_target = QApplication.widgetAt(self._hold_at)
        self._hold.start()

    def _held(self) -> None:
        """Two seconds held: start read-aloud, and cancel the tap the press would have made."""
        target = self._hold_target
        while target is not None and not isinstance(target, QAbstractButton):
            target = target.parentWidget()
        if isinstance(target, QAbstractButton):
            target.setDown(False)
        self._swallow_release = True
        self.sig_start_requested.emit()
