"""The kiosk starts whatever the catalogue and the disk throw at it, and says what it can't do."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import BUNDLED_FORMS, write_config
from PySide6.QtWidgets import QLabel

from kiosk.app import build_kiosk
from kiosk.screens.home import HomeScreen
from kiosk.screens.out_of_service import OutOfServiceScreen
from kiosk.settings import load_settings


def visible_text(window) -> str:
    return "\n".join(label.text() for label in window.findChildren(QLabel) if label.isVisible())


def test_a_broken_definition_is_skipped_and_the_good_forms_are_offered(qtbot, tmp_path: Path):
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(BUNDLED_FORMS / "noise.yaml", forms / "noise.yaml")
    (forms / "broken.yaml").write_text("id: broken\ntitle: {en: Broken}\npages: [\n", encoding="utf-8")
    (forms / "typo.yaml").write_text(
        (BUNDLED_FORMS / "call-back.yaml").read_text(encoding="utf-8").replace("type: phone", "type: fone"),
        encoding="utf-8",
    )
    config = write_config(tmp_path / "kiosk", extra=f'[forms]\ninclude_bundled = false\npaths = ["{forms}"]\n')
    kiosk = build_kiosk(load_settings(config))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    try:
        assert isinstance(kiosk.window.screen, HomeScreen)
        assert list(kiosk.window.screen.tiles) == ["noise", "check-report"]
        assert "Report a noise problem" in visible_text(kiosk.window)
        assert [p.path for p in kiosk.catalogue.problems] == [str(forms / "broken.yaml"), str(forms / "typo.yaml")]
    finally:
        kiosk.close()


def test_an_outbox_that_cannot_be_opened_puts_the_kiosk_out_of_service(qtbot, tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("this is a file where the data folder should be", encoding="utf-8")
    config = write_config(tmp_path / "kiosk", data_dir=blocker / "data")
    kiosk = build_kiosk(load_settings(config))
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    try:
        assert kiosk.controller is None
        assert isinstance(kiosk.window.screen, OutOfServiceScreen)
        text = visible_text(kiosk.window)
        assert "This kiosk is not working at the moment" in text
        assert "For staff:" in text
        assert not kiosk.window.findChildren(HomeScreen)
        assert not kiosk.window.helper_button.isVisible()
    finally:
        kiosk.close()


def test_the_outbox_opens_just_after_the_first_paint(qtbot, tmp_path: Path):
    config = write_config(tmp_path / "kiosk")
    kiosk = build_kiosk(load_settings(config), open_outbox_now=False)
    qtbot.addWidget(kiosk.window)
    assert kiosk.outbox is None
    assert isinstance(kiosk.window.screen, HomeScreen)
    kiosk.open_outbox_after_first_paint(delay_ms=1)
    kiosk.window.show()
    try:
        qtbot.waitUntil(lambda: kiosk.outbox is not None, timeout=3000)
        assert kiosk.outbox.path == tmp_path / "kiosk" / "data" / "outbox.sqlite3"
        assert kiosk.controller is not None
    finally:
        kiosk.close()


def test_a_late_outbox_failure_still_puts_the_kiosk_out_of_service(qtbot, tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    kiosk = build_kiosk(load_settings(write_config(tmp_path / "kiosk", data_dir=blocker)), open_outbox_now=False)
    qtbot.addWidget(kiosk.window)
    kiosk.open_outbox_after_first_paint(delay_ms=1)
    kiosk.window.show()
    try:
        qtbot.waitUntil(lambda: isinstance(kiosk.window.screen, OutOfServiceScreen), timeout=3000)
        assert kiosk.controller is None
    finally:
        kiosk.close()
