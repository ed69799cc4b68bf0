"""Text to WAV bytes with pyttsx3 (espeak-ng on Linux), safely, from any thread.

pyttsx3's Linux driver has measured defects (see the platform notes): ``runAndWait`` can return
before the audio exists, a new utterance started while the engine is still finishing the last
one is cancelled, and a failure can leave its loop waiting forever. So ``Synthesiser``:

- keeps one long-lived engine (pyttsx3 shares one per process, so one lock serialises every
  ``Synthesiser``) and drives it only from its own engine thread;
- writes each utterance with ``save_to_file`` into a private folder (mode 0700, in RAM where the
  system offers one), waits for the ``finished-utterance`` callback and for the engine to go
  idle, reads the bytes and deletes the file at once: nothing spoken stays on disk;
- bounds every wait: a caller never hangs, and an engine that stops answering is reported as
  ``SpeechUnavailable`` from then on, so the kiosk tells staff once and carries on without speech.

Nothing here logs what is said: only its length, language and rate.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accessibility.speech.voices import VoiceChoice, VoiceTable, voice_from_engine
from accessibility.speech.wav import NotWav, inspect_wav

log = logging.getLogger(__name__)

MIN_RATE_PERCENT = 50
MAX_RATE_PERCENT = 200
DEFAULT_TIMEOUT_SECONDS = 10.0
PROBE_TEXT = "Test."

_ENGINE_LOCK = threading.Lock()
"""pyttsx3 hands every caller in the process the same engine: one utterance at a time, process-wide."""


@dataclass
class _SharedEngine:
    """One pyttsx3 engine per driver for the whole process, never destroyed.

    espeak-ng can be initialised only once per process, and destroying a pyttsx3 engine clears
    the library's callback while its thread may still call it; so engines are kept for good.
    ``normal_wpm`` is the rate the driver started with: what 100% means.
    """

    engine: Any
    normal_wpm: int
    is_busy: Callable[[], bool]


_ENGINES: dict[str, _SharedEngine] = {}


class SpeechError(RuntimeError):
    """Speech could not be produced."""


class SpeechUnavailable(SpeechError):
    """No speech engine works on this machine (or it stopped answering); ``reason`` says why, for staff."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SynthesisFailed(SpeechError):
    """One utterance failed (no audio, cancelled, timed out) although the engine may still work."""


