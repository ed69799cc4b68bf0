"""The running kiosk syncs what residents send, over real HTTP, and lets them check on it.

Driven through the real screens with pytest-qt, against the reference Open311 server on
127.0.0.1. The kiosk's own background worker does the sending; the resident never waits for it.
"""

# ruff: noqa: F811
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import TODAY, FakeClock, write_config
from journey_answers import FORM_JOURNEYS, delete_closed_windows  # noqa: F401
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel
from reference_server_fixture import API_KEY, reference_server  # noqa: F401

from kiosk.app import Kiosk, build_kiosk
from kiosk.demo_case_api import start_demo_case_api
from kiosk.driver import ResidentDriver
from kiosk.screens.check_report import CheckReportScreen
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.screens.out_of_service import OutOfServiceScreen
from kiosk.settings import Settings, load_settings
from sync.key_store import KeyStore
from sync.outbox import ItemState
from sync.references import check_character, is_valid_reference

SYNC_EXTRA = "[sync]\ninterval_seconds = 0.05\n"


def start_kiosk(qtbot, settings: Settings) -> Kiosk:
    built = build_kiosk(settings, clock=FakeClock(), tick_ms=5, today=lambda: TODAY)
    qtbot.addWidget(built.window)
    built.window.resize(1080, 1920)
    built.window.show()
    qtbot.waitExposed(built.window)
    return built


@pytest.fixture
def synced_kiosk(qtbot, tmp_path: Path, reference_server, monkeypatch) -> Iterator[Kiosk]:  # noqa: F811
    monkeypatch.setenv("KIOSK_CASE_API_KEY", API_KEY)
    case_api = f'[case_api]\nbase_url = "{reference_server.base_url}"\n'
    config = write_config(tmp_path / "kiosk", extra=case_api + SYNC_EXTRA)
    built = start_kiosk(qtbot, load_settings(config))
    yield built
    built.close()
    built.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def send_missed_bin(resident: ResidentDriver) -> str:
    journey = FORM_JOURNEYS["missed-bin"]
    resident.open_form("missed-bin")
    resident.start()
    resident.complete_questions(journey.answers)
    assert resident.at_check_answers()
    resident.tap_send()
    screen = resident.screen
    assert isinstance(screen, ConfirmationScreen)
    return screen.reference.text()


def test_a_submission_goes_from_waiting_to_sent_with_the_councils_number(qtbot, synced_kiosk, reference_server):
    resident = ResidentDriver(synced_kiosk.window)
    reference = send_missed_bin(resident)
    screen = resident.screen
    assert screen.send_status.isVisible()
    assert screen.send_status.text().startswith(("Waiting to send", "Sent")), screen.send_status.text()

    qtbot.waitUntil(lambda: "Their case number is SR-" in screen.send_status.text(), timeout=5000)
    [case] = reference_server.cases()
    assert case["kiosk_reference"] == reference
    assert screen.send_status.text().endswith(f"Their case number is {case['service_request_id']}.")
    assert case["attributes"]["bin_type"] == "recycling"
    assert case["address_string"] == "12 Station Road, Anytown, SW1A 2AA"
    item = synced_kiosk.outbox.find(reference)
    assert item.state is ItemState.SENT and item.remote_id == case["service_request_id"]
    assert synced_kiosk.outbox.personal_data(reference) is None, "purged once the council has it"


def test_check_on_a_report_shows_the_kiosk_state_and_the_councils_status(qtbot, synced_kiosk, reference_server):
    resident = ResidentDriver(synced_kiosk.window)
    reference = send_missed_bin(resident)
    qtbot.waitUntil(lambda: synced_kiosk.outbox.find(reference).state is ItemState.SENT, timeout=5000)
    remote_id = synced_kiosk.outbox.find(reference).remote_id
    reference_server.set_status(
        remote_id,
        status="open",
        status_notes="A crew is booked for Tuesday.",
        expected_datetime=datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
    )
    resident.tap_finish()

    resident.open_form("check-report")
    screen = resident.screen
    assert isinstance(screen, CheckReportScreen)
    assert screen.field.hasFocus()
    resident.type_into(screen.field, reference.lower().replace("-", " "))
    resident.tap(screen.lookup_button)
    qtbot.waitUntil(lambda: "The council is dealing with this." in screen.status_texts(), timeout=5000)
    texts = screen.status_texts()
    assert f"Reference number {reference}" in texts
    assert "Sent" in texts
    assert f"The council has your report. Their case number is {remote_id}." in texts
    assert "What the council says: A crew is booked for Tuesday." in texts
    assert "They expect to finish by 24 November 2026." in texts

    reference_server.set_status(remote_id, status="closed", status_notes="Collected.")
    resident.tap(screen.lookup_button)
    qtbot.waitUntil(
        lambda: "The council has finished dealing with this and closed it." in screen.status_texts(), timeout=5000
    )
    assert "What the council says: Collected." in screen.status_texts()


