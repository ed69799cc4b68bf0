"""Speech: how long a question takes to synthesise, and how fast a tap silences speech.

    .venv/bin/python bench/speech_stop.py [--trials 50] [--seed 7]

Synthesis (the Qt-free core: pyttsx3 + espeak-ng, through a ``PromptCache``):
- engine start: ``Synthesiser.probe()`` in this fresh process (starts the engine, says a test word);
- first: each typical question synthesised once (a cache miss), the first one on its own;
- cached: the same questions asked again (cache hits).

Stop latency (``SpeechPlayer`` in a running Qt event loop, offscreen), ``--trials`` times:
- a long utterance (about 25 s) is played; when ``sig_started`` arrives a timer picks a random
  moment 100-1500 ms into the speech;
- t0: just before a synthetic mouse press is posted (``QCoreApplication.postEvent``) to a button
  whose event filter calls ``player.stop()``, as the kiosk's window does;
- "stopped": ``stop()`` has returned inside the filter, and right then the player's ``state`` and
  its backend's playback state are both stopped (a trial where either is not counts as a miss);
- also the ``stop()`` call alone, and, when a PulseAudio or PipeWire server answers ``pactl``,
  the moment the sound server removed the kiosk's stream (read from ``pactl subscribe``; the
  pipe adds well under a millisecond);
- also play() to ``sig_started`` (the audio starting), for information.

With no sound device Qt's player still plays in real time into nothing; the figures then cover
everything but the sound server. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from accessibility.speech import PromptCache, Synthesiser

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

import sessions  # noqa: E402

T = TypeVar("T")
TARGET_P95_SECONDS = 0.100
QUESTIONS = [
    "Which bin was not collected?",
    "Was your bin out by 7am on collection day?",
    "What is the address where the bin was missed?",
    "When should it have been collected? For example, 27 3 2026.",
    "Which room is the repair in?",
    "Describe the problem. For example, water drips from the pipe under the sink.",
    "What is your phone number? We will only use it to contact you about this report.",
    "Check your answers before sending your report.",
]
LONG_TEXT = (
    "Before you start. You will need the address where the bin was missed, the day it should have "
    "been collected, and a phone number or email address so that we can tell you what happens next. "
    "It takes about five minutes. If you need help at any time, press Ask a helper and a member of "
    "staff will come to you. Your answers are stored on this kiosk until they are sent to the council, "
    "and they are removed from the screen as soon as you finish. "
)


def quietly(fn: Callable[..., T], *args: Any) -> T:
    """Call ``fn`` with stdout dropped: pyttsx3's driver prints the name of every file it writes."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


def synthesis_figures(synth: Synthesiser, cache: PromptCache) -> bytes:
    from accessibility.speech import inspect_wav

    started = time.perf_counter()
    reason = quietly(synth.probe)
    engine_start = time.perf_counter() - started
    if reason is not None:
        sys.exit(f"speech is unavailable here: {reason}")
    first, misses, hits, audio = [], [], [], []
    for index, question in enumerate(QUESTIONS):
        started = time.perf_counter()
        wav = quietly(cache.get_or_make, question, "en", 100, synth.synthesise)
        (first if index == 0 else misses).append(time.perf_counter() - started)
        audio.append(inspect_wav(wav).duration_seconds)
    for _ in range(20):
        for question in QUESTIONS:
            started = time.perf_counter()
            cache.get_or_make(question, "en", 100, synth.synthesise)
            hits.append(time.perf_counter() - started)
    made = sum(first + misses)
    print(f"synthesis, espeak-ng via pyttsx3, {len(QUESTIONS)} typical questions (English, 100%):")
    print(f"  engine start (probe, incl. a test word)  {engine_start * 1000:.1f} ms")
    print(f"  first question, first synthesis          {first[0] * 1000:.1f} ms")
    print(f"  other questions, first synthesis         {sessions.summary_ms(misses)}")
    print(
        f"  cached (PromptCache hit)                 p50 {sessions.percentile(hits, 50) * 1e6:.1f} us, "
        f"max {max(hits) * 1e6:.1f} us (n={len(hits)})"
    )
    print(
        f"  {sum(audio):.1f} s of speech made in {made * 1000:.0f} ms ({sum(audio) / made:.0f}x real time); "
        f"cache: {cache.stats.hits} hits, {cache.stats.misses} misses, {cache.size_bytes / 1024:.0f} KiB"
    )
    long_wav = quietly(synth.synthesise, LONG_TEXT, "en", 100)
    print(f"  long utterance for the stop trials: {inspect_wav(long_wav).duration_seconds:.1f} s of speech")
    return long_wav