class Synthesiser:
    """Turns text into WAV bytes in the voice of a language, at a chosen rate.

    Safe to call from several threads: utterances are made one at a time. The engine starts on
    the first ``probe()`` or ``synthesise()``. Call ``close()`` when done: it removes the private
    folder (which is empty between calls).
    """

    def __init__(
        self,
        *,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        driver_name: str | None = None,
        private_parent: str | os.PathLike[str] | None = None,
    ) -> None:
        self._timeout = timeout_seconds
        self._driver_name = driver_name
        self._private_parent = private_parent
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech-engine")
        self._engine: Any = None  # strong reference: pyttsx3 keeps only a weak one
        self._is_busy: Callable[[], bool] = lambda: False
        self._normal_wpm = 0
        self._voices: VoiceTable | None = None
        self._private_dir: Path | None = None
        self._unavailable: str | None = None
        self._probed = False
        self._closed = False
        self._names = itertools.count(1)

    # --- public -----------------------------------------------------------------------------------

    def probe(self) -> str | None:
        """Start the engine and say a test word to a file; None when speech works, else the reason.

        The reason is logged once; later calls return the same answer without trying again.
        """
        with _ENGINE_LOCK:
            return self._probe_locked()

    @property
    def available(self) -> bool:
        """True when ``probe()`` found a working engine."""
        return self.probe() is None

    @property
    def voices(self) -> VoiceTable:
        """The engine's voices; raises ``SpeechUnavailable`` when there is no working engine."""
        self._require()
        assert self._voices is not None
        return self._voices

    def voice_for(self, language: str) -> VoiceChoice:
        """The voice ``synthesise`` uses for ``language`` (English when no voice speaks it)."""
        return self.voices.choose(language)

    @property
    def normal_rate_wpm(self) -> int:
        """The engine's own words-per-minute: what ``rate_percent=100`` means."""
        self._require()
        return self._normal_wpm

    @property
    def private_dir(self) -> Path | None:
        """The private folder utterances pass through (None before the engine starts or after ``close``)."""
        return self._private_dir

    def synthesise(self, text: str, language: str, rate_percent: int = 100) -> bytes:
        """WAV bytes of ``text`` spoken in ``language``'s voice at ``rate_percent`` of the normal rate.

        ``rate_percent`` is 50 to 200. Raises ``ValueError`` for blank text or a rate out of range,
        ``SpeechUnavailable`` when no engine works, ``SynthesisFailed`` when this utterance failed.
        Nothing of the utterance is left on disk, whatever the outcome.
        """
        if not isinstance(text, str) or not text.strip():
            raise ValueError("nothing to say: the text is blank")
        if isinstance(rate_percent, bool) or not MIN_RATE_PERCENT <= rate_percent <= MAX_RATE_PERCENT:
            raise ValueError(f"rate_percent must be {MIN_RATE_PERCENT} to {MAX_RATE_PERCENT}, not {rate_percent!r}")
        with _ENGINE_LOCK:
            reason = self._probe_locked()
            if reason is not None:
                raise SpeechUnavailable(reason)
            assert self._voices is not None
            choice = self._voices.choose(language)
            wpm = max(1, round(self._normal_wpm * rate_percent / 100))
            started = time.perf_counter()
            wav = self._on_engine_thread(self._make, text, choice.voice.id, wpm)
        log.debug(
            "synthesised %d characters (%s, voice %s, %d%%): %d bytes in %.0f ms",
            len(text), choice.language or "?", choice.voice.id, rate_percent, len(wav),
            (time.perf_counter() - started) * 1000,
        )  # fmt: skip
        return wav

    def close(self) -> None:
        """Release the engine and remove the private folder. Later calls raise ``SpeechUnavailable``."""
        with _ENGINE_LOCK:
            if self._closed:
                return
            self._closed = True
            self._unavailable = self._unavailable or "speech has been closed"
            self._probed = True
            self._engine = None
            if self._private_dir is not None:
                shutil.rmtree(self._private_dir, ignore_errors=True)
                self._private_dir = None
        self._executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> Synthesiser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- on the caller's thread, holding the lock --------------------------------------------------------

    def _require(self) -> None:
        reason = self.probe()
        if reason is not None:
            raise SpeechUnavailable(reason)

    def _probe_locked(self) -> str | None:
        if not self._probed:
            self._probed = True
            try:
                self._on_engine_thread(self._start)
            except SpeechError as exc:
                self._give_up(str(exc))
            except Exception as exc:  # noqa: BLE001 - whatever stops the engine starting means no speech
                self._give_up(f"the speech engine failed to start: {type(exc).__name__}")
        return self._unavailable

    def _give_up(self, reason: str) -> None:
        """Record that speech does not work, and say so once in the log."""
        if self._unavailable is None:
            self._unavailable = reason
            log.warning("speech is unavailable: %s", reason)
        if self._private_dir is not None:
            shutil.rmtree(self._private_dir, ignore_errors=True)
            self._private_dir = None

    def _on_engine_thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn`` on the engine thread; an engine that does not answer in time is given up on."""
        if self._closed:
            raise SpeechUnavailable(self._unavailable or "speech has been closed")
        future = self._executor.submit(fn, *args)
        try:
            return future.result(timeout=self._timeout * 2 + 1)
        except concurrent.futures.TimeoutError:
            self._give_up("the speech engine stopped answering")
            raise SpeechUnavailable("the speech engine stopped answering") from None

    # --- on the engine thread -------------------------------------------------------------------------

    def _start(self) -> None:
        """Start (or share) the engine, read its voices and normal rate, and prove it makes audio."""
        shared = _shared_engine(self._driver_name)
        self._engine, self._normal_wpm, self._is_busy = shared.engine, shared.normal_wpm, shared.is_busy
        engine = self._engine
        voices = VoiceTable(voice_from_engine(voice) for voice in engine.getProperty("voices") or ())
        if not len(voices):
            raise SpeechUnavailable("the speech engine has no voices")
        self._voices = voices
        self._private_dir = _make_private_dir(self._private_parent)
        try:
            self._make(PROBE_TEXT, voices.choose("en").voice.id, self._normal_wpm)
        except SynthesisFailed as exc:
            raise SpeechUnavailable(f"the speech engine makes no audio: {exc}") from None
        log.info(
            "speech ready: %s driver, %d voices, %d words a minute", engine.driver_name, len(voices), self._normal_wpm
        )

    def _make(self, text: str, voice_id: str, wpm: int) -> bytes:
        """One utterance to WAV bytes; retried once if the engine cancelled or lost it."""
        self._ensure_private_dir()
        assert self._private_dir is not None
        for attempt in (1, 2):
            path = self._private_dir / f"utterance-{next(self._names)}.wav"
            try:
                completed = self._save(text, voice_id, wpm, path)  # a timeout or engine error is not retried
                try:
                    return _read_wav(path, completed)
                except SynthesisFailed as exc:
                    if attempt == 2:
                        raise
                    log.info("the speech engine lost an utterance (%s); trying again", exc)
            finally:
                _sweep(self._private_dir)
        raise AssertionError("unreachable")

    def _ensure_private_dir(self) -> None:
        """A fresh private folder if ours vanished (the driver's loop hangs when it cannot write)."""
        folder = self._private_dir
        if folder is None or folder.is_symlink() or not folder.is_dir():
            self._private_dir = _make_private_dir(self._private_parent)
            log.info("the private speech folder was missing; made a new one")

    def _save(self, text: str, voice_id: str, wpm: int, path: Path) -> bool:
        """Have the engine write ``text`` to ``path``; True when it finished the utterance normally."""
        engine = self._engine
        deadline = time.monotonic() + self._timeout
        self._wait_until_idle(deadline)
        if engine.driver_name == "espeak" and engine.isBusy():
            # A new engine (or one recovering from an error) queues commands until its loop runs,
            # where the new rate would reach espeak-ng just as synthesis starts and be cancelled
            # by it. Nothing is queued and nothing is playing: let commands run at once.
            engine.proxy.setBusy(False)
        finished = threading.Event()
        outcome: dict[str, Any] = {}

        def on_finished(completed: bool = True, **_: Any) -> None:
            outcome.setdefault("completed", bool(completed))
            finished.set()

        def on_error(exception: BaseException | None = None, **_: Any) -> None:
            outcome.setdefault("error", type(exception).__name__)
            finished.set()

        tokens = [engine.connect("finished-utterance", on_finished), engine.connect("error", on_error)]
        try:
            engine.setProperty("voice", voice_id)
            engine.setProperty("rate", wpm)
            self._wait_until_idle(deadline)  # espeak applies the rate on its own thread; starting now cancels it
            engine.save_to_file(text, str(path))
            # The driver's loop only ends when its callback does; if that fails, end the loop from outside.
            watchdog = threading.Timer(self._timeout, engine.proxy.endLoop, args=(True,))
            watchdog.daemon = True
            watchdog.start()
            try:
                engine.runAndWait()  # may return before the audio exists: the callback is what counts
            except Exception as exc:  # noqa: BLE001 - reported as this utterance failing
                with contextlib.suppress(RuntimeError):
                    engine.endLoop()  # runAndWait leaves the engine "in its loop" when it raises
                raise SynthesisFailed(f"the speech engine failed: {type(exc).__name__}") from None
            finally:
                watchdog.cancel()
            if not finished.wait(max(0.0, deadline - time.monotonic())):
                with contextlib.suppress(Exception):
                    engine.stop()
                raise SynthesisFailed(f"the speech engine did not finish within {self._timeout:g} s")
            self._wait_until_idle(deadline)
        finally:
            for token in tokens:
                engine.disconnect(token)
        if "error" in outcome:
            raise SynthesisFailed(f"the speech engine reported {outcome['error']}")
        return outcome.get("completed", False)

    def _wait_until_idle(self, deadline: float) -> None:
        """Wait until the engine has finished with the previous utterance (its callback has returned)."""
        while self._is_busy():
            if time.monotonic() > deadline:
                raise SynthesisFailed("the speech engine stayed busy")
            time.sleep(0.001)


def _shared_engine(driver_name: str | None) -> _SharedEngine:
    """The process's engine for ``driver_name``, started on first use (call holding ``_ENGINE_LOCK``)."""
    try:
        import pyttsx3
        from pyttsx3.engine import default_engine_by_sys_platform
    except ImportError as exc:
        raise SpeechUnavailable(f"pyttsx3 is not installed ({exc.name})") from None
    key = driver_name or default_engine_by_sys_platform()
    shared = _ENGINES.get(key)
    if shared is not None:
        return shared
    try:
        engine = pyttsx3.init(driver_name)
    except Exception as exc:  # noqa: BLE001 - any driver failure means no speech, said once
        raise SpeechUnavailable(f"the speech engine could not start: {type(exc).__name__}: {exc}"[:300]) from None
    is_busy: Callable[[], bool] = lambda: False  # noqa: E731
    if engine.driver_name == "espeak":
        from pyttsx3.drivers import _espeak

        def is_busy() -> bool:
            return bool(_espeak.IsPlaying())

    shared = _SharedEngine(engine, int(engine.getProperty("rate") or 200), is_busy)
    _ENGINES[key] = shared
    return shared


def _read_wav(path: Path, completed: bool) -> bytes:
    """The finished file's bytes, checked to hold audio; the file is deleted whatever happens."""
    try:
        wav = path.read_bytes()
    except FileNotFoundError:
        reason = "the speech engine wrote no audio file" if completed else "the utterance was cancelled"
        raise SynthesisFailed(reason) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    try:
        info = inspect_wav(wav)
    except NotWav as exc:
        raise SynthesisFailed(f"the speech engine wrote an unreadable file: {exc}") from None
    if info.frames == 0:
        raise SynthesisFailed("the speech engine wrote no audio")
    return wav


def _make_private_dir(parent: str | os.PathLike[str] | None) -> Path:
    """A new folder only this user can enter, in memory-backed storage when the system has some."""
    if parent is None:
        for candidate in (os.environ.get("XDG_RUNTIME_DIR"), "/dev/shm"):
            if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
                parent = candidate
                break
    try:
        path = Path(tempfile.mkdtemp(prefix="kiosk-speech-", dir=parent))
    except OSError as exc:
        raise SpeechUnavailable(f"no private folder for speech: {type(exc).__name__}") from None
    path.chmod(0o700)
    return path


def _sweep(folder: Path | None) -> None:
    """Delete anything left in the private folder (a cancelled utterance the engine wrote late)."""
    if folder is None:
        return
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
