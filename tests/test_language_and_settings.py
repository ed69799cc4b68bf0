"""Residents change language, text size, colours and speech from one screen reachable everywhere.

A language switch mid-journey keeps every answer and shows every text in the new language; an
Arabic journey runs right to left to the end and the outbox records the language used; the next
resident always starts with the kiosk's own settings.
"""

# ruff: noqa: F811
from __future__ import annotations

from journey_answers import FORM_JOURNEYS, delete_closed_windows  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_journeys import outbox_rows, personal_data

from accessibility.preferences import Preferences
from forms.texts import localise
from forms.wording import wording
from kiosk.screens.check_answers import CheckAnswersScreen
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.question import QuestionScreen
from kiosk.screens.settings import SettingsScreen
from kiosk.ui_text import ui


def form_page(kiosk, form_id: str, page_id: str):
    return kiosk.catalogue.get(form_id).page(page_id)


def open_settings(resident) -> SettingsScreen:
    resident.tap(resident.find("accessibility-button"))
    assert isinstance(resident.screen, SettingsScreen)
    return resident.screen


def test_a_language_switch_mid_journey_keeps_the_answers_and_rerenders_every_text(kiosk, resident, kiosk_config):
    journey = FORM_JOURNEYS["missed-bin"]
    resident.open_form("missed-bin")
    resident.start()
    resident.answer_and_continue(journey.answers["bin-type"])
    resident.answer_and_continue(journey.answers["bin-out"])
    assert resident.screen.step.question_id == "address"
    resident.enter(journey.answers["address"])  # typed, not yet continued: kept as a draft

    settings = open_settings(resident)
    resident.tap(settings.options["language-pl"])
    settings = resident.screen
    assert isinstance(settings, SettingsScreen)
    assert settings.accessibleName() == ui("settings.heading", "pl") != ui("settings.heading", "en")
    assert kiosk.window.helper_button.text() == ui("bar.helper", "pl")
    resident.tap(resident.find("return-button"))

    screen = resident.screen
    assert isinstance(screen, QuestionScreen) and screen.step.question_id == "address"
    polish = localise(form_page(kiosk, "missed-bin", "address").text, "pl")
    assert screen.heading.text() == polish != localise(form_page(kiosk, "missed-bin", "address").text, "en")
    assert screen.continue_button.text() == wording("question.continue", "pl")
    assert screen.input.fields["postcode"].text() == journey.answers["address"]["postcode"]

    resident.tap_back()
    assert resident.screen.step.question_id == "bin-out"
    assert resident.screen.input.options["yes"].isChecked()
    assert resident.screen.input.options["yes"].text() == wording("yes", "pl")
    resident.tap_continue()
    resident.tap_continue()
    resident.complete_questions(journey.answers)
    assert isinstance(resident.screen, CheckAnswersScreen)
    check = kiosk.controller.journey.step()
    assert resident.screen.accessibleName() == check.heading == wording("check_answers.heading", "pl")
    assert {row.question_id for row in check.rows} >= {"bin-type", "bin-out", "address"}
    resident.tap_send()
    assert isinstance(resident.screen, ConfirmationScreen)
    assert resident.screen.accessibleName() == wording("confirmation.heading", "pl")
    [row] = outbox_rows(kiosk_config)
    assert row["language"] == "pl"
    assert personal_data(row)["answers"] == {**journey.stored, "due-date": "2026-11-20"}  # no Change made here


def test_an_arabic_journey_completes_right_to_left_and_records_its_language(kiosk, resident, kiosk_config):
    journey = FORM_JOURNEYS["call-back"]
    resident.tap(resident.find("home-language-ar"))
    home = resident.screen
    assert isinstance(home, HomeScreen)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert home.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert home.accessibleName() == ui("home.heading", "ar")
    assert home.tiles["call-back"].accessibleName() == localise(kiosk.catalogue.get("call-back").title, "ar")

    resident.open_form("call-back")
    assert resident.screen.back_button.accessibleName() == ui("back", "ar")
    assert resident.screen.back_button.text().startswith("›")  # the arrow points the way back, to the right
    resident.start()
    resident.complete_questions(journey.answers)
    assert isinstance(resident.screen, CheckAnswersScreen)
    assert resident.screen.accessibleName() == wording("check_answers.heading", "ar")
    resident.tap_send()
    assert isinstance(resident.screen, ConfirmationScreen)
    assert resident.screen.accessibleName() == wording("confirmation.heading", "ar")

    [row] = outbox_rows(kiosk_config)
    assert row["language"] == "ar"
    # Sent to the council as entered (no Change was made on this journey).
    assert personal_data(row)["answers"] == {**journey.stored, "interpreter": True, "language": "Twi"}

    resident.tap_finish()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert resident.screen.accessibleName() == ui("home.heading", "en")


def test_text_size_colours_and_speech_apply_at_once_and_reset_for_the_next_person(kiosk, resident):
    app = QApplication.instance()
    resident.open_form("missed-bin")
    resident.start()
    settings = open_settings(resident)
    assert settings.options["text-size-1.0"].isChecked() and settings.options["theme-council"].isChecked()
    for name in ("text-size-2.0", "theme-high-contrast", "read-aloud-on", "volume-up", "rate-down"):
        resident.tap(resident.screen.options[name])
    settings = resident.screen
    assert all(settings.options[n].isChecked() for n in ("text-size-2.0", "theme-high-contrast", "read-aloud-on"))
    assert not settings.options["text-size-1.0"].isChecked()
    assert settings.options["text-size-2.0"].accessibleDescription() == ui("settings.chosen", "en")
    chosen = kiosk.controller.preferences
    assert (chosen.text_scale, chosen.palette, chosen.read_aloud) == (2.0, "high-contrast", True)
    assert chosen.volume_level == Preferences().volume_level + 1 and chosen.rate_level == Preferences().rate_level - 1
    assert "font-size: 60px" in app.styleSheet() and "#00401f" in app.styleSheet()
    assert resident.find("volume-level").text() == ui("settings.level", "en", level=chosen.volume_level, levels=5)

    resident.tap(resident.find("return-button"))
    assert isinstance(resident.screen, QuestionScreen)
    assert resident.screen.heading.font().pixelSize() >= 60 or resident.screen.heading.fontInfo().pixelSize() >= 60

    resident.tap(kiosk.window.start_again_button)
    assert isinstance(resident.screen, HomeScreen)
    assert kiosk.controller.preferences == Preferences.defaults()
    assert "font-size: 30px" in app.styleSheet() and "#00401f" not in app.styleSheet()


def test_volume_and_speed_stop_at_their_ends(kiosk, resident):
    settings = open_settings(resident)
    for _ in range(6):
        up = resident.find("volume-up")
        if not up.isEnabled():
            break
        resident.tap(up)
    assert kiosk.controller.preferences.volume_level == 5
    assert not resident.find("volume-up").isEnabled() and resident.find("volume-down").isEnabled()
    assert settings is not resident.screen  # each choice rebuilt the screen