def test_a_scanned_follow_up_link_finds_the_report_and_mistakes_get_clear_messages(qtbot, synced_kiosk):
    resident = ResidentDriver(synced_kiosk.window)
    reference = send_missed_bin(resident)
    resident.tap_finish()
    resident.open_form("check-report")
    screen = resident.screen

    resident.tap(screen.lookup_button)
    assert screen.error_summary is not None and screen.error_summary.hasFocus()
    assert screen.inline_error.text() == "Enter your reference number"

    resident.type_into(screen.field, "TST-OOO-1111")
    resident.tap(screen.lookup_button)
    assert screen.inline_error.text() == "Enter the reference number exactly as it was shown, like TST-ABC-2345"

    other = f"TST-222-222{check_character('222222')}"
    assert is_valid_reference(other)
    screen.field.clear()
    resident.type_into(screen.field, other)
    resident.tap(screen.lookup_button)
    assert screen.inline_error.text().startswith(f"We cannot find {other} on this kiosk.")

    screen.field.clear()
    resident.type_into(screen.field, f"https://council.example/track?ref={reference}")
    resident.tap(screen.lookup_button)
    qtbot.waitUntil(lambda: f"Reference number {reference}" in screen.status_texts(), timeout=5000)
    assert screen.error_summary is None and not screen.inline_error.isVisible()


def test_a_keyring_that_refuses_puts_the_kiosk_out_of_service_naming_the_problem(qtbot, tmp_path):
    import keyring
    from keyring_backends import BrokenKeyring

    keyring.set_keyring(BrokenKeyring())
    built = start_kiosk(qtbot, load_settings(write_config(tmp_path / "kiosk")))
    try:
        assert built.controller is None
        screen = built.window.screen
        assert isinstance(screen, OutOfServiceScreen)
        staff = [label.text() for label in screen.findChildren(QLabel)]
        assert any("submissions cannot be stored safely" in text and "locked" in text for text in staff), staff
    finally:
        built.close()


def test_a_lost_key_over_encrypted_items_stops_the_kiosk_and_never_makes_a_new_key(qtbot, tmp_path, memory_keyring):
    config = write_config(tmp_path / "kiosk")
    settings = load_settings(config)
    first = start_kiosk(qtbot, settings)
    resident = ResidentDriver(first.window)
    send_missed_bin(resident)
    first.close()
    memory_keyring.secrets.clear()

    second = start_kiosk(qtbot, settings)
    try:
        assert second.controller is None
        assert isinstance(second.window.screen, OutOfServiceScreen)
        assert KeyStore().outbox_key(settings.data_dir) is None, "no new key was generated over old data"
    finally:
        second.close()


def test_the_demo_starts_its_own_case_api_and_syncs_with_no_setup(qtbot, tmp_path):
    settings = load_settings(write_config(tmp_path / "kiosk", extra=SYNC_EXTRA), demo=True)
    server, settings = start_demo_case_api(settings)
    assert server is not None and settings.case_api.base_url == server.base_url
    built = start_kiosk(qtbot, settings)
    try:
        resident = ResidentDriver(built.window)
        reference = send_missed_bin(resident)
        assert reference.startswith("DEMO-")
        screen = resident.screen
        qtbot.waitUntil(lambda: "Their case number is SR-" in screen.send_status.text(), timeout=5000)
        resident.tap_finish()
        resident.open_form("check-report")
        check = resident.screen
        resident.type_into(check.field, reference)
        resident.tap(check.lookup_button)
        qtbot.waitUntil(lambda: "The council is dealing with this." in check.status_texts(), timeout=5000)
        assert (settings.data_dir / "DEMO-KEYS-NOT-SECRET.json").is_file(), "the demo's key store is labelled"
    finally:
        built.close()
        server.stop()