class StreamWatch:
    """Times at which the sound server removed a playback stream (``pactl subscribe``), if there is one."""

    def __init__(self) -> None:
        self.removed: list[float] = []
        self.created = 0
        self._process: subprocess.Popen[str] | None = None
        pactl = shutil.which("pactl")
        if pactl is None or subprocess.run([pactl, "info"], capture_output=True, timeout=5).returncode != 0:
            return
        self._process = subprocess.Popen(
            [pactl, "subscribe"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1
        )
        threading.Thread(target=self._read, daemon=True).start()

    @property
    def active(self) -> bool:
        return self._process is not None

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            if "on sink-input" in line:
                if "'remove'" in line:
                    self.removed.append(time.perf_counter())
                elif "'new'" in line:
                    self.created += 1

    def first_removal_after(self, moment: float) -> float | None:
        return next((t for t in self.removed if t >= moment), None)

    def close(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=5)


def stop_figures(long_wav: bytes, trials: int, rng: random.Random) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QPointF, Qt, QTimer
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QPushButton

    from accessibility.qt_speech_player import SpeechPlayer

    player = SpeechPlayer()
    if player.state == "unavailable":
        sys.exit(f"speech playback is unavailable here: {player.unavailable_reason}")
    button = QPushButton("Continue")
    button.resize(200, 80)
    button.show()
    watch = StreamWatch()

    class Trial:
        """Moments of the current trial (perf_counter seconds; 0 until they happen)."""

        def reset(self) -> None:
            self.play_called = self.started_at = self.posted = self.stop_called = self.stopped = 0.0
            self.stopped_ok = False

    trial = Trial()
    trial.reset()

    class StopOnPress(QObject):
        """The kiosk's rule: any press stops speech."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.MouseButtonPress and player.is_playing:
                trial.stop_called = time.perf_counter()
                player.stop()
                trial.stopped = time.perf_counter()
                trial.stopped_ok = player.state == "stopped" and player.output_state == "stopped"
            return False

    stopper = StopOnPress()
    button.installEventFilter(stopper)

    def press() -> None:
        event = QMouseEvent(
            QEvent.Type.MouseButtonPress, QPointF(20, 20), QPointF(20, 20),
            Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        trial.posted = time.perf_counter()
        QCoreApplication.postEvent(button, event)

    loop = QEventLoop()
    player.sig_started.connect(lambda: setattr(trial, "started_at", time.perf_counter()))
    player.sig_started.connect(lambda: QTimer.singleShot(rng.randint(100, 1500), press))
    player.sig_stopped.connect(lambda: QTimer.singleShot(0, loop.quit))

    to_stopped, stop_call, to_server, to_start, delays, misses = [], [], [], [], [], 0
    for _ in range(trials):
        trial.reset()
        guard = QTimer(singleShot=True, interval=10_000, timeout=loop.quit)
        guard.start()
        trial.play_called = time.perf_counter()
        player.play(long_wav)
        loop.exec()
        guard.stop()
        if not trial.posted or not trial.stopped:
            misses += 1
            player.stop()
            continue
        misses += 0 if trial.stopped_ok else 1
        to_stopped.append(trial.stopped - trial.posted)
        stop_call.append(trial.stopped - trial.stop_called)
        to_start.append(trial.started_at - trial.play_called)
        delays.append(trial.posted - trial.started_at)
        end = time.perf_counter() + 0.15  # let the sound server report, and the player settle
        while time.perf_counter() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            time.sleep(0.005)
        removed = watch.first_removal_after(trial.posted) if watch.active else None
        if removed is not None:
            to_server.append(removed - trial.posted)
    watch.close()

    device = "an audio device" if player.has_output_device else "NO audio device (plays silently in real time)"
    print(f"stop latency, {trials} trials, tap at a random 100-1500 ms into speech, {device}:")
    print(f"  press posted -> player stopped (state and backend)  {sessions.summary_ms(to_stopped)}")
    print(f"  of which the stop() call itself                     {sessions.summary_ms(stop_call)}")
    if watch.active:
        print(f"  press posted -> sound server removed the stream    {sessions.summary_ms(to_server)}")
        print(f"    ({watch.created} streams opened, {len(to_server)} removals seen after a press)")
    else:
        print("  sound server: none answers pactl here, so its view was not measured")
    print(f"  play() -> sig_started (audio starting)              {sessions.summary_ms(to_start)}")
    print(f"  tap moments: {min(delays) * 1000:.0f}-{max(delays) * 1000:.0f} ms into speech; trials missed: {misses}")
    p95 = sessions.percentile(to_stopped, 95)
    verdict = "meets" if p95 < TARGET_P95_SECONDS and max(to_stopped) < TARGET_P95_SECONDS else "MISSES"
    print(
        f"  target: stopped within {TARGET_P95_SECONDS * 1000:.0f} ms of the tap: "
        f"p95 {p95 * 1000:.2f} ms, max {max(to_stopped) * 1000:.2f} ms, {verdict} it"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=50, help="stop trials")
    parser.add_argument("--seed", type=int, default=7, help="seed for the tap moments")
    args = parser.parse_args()

    sessions.quiet_qt_warnings()
    sessions.ensure_app()
    from accessibility.speech import PromptCache, Synthesiser

    with tempfile.TemporaryDirectory(prefix="bench-speech-") as folder, Synthesiser(private_parent=folder) as synth:
        long_wav = synthesis_figures(synth, PromptCache())
    stop_figures(long_wav, args.trials, random.Random(args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
