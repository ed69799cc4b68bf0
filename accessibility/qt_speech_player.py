"""Plays synthesised speech so that it stops at once (EN 301 549 5.1.3.5).

``SpeechPlayer`` plays WAV bytes from memory through QtMultimedia (``QMediaPlayer`` with a
``QAudioOutput``, reading a ``QBuffer``). ``stop()`` is synchronous: when it returns the player
is stopped, its audio stream is closed (measured on PulseAudio: the stream is gone by then) and
the WAV is released. A new ``play()`` stops what was playing first.

Choices, measured (see ``bench/speech_stop.py``):
- ``QMediaPlayer`` rather than ``QSoundEffect`` or a child ``aplay``: with no sound device
  ``QSoundEffect`` only reports an error and ``aplay`` finishes at once, whereas ``QMediaPlayer``
  plays in real time, so the same code runs in tests here and on a kiosk (PulseAudio or
  PipeWire). Each ``play()`` follows the system's current default output, so headphones plugged
  in for private listening are used from the next utterance. With no audio device the player
  still runs, silently: ``has_output_device`` says so, for staff.
- QtMultimedia's decoding threads call back into Python-made Qt objects (which needs the GIL)
  while tearing down, and PySide keeps the GIL during ``QMediaPlayer.stop()``: a measured
  deadlock. So every call that can wait for those threads goes through
  ``QMetaObject.invokeMethod`` or ``setSource``, which release the GIL, and the player's own
  signals are handled queued, never inside the backend's emission.
- When QtMultimedia cannot be loaded or has no backend, ``state`` is ``"unavailable"``,
  ``unavailable_reason`` says why, and ``play()`` only emits ``sig_failed``: the kiosk keeps working.

Signals: ``sig_started`` when the audio starts; ``sig_stopped`` whenever playing ends (``stop()``,
a new ``play()``, the end of the audio, an error); after it ``sig_finished`` at the natural end
only; ``sig_failed(reason)`` when the audio cannot be played.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from PySide6.QtCore import Q_ARG, QBuffer, QByteArray, QIODevice, QMetaObject, QObject, Qt, QUrl, Signal

log = logging.getLogger(__name__)

PLAYING = "playing"
STOPPED = "stopped"
PAUSED = "paused"
UNAVAILABLE = "unavailable"


class SpeechPlayer(QObject):
    """Plays one WAV at a time from memory; ``stop()`` silences it before returning."""

    sig_started = Signal()
    sig_stopped = Signal()
    sig_finished = Signal()
    sig_failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, volume: float = 1.0) -> None:
        super().__init__(parent)
        self._state = STOPPED
        self._unavailable_reason: str | None = None
        self._buffer: QBuffer | None = None
        self._announced_start = False
        self._volume = _checked_volume(volume)
        self._player: Any = None
        self._output: Any = None
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        except ImportError as exc:
            self._give_up(f"QtMultimedia is not installed ({exc.name})")
            return
        self._media = QMediaPlayer
        player = QMediaPlayer(self)
        if not player.isAvailable():
            self._give_up("QtMultimedia has no working media backend")
            return
        output = QAudioOutput(self)
        output.setVolume(self._volume)
        player.setAudioOutput(output)
        queued = Qt.ConnectionType.QueuedConnection
        player.playbackStateChanged.connect(self._on_backend_changed, queued)
        player.mediaStatusChanged.connect(self._on_backend_changed, queued)
        player.errorOccurred.connect(self._on_backend_changed, queued)
        self._player, self._output = player, output

    # --- public -----------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """``"playing"`` (from ``play()`` until it ends or is stopped), ``"stopped"`` or ``"unavailable"``."""
        return self._state

    @property
    def is_playing(self) -> bool:
        return self._state == PLAYING

    @property
    def output_state(self) -> str:
        """What the media backend itself is doing: ``"playing"``, ``"paused"`` or ``"stopped"``.

        It trails ``state`` while new speech loads (a few ms); after ``stop()`` both are stopped.
        """
        if self._player is None:
            return STOPPED
        backend = self._player.playbackState()
        if backend == self._media.PlaybackState.PlayingState:
            return PLAYING
        return PAUSED if backend == self._media.PlaybackState.PausedState else STOPPED

    @property
    def unavailable_reason(self) -> str | None:
        """Why the player cannot play at all (for staff), or None."""
        return self._unavailable_reason

    @property
    def has_output_device(self) -> bool:
        """True when the system offers an audio output; without one, playing is silent."""
        if self._player is None:
            return False
        from PySide6.QtMultimedia import QMediaDevices

        return not QMediaDevices.defaultAudioOutput().isNull()

    @property
    def volume(self) -> float:
        """The output volume, 0.0 to 1.0 (linear)."""
        return self._volume

    @property
    def audio_output(self) -> QObject | None:
        """The ``QAudioOutput`` the speech goes to (None when unavailable)."""
        return self._output

    def set_volume(self, level: float) -> None:
        """Set the output volume (0.0 to 1.0; values outside are clamped); applies to what is playing too."""
        self._volume = _checked_volume(level)
        if self._output is not None:
            _call(self._output, "setVolume", Q_ARG("float", self._volume))

    def play(self, wav: bytes) -> None:
        """Stop anything playing, then play ``wav`` (WAV bytes, kept only in memory).

        ``state`` is ``"playing"`` as soon as this returns; ``sig_started`` follows when the
        audio starts. When the player is unavailable, only ``sig_failed`` is emitted.
        """
        if not wav:
            raise ValueError("nothing to play: the audio is empty")
        if self._player is None:
            self.sig_failed.emit(self._unavailable_reason or "speech playback is unavailable")
            return
        self.stop()
        self._release()
        self._follow_default_device()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(wav if isinstance(wav, bytes) else bytes(wav)))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self._announced_start = False
        self._state = PLAYING
        # Nothing is loading and no playback engine exists (``_release``), so this cannot wait on the GIL.
        self._player.setSourceDevice(buffer, QUrl("speech.wav"))
        _call(self._player, "play")

    def stop(self) -> None:
        """Stop playing at once. When this returns nothing is playing and the WAV is released.

        Emits ``sig_stopped`` if something was playing; does nothing otherwise.
        """
        if self._state != PLAYING:
            return
        self._state = STOPPED
        _call(self._player, "stop")
        self._release()
        self.sig_stopped.emit()

    # --- internals -----------------------------------------------------------------------------------

    def _release(self) -> None:
        """Drop the source (waiting, without the GIL, for the backend's threads) and the buffer."""
        buffer, self._buffer = self._buffer, None
        if buffer is None:
            return
        self._player.setSource(QUrl())
        buffer.close()
        buffer.setData(QByteArray())
        buffer.deleteLater()

    def _follow_default_device(self) -> None:
        from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

        default = QMediaDevices.defaultAudioOutput()
        if not default.isNull() and self._output.device() != default:
            _call(self._output, "setDevice", Q_ARG(QAudioDevice, default))

    def _on_backend_changed(self, *_: object) -> None:
        """Any backend signal (delivered queued): compare what it is doing with what we promised."""
        if self._state != PLAYING:
            return
        media = self._media
        if self._player.error() != media.Error.NoError:
            name = self._player.error().name
            log.warning("speech playback failed: %s", name)
            self._end(natural=False)
            self.sig_failed.emit(f"the audio could not be played ({name})")
        elif self._player.mediaStatus() == media.MediaStatus.EndOfMedia:
            self._end(natural=True)
        elif self._player.playbackState() == media.PlaybackState.PlayingState and not self._announced_start:
            self._announced_start = True
            self.sig_started.emit()
        elif self._player.mediaStatus() == media.MediaStatus.InvalidMedia:
            self._end(natural=False)
            self.sig_failed.emit("the audio could not be played (InvalidMedia)")

    def _end(self, *, natural: bool) -> None:
        self._state = STOPPED
        _call(self._player, "stop")
        self._release()
        if natural and not self._announced_start:  # so short that it ended before we heard it start
            self.sig_started.emit()
        self.sig_stopped.emit()
        if natural:
            self.sig_finished.emit()

    def _give_up(self, reason: str) -> None:
        self._state = UNAVAILABLE
        self._unavailable_reason = reason
        log.warning("speech playback is unavailable: %s", reason)


def _call(target: QObject, method: str, *args: Any) -> None:
    """Call a slot directly but without the GIL (PySide releases it in ``invokeMethod``)."""
    if not QMetaObject.invokeMethod(target, method, Qt.ConnectionType.DirectConnection, *args):
        raise RuntimeError(f"{type(target).__name__}.{method} could not be called")


def _checked_volume(level: float) -> float:
    level = float(level)
    if math.isnan(level):
        raise ValueError("volume must be a number from 0.0 to 1.0")
    return min(max(level, 0.0), 1.0)
