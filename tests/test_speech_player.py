"""The speech player: plays real synthesised WAVs and stops them at once, offscreen.

There is no sound card here: QtMultimedia's player then plays in real time into no device,
so states and signals behave as on a kiosk (PulseAudio or PipeWire) but nothing is heard.
Tests assert states right after each call, never how long anything took (``bench/speech_stop.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT
from PySide6.QtCore import QBuffer, QEvent, QObject, Qt
from PySide6.QtWidgets import QPushButton

from accessibility.qt_speech_player import SpeechPlayer
from accessibility.speech import Synthesiser, inspect_wav

SHORT_TEXT = "Yes."
LONG_TEXT = "Tell us which bin was not collected, when it should have been, and where it was left. " * 3


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    with Synthesiser(private_parent=tmp_path_factory.mktemp("speech")) as synth:
        clips = {"short": synth.synthesise(SHORT_TEXT, "en"), "long": synth.synthesise(LONG_TEXT, "en")}
    assert inspect_wav(clips["short"]).duration_seconds < 1.5
    assert inspect_wav(clips["long"]).duration_seconds > 10
    return clips


@pytest.fixture
def player(qtbot) -> Iterator[SpeechPlayer]:
    player = SpeechPlayer()
    assert player.state == "stopped", player.unavailable_reason
    yield player
    player.stop()
    player.deleteLater()


class Recorder:
    """Every signal the player emits, in order."""

    def __init__(self, player: SpeechPlayer) -> None:
        self.events: list[str] = []
        player.sig_started.connect(lambda: self.events.append("started"))
        player.sig_stopped.connect(lambda: self.events.append("stopped"))
        player.sig_finished.connect(lambda: self.events.append("finished"))
        player.sig_failed.connect(lambda reason: self.events.append(f"failed: {reason}"))


def start_playing(qtbot, player: SpeechPlayer, wav: bytes) -> None:
    with qtbot.waitSignal(player.sig_started, timeout=5000):
        player.play(wav)
        assert player.state == "playing" and player.is_playing  # at once, before the audio starts
    qtbot.waitUntil(lambda: player.output_state == "playing", timeout=5000)


def held_audio(player: SpeechPlayer) -> int:
    """Bytes of audio the player still holds in its buffers."""
    return sum(buffer.data().size() for buffer in player.findChildren(QBuffer))


def test_play_then_stop_is_stopped_the_moment_stop_returns(qtbot, player: SpeechPlayer, clips) -> None:
    heard = Recorder(player)
    start_playing(qtbot, player, clips["long"])
    assert heard.events == ["started"]
    assert held_audio(player) == len(clips["long"])
    qtbot.wait(200)
    assert player.is_playing  # still going: the clip is long

    player.stop()

    assert player.state == "stopped" and not player.is_playing
    assert player.output_state == "stopped"
    assert heard.events == ["started", "stopped"]
    assert held_audio(player) == 0
    qtbot.wait(300)
    assert player.state == "stopped" and player.output_state == "stopped"
    assert heard.events == ["started", "stopped"]


def test_stop_before_the_audio_has_started_means_it_never_starts(qtbot, player: SpeechPlayer, clips) -> None:
    heard = Recorder(player)

    player.play(clips["long"])
    player.stop()

    assert player.state == "stopped" and heard.events == ["stopped"]
    qtbot.wait(400)
    assert player.state == "stopped" and player.output_state == "stopped"
    assert heard.events == ["stopped"]


def test_a_short_clip_plays_to_its_end_and_reports_finished(qtbot, player: SpeechPlayer, clips) -> None:
    heard = Recorder(player)

    with qtbot.waitSignal(player.sig_finished, timeout=10_000):
        player.play(clips["short"])

    assert heard.events == ["started", "stopped", "finished"]
    assert player.state == "stopped" and player.output_state == "stopped"
    assert held_audio(player) == 0
    player.stop()  # nothing playing: no signal
    assert heard.events == ["started", "stopped", "finished"]


def test_new_speech_stops_the_old_first(qtbot, player: SpeechPlayer, clips) -> None:
    heard = Recorder(player)
    start_playing(qtbot, player, clips["long"])

    with qtbot.waitSignal(player.sig_finished, timeout=10_000):
        player.play(clips["short"])
        assert heard.events == ["started", "stopped"]  # the long one, stopped by the new play()

    assert heard.events == ["started", "stopped", "started", "stopped", "finished"]


def test_a_tap_stops_speech(qtbot, player: SpeechPlayer, clips) -> None:
    """As the kiosk does: an event filter on the window stops speech on any press."""

    class StopOnPress(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.MouseButtonPress:
                player.stop()
            return False

    button = QPushButton("Continue")
    qtbot.addWidget(button)
    button.show()
    stopper = StopOnPress()
    button.installEventFilter(stopper)
    start_playing(qtbot, player, clips["long"])

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert player.state == "stopped" and player.output_state == "stopped"


def test_volume_is_applied_to_the_output(qtbot, player: SpeechPlayer, clips) -> None:
    player.set_volume(0.3)
    assert player.volume == pytest.approx(0.3)
    assert player.audio_output.volume() == pytest.approx(0.3)

    start_playing(qtbot, player, clips["long"])
    player.set_volume(0.8)  # while speaking
    assert player.audio_output.volume() == pytest.approx(0.8)

    player.set_volume(2.0)
    assert player.volume == 1.0 and player.audio_output.volume() == pytest.approx(1.0)
    player.set_volume(-1)
    assert player.volume == 0.0 and player.audio_output.volume() == pytest.approx(0.0)
    with pytest.raises(ValueError):
        player.set_volume(float("nan"))


def test_audio_that_cannot_be_decoded_fails_cleanly(qtbot, player: SpeechPlayer, clips) -> None:
    heard = Recorder(player)

    with qtbot.waitSignal(player.sig_failed, timeout=10_000):
        player.play(b"RIFF this is not audio at all " * 50)

    assert player.state == "stopped"
    assert heard.events[-2:] == ["stopped", "failed: the audio could not be played (FormatError)"]
    start_playing(qtbot, player, clips["long"])  # and the next utterance plays as usual
    player.stop()
    with pytest.raises(ValueError):
        player.play(b"")


UNAVAILABLE_CHILD = textwrap.dedent(
    """
    import sys

    class BlockMultimedia:
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6.QtMultimedia":
                raise ImportError(f"blocked: {name}", name=name)
            return None

    sys.meta_path.insert(0, BlockMultimedia())
    from PySide6.QtCore import QCoreApplication
    from accessibility.qt_speech_player import SpeechPlayer

    app = QCoreApplication([])
    player = SpeechPlayer()
    failures = []
    player.sig_failed.connect(failures.append)
    player.play(b"RIFF....WAVE")
    player.stop()
    player.set_volume(0.5)
    print(player.state, player.is_playing, player.has_output_device, player.audio_output, len(failures))
    print(player.unavailable_reason)
    """
)


def test_without_qtmultimedia_the_player_is_unavailable_not_broken(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", UNAVAILABLE_CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    state_line, reason = result.stdout.strip().splitlines()[-2:]
    assert state_line == "unavailable False False None 1"
    assert reason == "QtMultimedia is not installed (PySide6.QtMultimedia)"
