"""A resident's whole journey through each shipped form, on the real screens and a real outbox.

Each journey makes a mistake and fixes it, answers every page, changes one answer from check your
answers, sends, and then checks what the screen says against the SQLite file itself and the QR
code's pixels.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from helpers import FOLLOW_UP
from journey_answers import EXIT_ANSWERS, FORM_JOURNEYS, MISSED_BIN, delete_closed_windows  # noqa: F401
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.driver import ResidentDriver
from kiosk.screens.before_you_start import BeforeYouStartScreen
from kiosk.screens.check_answers import CheckAnswersScreen
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.screens.exit_page import ExitScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.question import QuestionScreen
from kiosk.settings import load_settings
from sync.outbox.codec import FernetCodec

# -- reading what the kiosk stored and showed ---------------------------------------------------


def outbox_rows(kiosk_config: Path) -> list[sqlite3.Row]:
    """Every row of the outbox, read straight from the SQLite file the config points at."""
    path = load_settings(kiosk_config).data_dir / "outbox.sqlite3"
    assert path.is_file(), f"no outbox at {path}"
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(
            "SELECT reference, state, form_id, language, personal_data, personal_data_codec"
            " FROM outbox_items ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


def personal_data(row: sqlite3.Row) -> dict[str, Any]:
    """Decrypt a row with the kiosk's outbox key from the test keyring; it must be encrypted."""
    import keyring

    assert row["personal_data_codec"] == "fernet-v1", "personal data must be encrypted at rest"
    keys = [value for (_, user), value in keyring.get_keyring().secrets.items() if user.startswith("outbox-key:")]
    assert len(keys) == 1, "the kiosk made exactly one outbox key"
    return FernetCodec(keys[0].encode("ascii")).decode(row["personal_data"])


