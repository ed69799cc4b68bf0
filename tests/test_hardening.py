"""Failures a kiosk meets in the field: bugs in a tap's action, odd arguments, demo on a live kiosk."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BUNDLED_FORMS, TEST_KEY, TODAY, write_config
from PySide6.QtGui import QAccessible
from test_controller import SECRET_NAME, FakeView, answer_call_back

from forms.catalogue import load_catalogue
from kiosk.controller import KioskController
from kiosk.settings import ConfigError, load_settings
from sync.outbox import Outbox


class ViewFailingOnce(FakeView):
    """A view whose confirmation fails the first time, as a drawing bug would."""

    def __init__(self) -> None:
        super().__init__()
        self.confirmation_attempts = 0

    def show_confirmation(self, step, qr_text):
        self.confirmation_attempts += 1
        if self.confirmation_attempts == 1:
            raise ValueError(f"cannot draw {SECRET_NAME}")
        super().show_confirmation(step, qr_text)


def test_a_failure_after_the_commit_lets_the_resident_send_again_and_see_the_same_reference(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    view = ViewFailingOnce()
    with Outbox.open(tmp_path / "data", encryption_key=TEST_KEY, reference_prefix="TST") as outbox:
        controller = KioskController(view, load_catalogue([BUNDLED_FORMS]), outbox,
                                     follow_up_text=lambda ref: ref, today=lambda: TODAY)  # fmt: skip
        answer_call_back(controller)
        controller.send()
        assert view.failures == 1, "the resident is told, and Send works again"
        assert getattr(sys, "last_traceback", None) is None
        controller.send()
        kind, (confirmation, _) = view.last
        assert kind == "confirmation"
        assert [item.reference for item in outbox.items()] == [confirmation.reference]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "send failed: ValueError at" in logged
    assert SECRET_NAME not in logged


def test_a_demo_never_uses_the_live_kiosks_data_or_prefix(tmp_path: Path):
    config = write_config(tmp_path, data_dir=tmp_path / "live")
    live = load_settings(config)
    demo = load_settings(config, demo=True)
    assert live.data_dir == tmp_path / "live"
    assert demo.data_dir == tmp_path / "live" / "demo"
    assert demo.kiosk.reference_prefix == "DEMO"


@pytest.mark.parametrize(
    ("setting", "path"),
    [
        ("idle_seconds = inf", "session.idle_seconds"),
        ("idle_seconds = 5", "session.idle_seconds"),
        ("warning_seconds = 100000", "session.warning_seconds"),
    ],
)
def test_the_privacy_timeout_cannot_be_configured_away(tmp_path: Path, setting: str, path: str):
    config = write_config(tmp_path, extra=f"[session]\n{setting}\n")
    with pytest.raises(ConfigError, match=path):
        load_settings(config)


def test_a_follow_up_url_too_long_for_a_qr_code_is_refused(tmp_path: Path):
    config = tmp_path / "long.toml"
    config.write_text(f'[kiosk]\nfollow_up_url = "https://council.example/{"x" * 400}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="kiosk.follow_up_url"):
        load_settings(config)


def test_choices_keep_their_own_names_and_the_group_is_named_by_the_question(kiosk, resident):
    resident.open_form("housing-repair")
    resident.start()
    screen = resident.screen
    names = {
        value: QAccessible.queryAccessibleInterface(option).text(QAccessible.Text.Name)
        for value, option in screen.input.options.items()
    }
    assert names["gas"] == "I can smell gas"
    assert all(name == screen.input.options[v].text() for v, name in names.items())
    group = QAccessible.queryAccessibleInterface(screen.input).text(QAccessible.Text.Name)
    assert group == screen.step.heading


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--exit-after", "nan"], "--exit-after must be a number of seconds"),
        (["--exit-after", "-1"], "--exit-after must be a number of seconds"),
        (["--size", "0x0"], "--size must be WIDTHxHEIGHT"),
        (["--screenshot", "/proc/no-such-folder/shot.png"], "--screenshot: cannot create the folder"),
        (["--screenshot", "shot.jpg"], "--screenshot must name a .png file"),
    ],
)
def test_bad_run_arguments_are_usage_errors(tmp_path: Path, args: list[str], message: str):
    config = write_config(tmp_path)
    result = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), *args],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert message in result.stderr


def test_submit_names_the_problems_of_a_broken_custom_form(tmp_path: Path):
    forms = tmp_path / "forms"
    forms.mkdir()
    text = (BUNDLED_FORMS / "call-back.yaml").read_text(encoding="utf-8")
    (forms / "call-back-local.yaml").write_text(
        text.replace("id: call-back", "id: call-back-local").replace("type: phone", "type: fone"), encoding="utf-8"
    )
    config = write_config(tmp_path, extra=f'[forms]\npaths = ["{forms}"]\n')
    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "submit", "call-back-local",
                             "--answers", str(answers)], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert "unknown question type 'fone'" in result.stderr
    assert "form 'call-back-local' cannot be used (its definition has the problems above)" in result.stderr
