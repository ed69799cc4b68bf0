"""Speech synthesis with the real engine (pyttsx3 + espeak-ng): audio, voices, rate, privacy, cache, threads.

Every test synthesises real audio and checks the WAV itself (duration, level), never the
engine's word for it. Nothing here needs Qt; a child process proves the package imports
and speaks with PySide6 blocked.
"""

from __future__ import annotations

import io
import math
import os
import stat
import subprocess
import sys
import textwrap
import threading
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT

from accessibility.speech import (
    PromptCache,
    SpeechUnavailable,
    Synthesiser,
    SynthesisFailed,
    VoiceInfo,
    VoiceTable,
    inspect_wav,
)
from accessibility.speech.wav import NotWav, is_silent

QUESTION = "Which bin was not collected? Choose the colour of the bin from the list below."
WORDS = len(QUESTION.split())

PHRASES = {
    "pl": "Który pojemnik nie został opróżniony? Wybierz kolor pojemnika z listy.",
    "ar": "أي صندوق لم يتم جمعه؟ اختر لون الصندوق من القائمة.",
    "bn": "কোন বিনটি সংগ্রহ করা হয়নি? তালিকা থেকে বিনের রঙ বেছে নিন।",
    "ro": "Ce pubelă nu a fost colectată? Alegeți culoarea pubelei din listă.",
}


@pytest.fixture(scope="module")
def private_parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech-private")


@pytest.fixture(scope="module")
def synthesiser(private_parent: Path) -> Iterator[Synthesiser]:
    synth = Synthesiser(private_parent=private_parent)
    assert synth.probe() is None, synth.probe()
    yield synth
    synth.close()


def duration(wav: bytes) -> float:
    return inspect_wav(wav).duration_seconds


# --- the audio ---------------------------------------------------------------------------------------


def test_an_english_question_gives_audible_speech_of_a_plausible_length(synthesiser: Synthesiser) -> None:
    info = inspect_wav(synthesiser.synthesise(QUESTION, "en"))

    assert info.channels == 1 and info.sample_width == 2 and info.sample_rate >= 16_000
    # Between 100 and 400 words a minute: long enough to hold every word, short enough to hold nothing else.
    assert WORDS * 60 / 400 < info.duration_seconds < WORDS * 60 / 100
    assert not info.is_silent
    assert info.rms > 0.02


def test_english_is_spoken_in_a_british_voice(synthesiser: Synthesiser) -> None:
    choice = synthesiser.voice_for("en")

    assert choice.matched
    assert "en-gb" in choice.voice.tags


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_each_screen_language_is_spoken_by_its_own_voice(synthesiser: Synthesiser, language: str) -> None:
    choice = synthesiser.voice_for(language)
    info = inspect_wav(synthesiser.synthesise(PHRASES[language], language))

    assert choice.matched
    assert language in choice.voice.tags  # espeak-ng: zlw/pl, sem/ar, inc/bn, roa/ro
    assert choice.voice.id.rsplit("/", 1)[-1] == language
    assert info.duration_seconds > 1.0
    assert not info.is_silent


def test_a_language_with_no_voice_is_spoken_in_english(synthesiser: Synthesiser) -> None:
    choice = synthesiser.voice_for("xx")

    assert not choice.matched
    assert choice.voice == synthesiser.voice_for("en").voice
    assert not is_silent(synthesiser.synthesise("Hello.", "xx"))


def test_regional_codes_are_read_loosely(synthesiser: Synthesiser) -> None:
    assert synthesiser.voice_for("EN_us").voice.id.endswith("en-us")
    assert synthesiser.voice_for("pl-PL").voice == synthesiser.voice_for("pl").voice
    assert synthesiser.voice_for("fr").voice.tags[0].startswith("fr")  # espeak-ng lists French as fr-fr