def decode_qr(widget: QWidget) -> list[str]:
    """The texts zxing finds in the widget's pixels, as a phone camera would read them."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    pixels = bytes(image.constBits())
    rows = b"".join(pixels[y * stride : y * stride + width] for y in range(height))
    return [barcode.text for barcode in zxingcpp.read_barcodes(memoryview(rows).cast("B", (height, width)))]


def labels_with_role(widget: QWidget, role: str) -> list[QLabel]:
    return [label for label in widget.findChildren(QLabel) if label.property("role") == role and label.isVisible()]


def shown_answer(screen: CheckAnswersScreen, question_id: str) -> str:
    """The answer text on the row of ``question_id``, as the resident reads it."""
    row = screen.change_buttons[question_id].parentWidget()
    answers = [label.text() for label in row.findChildren(QLabel) if label.property("role") in ("body", "hint")]
    assert len(answers) == 1, answers
    return answers[0]


def assert_error_shown(qtbot, resident: ResidentDriver, question_id: str, message: str) -> QuestionScreen:
    """Still on the question, with "There is a problem" focused and linking to the same words inline."""
    screen = resident.screen
    assert isinstance(screen, QuestionScreen)
    assert screen.step.question_id == question_id
    summary = screen.error_summary
    assert summary is not None and summary.isVisible()
    assert summary.accessibleName() == "There is a problem"
    qtbot.waitUntil(summary.hasFocus, timeout=1000)
    assert [link.text() for link in summary.links] == [message]
    assert [label.text() for label in labels_with_role(screen, "error-message")] == [message]
    return screen


# -- one journey per shipped form ---------------------------------------------------------------


@pytest.mark.parametrize("form_id", list(FORM_JOURNEYS))
def test_journey_through_each_shipped_form(form_id, kiosk, resident, qtbot, kiosk_config):
    journey = FORM_JOURNEYS[form_id]
    resident.open_form(form_id)
    assert isinstance(resident.screen, BeforeYouStartScreen)
    resident.start()

    # Continue with nothing chosen: the error summary takes focus and says what to do.
    first_id = resident.screen.step.question_id
    resident.tap_continue()
    assert_error_shown(qtbot, resident, first_id, journey.first_error)
    resident.answer_and_continue(journey.answers[first_id])
    assert not (isinstance(resident.screen, QuestionScreen) and resident.screen.step.question_id == first_id)

    resident.complete_questions(journey.answers)
    assert resident.at_check_answers()

    # Change one answer (a wrong one first, where the journey has one), then back to the check.
    change = journey.change
    resident.tap_change(change.question_id)
    assert isinstance(resident.screen, QuestionScreen)
    assert resident.screen.step.question_id == change.question_id
    if change.wrong is not None:
        resident.answer_and_continue(change.wrong)
        screen = assert_error_shown(qtbot, resident, change.question_id, change.wrong_message)
        field = screen.input.part_widget(screen.step.errors[0].part)
        resident.tap(screen.error_summary.links[0])
        qtbot.waitUntil(field.hasFocus, timeout=1000)
    resident.answer_and_continue(change.new)
    assert resident.at_check_answers(), type(resident.screen).__name__
    check = resident.screen
    assert shown_answer(check, change.question_id) == change.shown
    # Rows are exactly the route's pages: stored answers, plus "Not provided" for skipped optional ones.
    assert set(journey.stored) <= set(check.change_buttons)
    for question_id in set(check.change_buttons) - set(journey.stored):
        assert shown_answer(check, question_id) == "Not provided"

    resident.tap_send()
    assert isinstance(resident.screen, ConfirmationScreen)
    reference = resident.find("reference").text()
    assert reference.startswith("TST-")

    rows = outbox_rows(kiosk_config)
    assert len(rows) == 1
    row = rows[0]
    assert (row["reference"], row["state"], row["form_id"], row["language"]) == (reference, "queued", form_id, "en")
    stored = personal_data(row)
    assert stored["answers"] == journey.stored
    assert stored["payload"]["service_code"] == journey.service_code

    qr = kiosk.window.findChild(QWidget, "follow-up-qr")
    assert qr is not None and qr.isVisible()
    assert decode_qr(qr) == [FOLLOW_UP.format(reference=reference)]

    resident.tap_finish()
    assert isinstance(resident.screen, HomeScreen)
    assert kiosk.controller.journey is None
    assert not kiosk.window.start_again_button.isVisible()
    assert len(outbox_rows(kiosk_config)) == 1


# -- exits, double taps and skipped pages -------------------------------------------------------


def heading_text(screen: QWidget) -> str:
    return " ".join(label.text() for label in labels_with_role(screen, "heading-xl"))


def test_smell_of_gas_ends_on_the_exit_page_and_queues_nothing(kiosk, resident, kiosk_config):
    exit_id, answers = EXIT_ANSWERS["housing-repair"]
    resident.open_form("housing-repair")
    resident.start()
    resident.answer_and_continue(answers["emergency"])
    assert isinstance(resident.screen, ExitScreen)
    assert kiosk.controller.journey.position == f"exit:{exit_id}"
    assert "0800 111 999" in heading_text(resident.screen)

    # Back returns to the question, with the answer still chosen.
    resident.tap_back()
    assert isinstance(resident.screen, QuestionScreen)
    assert resident.screen.step.question_id == "emergency"
    assert resident.screen.input.options["gas"].isChecked()

    resident.tap_continue()
    assert isinstance(resident.screen, ExitScreen)
    resident.tap_finish()
    assert isinstance(resident.screen, HomeScreen)
    assert kiosk.controller.journey is None
    assert outbox_rows(kiosk_config) == []


def press_and_release(window: QWidget, spot: QPoint, timestamp: int) -> None:
    """One finger tap at ``spot`` (window coordinates) with given event times, routed to what is there."""
    target = window.childAt(spot)
    assert target is not None
    local = QPointF(target.mapFrom(window, spot))
    pressed = (QEvent.Type.MouseButtonPress, timestamp, Qt.MouseButton.LeftButton)
    released = (QEvent.Type.MouseButtonRelease, timestamp + 60, Qt.MouseButton.NoButton)
    for kind, when, buttons in (pressed, released):
        event = QMouseEvent(kind, local, QPointF(target.mapToGlobal(local)), Qt.MouseButton.LeftButton,
                            buttons, Qt.KeyboardModifier.NoModifier)  # fmt: skip
        event.setTimestamp(when)
        QApplication.sendEvent(target, event)
    QApplication.processEvents()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_double_tap_on_send_queues_one_item_and_keeps_the_confirmation(size, kiosk, resident, kiosk_config):
    kiosk.window.resize(*size)
    kiosk.controller.show_home()
    resident.settle()
    resident.open_form("missed-bin")
    resident.start()
    resident.complete_questions(MISSED_BIN.answers)
    send = resident.find("send-button")
    kiosk.window.scroll.ensureWidgetVisible(send)
    resident.settle()
    spot = send.mapTo(kiosk.window, QPoint(send.width() // 2, send.height() // 2))

    # Two taps 180 ms apart on the same spot; the second lands on whatever the new screen has there.
    start = 10_000_000
    press_and_release(kiosk.window, spot, start)
    assert isinstance(resident.screen, ConfirmationScreen)
    press_and_release(kiosk.window, spot, start + 180)
    assert isinstance(resident.screen, ConfirmationScreen), "the second tap of a double tap left the confirmation"
    reference = resident.find("reference").text()

    # A Send that still arrives (a stale signal, a third tap) stores nothing more.
    kiosk.controller.send()
    rows = outbox_rows(kiosk_config)
    assert [row["reference"] for row in rows] == [reference]
    assert isinstance(resident.screen, ConfirmationScreen)
    assert resident.find("reference").text() == reference

    # A later, separate tap still works.
    resident.tap_finish()
    assert isinstance(resident.screen, HomeScreen)


def test_two_send_signals_before_the_screen_changes_store_one_item(kiosk, resident, kiosk_config):
    resident.open_form("missed-bin")
    resident.start()
    resident.complete_questions(MISSED_BIN.answers)
    check = resident.screen
    assert isinstance(check, CheckAnswersScreen)
    check.sig_send_requested.emit()
    check.sig_send_requested.emit()
    resident.settle()
    assert isinstance(resident.screen, ConfirmationScreen)
    assert [row["reference"] for row in outbox_rows(kiosk_config)] == [resident.find("reference").text()]


def test_an_answer_on_a_page_the_route_later_skips_is_not_stored(kiosk, resident, kiosk_config):
    answers = {k: v for k, v in MISSED_BIN.answers.items() if k != "phone"}
    answers.update({"contact-method": "email", "email": "skipped.address@example.org"})
    resident.open_form("missed-bin")
    resident.start()
    resident.complete_questions(answers)
    assert resident.at_check_answers()
    assert "email" in resident.screen.change_buttons

    # Back twice, to "How should we contact you?", and choose phone instead.
    resident.tap_back()
    assert resident.screen.step.question_id == "email"
    resident.tap_back()
    assert resident.screen.step.question_id == "contact-method"
    resident.answer_and_continue("phone")
    assert resident.screen.step.question_id == "phone"
    resident.answer_and_continue("07700 900982")
    assert resident.at_check_answers()
    assert "email" not in resident.screen.change_buttons
    assert shown_answer(resident.screen, "phone") == "07700 900982"

    resident.tap_send()
    (row,) = outbox_rows(kiosk_config)
    stored = personal_data(row)
    assert stored["answers"]["contact-method"] == "phone"
    assert stored["answers"]["phone"] == "07700900982"
    assert "email" not in stored["answers"]
    assert "email" not in stored["payload"]
    assert "skipped.address" not in json.dumps(stored)


def test_names_with_letters_beyond_ascii_are_kept_as_typed(kiosk, resident):
    resident.open_form("call-back")
    resident.start()
    resident.answer_and_continue("council-tax")
    resident.answer_and_continue("Ynglŷn â'r dreth")
    resident.answer_and_continue("Siân Łukasz-Nowak")
    assert kiosk.controller.journey.answers()["full-name"] == "Siân Łukasz-Nowak"
    assert kiosk.controller.journey.answers()["details"] == "Ynglŷn â'r dreth"


def test_asking_a_helper_keeps_what_is_half_typed(kiosk, resident):
    resident.open_form("call-back")
    resident.start()
    resident.answer_and_continue("council-tax")
    resident.type_into(resident.screen.input.part_widget(None), "My bill doubled")
    resident.tap(kiosk.window.helper_button)
    from kiosk.screens.info import InfoScreen

    assert isinstance(resident.screen, InfoScreen)
    resident.tap(resident.find("return-button"))
    assert resident.screen.step.question_id == "details"
    assert resident.screen.input.raw() == "My bill doubled"
    assert not resident.screen.step.errors
