"""Forms imported from the case API's Open311 catalogue work on the kiosk like the shipped ones.

``council-kiosk import-services`` reads the reference server's catalogue over real HTTP; a
resident then completes the imported pothole form through the screens and the kiosk's worker
syncs it back to the same server. A resident mid-form keeps the version they started.
"""

# ruff: noqa: F811
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import TODAY, FakeClock, write_config
from journey_answers import delete_closed_windows  # noqa: F401
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from reference_server_fixture import API_KEY, reference_server  # noqa: F401

from kiosk.app import Kiosk, build_kiosk
from kiosk.cli import main
from kiosk.driver import ResidentDriver
from kiosk.screens.confirmation import ConfirmationScreen
from kiosk.settings import Settings, load_settings
from sync.outbox import ItemState

POTHOLE_ANSWERS = {
    "size": "large",
    "hazards": ["junction", "bus_stop"],
    "road-name": "High Street",
    "depth-cm": "12",
    "first-noticed": "2026-11-18",
    "details": "It is right by the bus stop.",
    "location": {"line1": "Outside 40 High Street", "line2": "", "town": "Anytown", "postcode": "an1 1aa"},
    "full-name": "Priya Shah",
    "email": "",
    "phone": "07700 900123",
}


@pytest.fixture
def imported_settings(tmp_path: Path, reference_server, monkeypatch) -> Settings:  # noqa: F811
    monkeypatch.setenv("KIOSK_CASE_API_KEY", API_KEY)
    extra = f'[case_api]\nbase_url = "{reference_server.base_url}"\n[sync]\ninterval_seconds = 0.05\n'
    config = write_config(tmp_path / "kiosk", extra=extra)
    assert main(["--config", str(config), "import-services"]) == 0
    return load_settings(config)


@pytest.fixture
def kiosk_with_imports(qtbot, imported_settings: Settings) -> Iterator[Kiosk]:
    built = build_kiosk(imported_settings, clock=FakeClock(), tick_ms=5, today=lambda: TODAY)
    qtbot.addWidget(built.window)
    built.window.resize(1080, 1920)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    built.close()
    built.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_an_imported_form_is_completed_through_the_screens_and_synced(qtbot, kiosk_with_imports, reference_server):
    resident = ResidentDriver(kiosk_with_imports.window)
    home = resident.screen
    assert {"pothole", "streetlight"} <= set(home.tiles), "imported services sit beside the shipped ones"
    assert "missed-bin" in home.tiles
    resident.open_form("pothole")
    resident.start()
    resident.complete_questions(POTHOLE_ANSWERS)
    assert resident.at_check_answers()
    resident.tap_send()
    screen = resident.screen
    assert isinstance(screen, ConfirmationScreen)
    reference = screen.reference.text()

    qtbot.waitUntil(lambda: "Their case number is SR-" in screen.send_status.text(), timeout=5000)
    [case] = [c for c in reference_server.cases() if c["kiosk_reference"] == reference]
    assert case["service_code"] == "POTHOLE"
    assert case["attributes"]["size"] == "large"
    assert case["attributes"]["hazards"] == ["junction", "bus_stop"]
    assert case["attributes"]["road_name"] == "High Street"
    assert case["attributes"]["depth_cm"] == "12"
    assert case["address_string"] == "Outside 40 High Street, Anytown, AN1 1AA"
    assert (case["first_name"], case["last_name"], case["phone"]) == ("Priya", "Shah", "07700900123")
    assert kiosk_with_imports.outbox.find(reference).state is ItemState.SENT


def test_a_resident_mid_form_keeps_the_version_they_started(qtbot, kiosk_with_imports, imported_settings):
    form_file = imported_settings.imported_forms_dir / "pothole.yaml"
    started_version = kiosk_with_imports.catalogue.get("pothole").version
    resident = ResidentDriver(kiosk_with_imports.window)
    resident.open_form("pothole")
    resident.start()
    resident.answer_and_continue("large")

    changed = yaml.safe_load(form_file.read_text(encoding="utf-8"))
    changed["title"] = {"en": "Report a pothole or a sunken road"}
    form_file.write_text(yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8")

    rest = {k: v for k, v in POTHOLE_ANSWERS.items() if k != "size"}
    resident.complete_questions(rest)
    resident.tap_send()
    reference = resident.screen.reference.text()
    assert kiosk_with_imports.outbox.find(reference).form_version == started_version

    resident.tap_finish()
    home = resident.screen
    assert "Report a pothole or a sunken road" in home.tiles["pothole"].accessibleName(), "the next resident sees it"
