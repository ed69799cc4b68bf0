"""The kiosk's flow without Qt: the controller drives a fake view, as the window would be driven."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from helpers import BUNDLED_FORMS, ROOT, TEST_KEY, TODAY

from forms.catalogue import load_catalogue
from forms.steps import CheckAnswersStep, ExitStep, QuestionStep
from kiosk.controller import KioskController
from kiosk.settings import load_settings
from sync.outbox import Outbox

SECRET_NAME = "Zebedee Quorn-Whistle"


class FakeView:
    """Records what the controller asked to be shown."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, object]] = []
        self.wipes = 0
        self.failures = 0

    def show_home(self, tiles):
        self.shown.append(("home", tiles))

    def show_step(self, step):
        self.shown.append((step.kind, step))

    def show_confirmation(self, step, qr_text):
        self.shown.append(("confirmation", (step, qr_text)))

    def show_info(self, kind):
        self.shown.append(("info", kind))

    def show_send_failure(self):
        self.failures += 1

    def wipe_session(self):
        self.wipes += 1

    @property
    def last(self):
        return self.shown[-1]


@pytest.fixture
def outbox(tmp_path: Path):
    with Outbox.open(tmp_path / "data", encryption_key=TEST_KEY, reference_prefix="TST") as box:
        yield box


@pytest.fixture
def controller(outbox):
    view = FakeView()
    sessions: list[bool] = []
    catalogue = load_catalogue([BUNDLED_FORMS])
    controller = KioskController(
        view,
        catalogue,
        outbox,
        follow_up_text=lambda ref: f"https://council.example/track?ref={ref}",
        today=lambda: TODAY,
        on_session_changed=sessions.append,
    )
    controller.view, controller.sessions = view, sessions
    controller.show_home()
    return controller


def answer_call_back(controller: KioskController) -> None:
    controller.select_form("call-back")
    controller.start_form()
    answers = {
        "topic": "council-tax",
        "details": "I was charged twice this month.",
        "full-name": SECRET_NAME,
        "phone": "01632 960 001",
        "best-time": "any-time",
        "interpreter": "no",
    }
    while isinstance(step := controller.journey.step(), QuestionStep):
        controller.submit_answer(answers[step.question_id])


def test_home_lists_the_shipped_forms_as_tiles(controller):
    kind, tiles = controller.view.last
    assert kind == "home"
    assert {t.form_id for t in tiles} >= {"missed-bin", "housing-repair", "call-back"}
    assert all(t.title and t.summary for t in tiles)


def test_a_journey_is_queued_then_the_session_is_forgotten(controller, outbox):
    answer_call_back(controller)
    assert isinstance(controller.view.last[1], CheckAnswersStep)
    assert controller.sessions == [True]
    controller.send()
    controller.send()  # a second tap on Send
    kind, (confirmation, qr_text) = controller.view.last
    assert kind == "confirmation"
    assert qr_text.endswith(confirmation.reference)
    assert [item.reference for item in outbox.items()] == [confirmation.reference]
    controller.finish()
    assert controller.journey is None
    assert controller.view.wipes == 1
    assert controller.view.last[0] == "home"
    assert controller.sessions == [True, False]


def test_helper_screen_keeps_the_journey_and_returns_to_it(controller):
    controller.select_form("missed-bin")
    controller.start_form()
    controller.submit_answer("recycling")
    controller.show_info("helper")
    assert controller.view.last == ("info", "helper")
    controller.close_info()
    step = controller.view.last[1]
    assert isinstance(step, QuestionStep) and step.question_id == "bin-out"


def test_back_from_the_start_page_ends_the_session(controller):
    controller.select_form("noise")
    controller.go_back()
    assert controller.journey is None
    assert controller.view.last[0] == "home"


def test_an_exit_page_queues_nothing(controller, outbox):
    controller.select_form("housing-repair")
    controller.start_form()
    controller.submit_answer("gas")
    step = controller.view.last[1]
    assert isinstance(step, ExitStep)
    assert "0800 111 999" in step.heading + step.body
    controller.finish()
    assert outbox.items() == []


def test_logs_never_contain_answers(controller, caplog):
    caplog.set_level(logging.DEBUG)
    answer_call_back(controller)
    controller.send()
    controller.finish()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "call-back" in logged
    assert SECRET_NAME not in logged
    assert "charged twice" not in logged
    assert "01632" not in logged


def test_the_example_config_is_valid():
    settings = load_settings(ROOT / "assets" / "config.example.toml")
    assert settings.kiosk.reference_prefix == "CL1"
    assert settings.follow_up_text("CL1-ABC-DEFG") == "https://council.example/track?ref=CL1-ABC-DEFG"
    assert settings.session.warning_seconds >= 20