def test_a_faster_rate_gives_shorter_audio(synthesiser: Synthesiser) -> None:
    slow = duration(synthesiser.synthesise(QUESTION, "en", 75))
    normal = duration(synthesiser.synthesise(QUESTION, "en", 100))
    fast = duration(synthesiser.synthesise(QUESTION, "en", 150))
    slow_again = duration(synthesiser.synthesise(QUESTION, "en", 75))

    assert fast < normal < slow
    assert fast < slow * 0.6  # twice the rate: well under two thirds of the length
    assert math.isclose(slow_again, slow, rel_tol=0.05)  # the rate is set per call, not left over


@pytest.mark.parametrize("rate", [49, 201, 0, True])
def test_a_rate_out_of_range_is_refused(synthesiser: Synthesiser, rate: int) -> None:
    with pytest.raises(ValueError, match="rate_percent"):
        synthesiser.synthesise("Hello.", "en", rate)


@pytest.mark.parametrize("text", ["", "   \n"])
def test_blank_text_is_refused(synthesiser: Synthesiser, text: str) -> None:
    with pytest.raises(ValueError, match="blank"):
        synthesiser.synthesise(text, "en")


# --- nothing left on disk ----------------------------------------------------------------------------------


def test_no_file_outlives_its_utterance(synthesiser: Synthesiser, private_parent: Path) -> None:
    folder = synthesiser.private_dir
    assert folder is not None and folder.parent == private_parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700

    for language, text in [("en", "My name is Sam Jones."), *PHRASES.items()]:
        synthesiser.synthesise(text, language)
        assert list(folder.iterdir()) == []
    assert [path.name for path in private_parent.iterdir()] == [folder.name]


def test_close_removes_the_private_folder_and_speech_then_reports_unavailable(tmp_path: Path) -> None:
    synth = Synthesiser(private_parent=tmp_path)
    synth.synthesise("Hello.", "en")
    folder = synth.private_dir
    assert folder is not None and folder.is_dir()

    synth.close()

    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(SpeechUnavailable):
        synth.synthesise("Hello.", "en")


def test_a_private_folder_that_vanished_is_made_again_privately(tmp_path: Path) -> None:
    with Synthesiser(private_parent=tmp_path) as synth:
        synth.synthesise("Hello.", "en")
        first = synth.private_dir
        first.rmdir()  # e.g. a clean-up job emptied the runtime folder

        assert not is_silent(synth.synthesise("Your answer has been entered.", "en"))
        second = synth.private_dir
        assert second is not None and second != first
        assert stat.S_IMODE(second.stat().st_mode) == 0o700
        assert list(second.iterdir()) == []


# --- no engine ------------------------------------------------------------------------------------------


def test_an_engine_that_cannot_start_is_reported_once_with_a_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    synth = Synthesiser(driver_name="no_such_driver", private_parent=tmp_path)

    reason = synth.probe()
    assert reason is not None and "could not start" in reason
    assert synth.probe() == reason and not synth.available
    with pytest.raises(SpeechUnavailable) as raised:
        synth.synthesise("Hello.", "en")
    assert raised.value.reason == reason
    assert [r.getMessage() for r in caplog.records if "unavailable" in r.getMessage()] == [
        f"speech is unavailable: {reason}"
    ]
    assert list(tmp_path.iterdir()) == []
    synth.close()


def test_missing_pyttsx3_is_reported_as_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyttsx3", None)  # as if the package were not installed
    synth = Synthesiser(private_parent=tmp_path)

    assert "pyttsx3 is not installed" in (synth.probe() or "")
    with pytest.raises(SpeechUnavailable):
        synth.synthesise("Hello.", "en")
    synth.close()


# --- threads -----------------------------------------------------------------------------------------------


