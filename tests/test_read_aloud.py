"""Read-aloud through the real screens: real synthesis (espeak-ng via pyttsx3) and a real player.

Speech is made off the GUI thread and played by QtMultimedia; with no sound card here the player
still plays in real time, so states are asserted (playing, then stopped at once on a tap), never
timings (``bench/speech_stop.py`` measures the stop latency).
"""

# ruff: noqa: F811
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_config
from journey_answers import FORM_JOURNEYS, delete_closed_windows  # noqa: F401
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from accessibility.preferences import Preferences
from accessibility.speech.wav import inspect_wav
from forms.wording import wording
from kiosk.screens.check_answers import CheckAnswersScreen
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.question import QuestionScreen
from kiosk.ui_text import ui

PIN_FORMS = Path(__file__).parent / "forms_with_pin"
SPEECH_WAIT_MS = 15_000


@pytest.fixture
def kiosk_config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "kiosk", extra=f'[forms]\npaths = ["{PIN_FORMS}"]\n')


@pytest.fixture
def speech(kiosk):
    read_aloud = kiosk.read_aloud
    assert read_aloud is not None
    return read_aloud


def player_of(speech):
    return speech._player


def wait_for_speech(qtbot, speech, contains: str):
    """Wait until an utterance containing ``contains`` is playing; return it."""
    qtbot.waitUntil(
        lambda: speech.current is not None and contains in speech.current.text and player_of(speech).is_playing,
        timeout=SPEECH_WAIT_MS,
    )
    return speech.current


def turn_read_aloud_on(resident, qtbot, speech):
    resident.tap(resident.find("read-aloud-button"))
    assert speech.enabled
    return wait_for_speech(qtbot, speech, ui("speech.started", "en"))


def test_a_question_is_spoken_with_its_hint_and_a_tap_stops_it_at_once(kiosk, resident, speech, qtbot):
    resident.open_form("missed-bin")
    turn_read_aloud_on(resident, qtbot, speech)
    resident.start()
    spoken = wait_for_speech(qtbot, speech, "Which bin was missed?")
    assert "Look at the colour of the lid." in spoken.text  # the hint
    assert "Blue bin (recycling)" in spoken.text  # the choices
    audio = inspect_wav(spoken.wav)
    assert audio.duration_seconds > 2 and not audio.is_silent

    QTest.mouseClick(resident.screen.heading, Qt.MouseButton.LeftButton)  # a tap anywhere
    assert not player_of(speech).is_playing
    assert player_of(speech).state == "stopped"


def test_a_key_and_a_new_screen_stop_speech_too(kiosk, resident, speech, qtbot):
    resident.open_form("missed-bin")
    turn_read_aloud_on(resident, qtbot, speech)
    QTest.keyClick(resident.screen, Qt.Key.Key_Shift)
    assert not player_of(speech).is_playing
    resident.tap(resident.find("read-aloud-button"))  # now "Repeat"
    wait_for_speech(qtbot, speech, "Before you start")
    kiosk.controller.start_form()  # the screen changes without a tap (as after a timeout)
    assert not player_of(speech).is_playing or "Which bin" in speech.current.text


def test_repeat_replays_the_screen_from_the_cache(kiosk, resident, speech, qtbot):
    resident.open_form("missed-bin")
    turn_read_aloud_on(resident, qtbot, speech)
    resident.start()
    first = wait_for_speech(qtbot, speech, "Which bin was missed?")
    hits = speech._cache.stats.hits
    repeat = resident.find("read-aloud-button")
    assert repeat.text() == ui("bar.repeat", "en")
    resident.tap(repeat)
    again = wait_for_speech(qtbot, speech, "Which bin was missed?")
    assert again is not first and again.text == first.text and again.wav == first.wav
    assert speech._cache.stats.hits == hits + 1


def test_an_answer_is_spoken_only_when_asked_and_never_kept(kiosk, resident, speech, qtbot):
    journey = FORM_JOURNEYS["missed-bin"]
    resident.open_form("missed-bin")
    turn_read_aloud_on(resident, qtbot, speech)
    resident.start()
    resident.complete_questions(journey.answers)
    resident.tap_change("full-name")  # back on the name question, with the name entered
    screen = resident.screen
    assert isinstance(screen, QuestionScreen) and screen.step.question_id == "full-name"
    spoken = wait_for_speech(qtbot, speech, screen.step.heading)
    assert "Okafor" not in spoken.text
    assert ui("speech.answer_entered", "en") in spoken.text
    assert not spoken.private

    resident.tap(resident.find("hear-answer-button"))
    heard = wait_for_speech(qtbot, speech, "Okafor")
    assert heard.private and heard.text == ui("speech.answer_is", "en", answer="Margaret Okafor")
    assert not inspect_wav(heard.wav).is_silent
    assert all("Okafor" not in text for (text, _language, _rate) in speech._cache._entries)

    resident.tap(resident.find("read-aloud-button"))  # Repeat says the question, not the answer
    again = wait_for_speech(qtbot, speech, screen.step.heading)
    assert "Okafor" not in again.text

    resident.tap(kiosk.window.start_again_button)
    assert speech.current is None or "Okafor" not in speech.current.text
    assert not speech.enabled