def test_threads_synthesising_at_once_each_get_their_own_audio(synthesiser: Synthesiser) -> None:
    texts = [" ".join(["council"] * words) + "." for words in (1, 4, 8, 12, 16, 20)]
    alone = [duration(synthesiser.synthesise(text, "en")) for text in texts]
    results: dict[int, bytes] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(len(texts))

    def speak(index: int) -> None:
        try:
            start.wait()
            results[index] = synthesiser.synthesise(texts[index], "en")
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=speak, args=(index,)) for index in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    together = [duration(results[index]) for index in range(len(texts))]
    assert together == sorted(together) and len(set(together)) == len(texts)
    for one, other in zip(alone, together, strict=True):
        assert math.isclose(one, other, rel_tol=0.1)  # espeak-ng varies a little from run to run
    assert list(synthesiser.private_dir.iterdir()) == []


def test_two_synthesisers_share_the_engine_safely(synthesiser: Synthesiser, tmp_path: Path) -> None:
    with Synthesiser(private_parent=tmp_path) as other:
        results: dict[str, bytes] = {}
        threads = [
            threading.Thread(target=lambda: results.update(pl=synthesiser.synthesise(PHRASES["pl"], "pl"))),
            threading.Thread(target=lambda: results.update(en=other.synthesise("Yes.", "en", 150))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert duration(results["pl"]) > 2 * duration(results["en"])
        assert other.normal_rate_wpm == synthesiser.normal_rate_wpm


# --- the prompt cache -----------------------------------------------------------------------------------


class CountingSpeech:
    """The real synthesiser, counting how often it is asked."""

    def __init__(self, synthesiser: Synthesiser) -> None:
        self.synthesiser = synthesiser
        self.calls = 0

    def __call__(self, text: str, language: str, rate_percent: int) -> bytes:
        self.calls += 1
        return self.synthesiser.synthesise(text, language, rate_percent)


def test_a_prompt_heard_again_comes_from_the_cache(synthesiser: Synthesiser) -> None:
    cache, make = PromptCache(), CountingSpeech(synthesiser)

    first = cache.get_or_make(QUESTION, "en", 100, make)
    second = cache.get_or_make(QUESTION, "en", 100, make)

    assert second == first and make.calls == 1
    assert (cache.stats.hits, cache.stats.misses) == (1, 1)
    assert cache.size_bytes == len(first)
    # Another language or rate is another prompt.
    cache.get_or_make(QUESTION, "en", 150, make)
    cache.get_or_make(PHRASES["pl"], "pl", 100, make)
    assert make.calls == 3 and len(cache) == 3


def test_a_private_utterance_is_never_stored(synthesiser: Synthesiser) -> None:
    cache, make = PromptCache(), CountingSpeech(synthesiser)
    answer = "Your answer is 12 Station Road."

    one = cache.get_or_make(answer, "en", 100, make, private=True)
    two = cache.get_or_make(answer, "en", 100, make, private=True)

    assert make.calls == 2 and not is_silent(one) and not is_silent(two)
    assert len(cache) == 0 and cache.size_bytes == 0
    assert (answer, "en", 100) not in cache
    assert (cache.stats.hits, cache.stats.misses, cache.stats.private) == (0, 0, 2)
    # A private request never reads the cache either, even when the same words were cached as a prompt.
    cache.get_or_make(answer, "en", 100, make)
    cache.get_or_make(answer, "en", 100, make, private=True)
    assert make.calls == 4


def test_the_cache_keeps_to_its_size_and_drops_the_least_recently_used(synthesiser: Synthesiser) -> None:
    prompts = [f"Question {n}. Choose one option." for n in range(1, 6)]
    sizes = [len(synthesiser.synthesise(text, "en")) for text in prompts]
    assert max(sizes) < min(sizes) * 1.1  # so room for three and a half holds exactly three
    cache, make = PromptCache(max_bytes=int(max(sizes) * 3.5)), CountingSpeech(synthesiser)

    def held() -> list[str]:
        return [text for text in prompts if (text, "en", 100) in cache]

    for text in prompts[:3]:
        cache.get_or_make(text, "en", 100, make)
    cache.get_or_make(prompts[0], "en", 100, make)  # heard again: now the most recently used
    cache.get_or_make(prompts[3], "en", 100, make)
    assert held() == [prompts[0], prompts[2], prompts[3]]
    cache.get_or_make(prompts[4], "en", 100, make)
    assert held() == [prompts[0], prompts[3], prompts[4]]

    assert cache.size_bytes <= cache.max_bytes
    assert cache.stats.evictions == 2 and len(cache) == 3
    assert make.calls == 5


def test_audio_bigger_than_the_whole_cache_is_returned_but_not_kept(synthesiser: Synthesiser) -> None:
    cache, make = PromptCache(max_bytes=1000), CountingSpeech(synthesiser)

    wav = cache.get_or_make(QUESTION, "en", 100, make)

    assert len(wav) > 1000 and len(cache) == 0
    cache.clear()
    assert cache.size_bytes == 0


def test_a_failed_synthesis_stores_nothing() -> None:
    cache = PromptCache()

    def broken(text: str, language: str, rate_percent: int) -> bytes:
        raise SynthesisFailed("no audio")

    with pytest.raises(SynthesisFailed):
        cache.get_or_make("Hello.", "en", 100, broken)
    assert len(cache) == 0


# --- voices without the engine ----------------------------------------------------------------------------


def test_voice_choice_reads_other_engines_descriptions() -> None:
    table = VoiceTable(
        [
            VoiceInfo("HKEY\\Voices\\TTS_MS_EN-US_ZIRA", "Zira", ("en_US",)),
            VoiceInfo("HKEY\\Voices\\TTS_MS_EN-GB_HAZEL", "Hazel", ("en_GB",)),
            VoiceInfo("com.apple.voice.pl-PL.Zosia", "Zosia", ("pl_PL",)),
        ]
    )

    assert table.choose("en").voice.name == "Hazel"
    assert table.choose("en-US").voice.name == "Zira"
    assert table.choose("pl").voice.name == "Zosia" and table.speaks("pl")
    assert table.choose("bn").voice.name == "Hazel" and not table.speaks("bn")
    with pytest.raises(LookupError):
        VoiceTable([]).choose("en")


# --- WAV inspection ------------------------------------------------------------------------------------------


def make_wav(samples: list[int], rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(b"".join(s.to_bytes(2, "little", signed=True) for s in samples))
    return out.getvalue()


def test_wav_inspection_measures_length_and_level() -> None:
    tone = [round(16384 * math.sin(2 * math.pi * 440 * n / 8000)) for n in range(8000)]
    info = inspect_wav(make_wav(tone))

    assert info.duration_seconds == 1.0
    assert math.isclose(info.peak, 0.5, abs_tol=0.001)
    assert math.isclose(info.rms, 0.5 / math.sqrt(2), rel_tol=0.01)
    assert not info.is_silent
    assert is_silent(make_wav([0] * 8000)) and is_silent(make_wav([3, -3] * 100)) and is_silent(make_wav([]))
    with pytest.raises(NotWav):
        inspect_wav(b"not a wav at all")


# --- Qt-free ----------------------------------------------------------------------------------------------


QT_BLOCKED_CHILD = textwrap.dedent(
    """
    import sys

    class BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6"):
                raise ImportError(f"Qt is blocked: {name}")
            return None

    sys.meta_path.insert(0, BlockQt())
    import accessibility.speech as speech
    from accessibility.speech import prompt_cache, synthesiser, voices, wav

    with speech.Synthesiser(private_parent=sys.argv[1]) as synth:
        audio = speech.PromptCache().get_or_make("Hello.", "en", 100, synth.synthesise)
        assert not wav.is_silent(audio)
    assert not [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")]
    print("qt-free")
    """
)


def test_the_speech_package_works_with_qt_blocked(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", QT_BLOCKED_CHILD, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "qt-free"