def test_check_answers_says_answers_are_entered_without_saying_them(kiosk, resident, speech, qtbot):
    journey = FORM_JOURNEYS["call-back"]
    resident.open_form("call-back")
    turn_read_aloud_on(resident, qtbot, speech)
    resident.start()
    resident.complete_questions(journey.answers)
    assert isinstance(resident.screen, CheckAnswersScreen)
    spoken = wait_for_speech(qtbot, speech, wording("check_answers.heading", "en"))
    for value in journey.answers.values():
        if isinstance(value, str) and len(value) > 4:
            assert value not in spoken.text
    assert "Answer entered." in spoken.text


def test_the_confirmation_spells_the_reference_out(kiosk, resident, speech, qtbot):
    journey = FORM_JOURNEYS["call-back"]
    resident.open_form("call-back")
    resident.start()
    resident.complete_questions(journey.answers)
    resident.tap(resident.find("read-aloud-button"))
    resident.tap_send()
    assert isinstance(resident.screen, ConfirmationScreen)
    reference = resident.find("reference").text()
    spoken = wait_for_speech(qtbot, speech, "as in")
    assert "T as in Tango, S as in Sierra, T as in Tango" in spoken.text  # the TST prefix
    for char in reference.replace("-", ""):
        assert char in spoken.text


def test_a_masked_pin_is_never_spoken(kiosk, resident, speech, qtbot):
    resident.open_form("council-tax-code")
    turn_read_aloud_on(resident, qtbot, speech)
    resident.start()
    screen = resident.screen
    field = screen.input.part_widget(None)
    assert field.echoMode() == field.EchoMode.Password
    resident.type_into(field, "274139")
    resident.tap(resident.find("hear-answer-button"))
    said = wait_for_speech(qtbot, speech, ui("speech.answer_hidden", "en"))
    assert not any(digit in said.text for digit in "274139")
    resident.tap_continue()
    resident.tap_back()
    spoken = wait_for_speech(qtbot, speech, screen.step.heading)
    assert not any(digit in spoken.text for digit in "274139")


def test_settings_reset_after_the_session_ends(kiosk, resident, speech, qtbot):
    resident.open_form("missed-bin")
    resident.tap(resident.find("accessibility-button"))
    for name in ("read-aloud-on", "volume-up", "volume-up", "rate-up"):
        resident.tap(resident.screen.options[name])
    assert speech.enabled and player_of(speech).volume == pytest.approx(1.0)
    resident.tap(kiosk.window.start_again_button)
    assert kiosk.controller.preferences == Preferences.defaults()
    assert not speech.enabled
    assert player_of(speech).volume == pytest.approx(Preferences().volume)
    assert resident.find("read-aloud-button").text() == ui("bar.read_aloud", "en")


def test_touch_and_hold_or_f1_starts_read_aloud_without_sight(kiosk, resident, speech, qtbot):
    home = resident.screen
    assert isinstance(home, HomeScreen)
    assert speech._hold.interval() == 2000  # touch and hold for two seconds
    tile = home.tiles["missed-bin"]
    centre = tile.rect().center()
    QTest.mousePress(tile, Qt.MouseButton.LeftButton, pos=centre)
    hint = wait_for_speech(qtbot, speech, ui("speech.start_hint", "en"))  # the first touch on home says how
    assert player_of(speech).volume < Preferences().volume and not hint.private
    qtbot.waitUntil(lambda: speech.enabled, timeout=SPEECH_WAIT_MS)
    tile = resident.screen.tiles["missed-bin"]  # home was read out again, on a new screen
    QTest.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=centre)
    assert isinstance(resident.screen, HomeScreen)  # the hold did not open the service
    wait_for_speech(qtbot, speech, ui("speech.started", "en"))

    kiosk.controller.end_session("finished")
    assert not speech.enabled
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)  # keys go to the focused control
    assert speech.enabled
    wait_for_speech(qtbot, speech, ui("speech.started", "en"))
    QTest.mouseClick(resident.screen, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not player_of(speech).is_playing


def test_the_privacy_time_out_is_spoken_with_the_way_to_get_more_time(kiosk, resident, speech, qtbot, fake_clock):
    resident.open_form("missed-bin")
    turn_read_aloud_on(resident, qtbot, speech)
    fake_clock.advance(kiosk.settings.session.idle_seconds + 1)
    qtbot.waitUntil(kiosk.window.timeout_overlay.isVisible, timeout=5000)
    spoken = wait_for_speech(qtbot, speech, ui("timeout.heading", "en"))
    assert ui("timeout.more_time", "en") in spoken.text
