"""A screen-reader user completes a whole form on the real kiosk, out of process, over AT-SPI.

Under Xvfb (the xcb platform: ``offscreen`` exposes nothing to AT-SPI) and inside one
``dbus-run-session``, the real ``council-kiosk`` runs with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``
while ``tests/atspi/walk_journey.py`` (Debian's ``/usr/bin/python3`` with pyatspi) reads the
kiosk's accessible tree and sends a missed-bin report using real X key presses only, finding
every control by the name a screen reader would speak.

Promised here: on every screen visited (home, before you start, each question, check answers,
confirmation) no focusable, showing node lacks a name and Tab reaches every focusable control;
the screens come in the journey's order; the confirmation with its reference number is in the
tree; and the kiosk's outbox holds exactly that one submission with the answers that were typed.

The missed-bin form is used because it has the most kinds of input (radio choices, yes/no, an
address and a date in labelled parts, a long text, a short text, an email address) in eight
questions. The walker's full report is kept as ``report.json`` in the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import write_config
from keyring_backends import file_keyring

from forms.catalogue import load_catalogue
from forms.definition import FormDefinition
from forms.journey import Journey
from forms.questions.registry import question_type
from forms.steps import BeforeYouStartStep, CheckAnswersStep, QuestionStep
from forms.wording import wording
from kiosk.assets import bundled_forms_dir
from kiosk.ui_text import ui
from sync.key_store import KeyStore
from sync.outbox import ItemState
from sync.secure_outbox import open_secure_outbox

pytestmark = pytest.mark.slow

SYSTEM_PYTHON = "/usr/bin/python3"
ATSPI_DIR = Path(__file__).resolve().parent / "atspi"
SESSION_SCRIPT = ATSPI_DIR / "session.sh"
APPLICATION_NAME = "council-kiosk"  # QApplication.applicationName set by ``council-kiosk`` (kiosk/commands/run.py)
SCREEN_SIZE = "1080x1920"
SESSION_TIMEOUT_SECONDS = 240
SCREEN_TIMEOUT_SECONDS = 30
FORM_ID = "missed-bin"
ONE_LINE_KINDS = {"text", "number", "email", "phone", "postcode", "date", "address"}


def answers_for(today: date) -> dict[str, Any]:
    """What the resident answers, in the ``submit`` JSON format (the route goes by email)."""
    return {
        "bin-type": "garden",
        "bin-out": True,
        "address": {"line1": "12 Keyboard Lane", "line2": "", "town": "Testbury", "postcode": "TB1 9ZZ"},
        "due-date": (today - timedelta(days=3)).isoformat(),
        "more-info": "Left by the gate, lid closed. The crew went past at 8am.",
        "full-name": "Alex O'Neill-Jones",
        "contact-method": "email",
        "email": "alex.oneill@example.org",
    }


def missing_tools() -> str | None:
    """Why this machine cannot run the test, or None. CI installs all of these."""
    for tool in ("Xvfb", "dbus-run-session", "xdotool"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install xvfb dbus xdotool)"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"{SYSTEM_PYTHON} is missing"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return f"Debian's pyatspi is not importable by {SYSTEM_PYTHON} (apt-get install python3-pyatspi at-spi2-core)"
    return None


def question_plan(step: QuestionStep, raw: Any) -> dict[str, Any]:
    """How the walker answers one question: the choice to tick, or the named fields to type into."""
    if step.choices:
        chosen = raw if isinstance(raw, list) else [raw]
        labels = [choice.label for choice in step.choices if choice.value in chosen]
        assert len(labels) == 1, f"{step.question_id}: the walker ticks exactly one choice, not {labels}"
        return {"heading": step.heading, "action": "choose", "choice": labels[0]}
    if step.part_labels:
        fields = [[label, str(raw[part])] for part, label in step.part_labels.items() if raw.get(part)]
    else:
        fields = [[step.heading, str(raw)]] if raw else []
    submit = "return" if step.input_kind in ONE_LINE_KINDS else "continue"
    return {"heading": step.heading, "action": "type", "fields": fields, "submit": submit}


def build_plan(form: FormDefinition, answers: dict[str, Any], today: date) -> tuple[dict[str, Any], list[str], Journey]:
    """The walker's plan, the screen headings expected in order, and the journey at check answers."""
    journey = Journey(form, today=lambda: today)
    before = journey.step()
    assert isinstance(before, BeforeYouStartStep)
    journey.start()
    questions = []
    while isinstance(step := journey.step(), QuestionStep):
        page = form.page(step.question_id)
        qtype = question_type(page.type)
        raw = qtype.from_json(page, answers[page.id]) if page.id in answers else qtype.empty_raw()
        questions.append(question_plan(step, raw))
        assert journey.answer(raw), f"{page.id} rejects the planned answer: {journey.step().errors}"
        continue_label = step.continue_label
    check = journey.step()
    assert isinstance(check, CheckAnswersStep), f"the answers end at {journey.position}, not check answers"
    confirmation = journey.confirmation("TST-0000")
    plan = {
        "application": APPLICATION_NAME,
        "screen_timeout_seconds": SCREEN_TIMEOUT_SECONDS,
        "home_heading": ui("home.heading"),
        "form_title": before.form_title,
        "start_label": before.start_label,
        "continue_label": continue_label,
        "check_answers_heading": check.heading,
        "check_answers_rows": [f"{row.question}: {row.answer}" for row in check.rows],
        "send_label": check.send_label,
        "confirmation_heading": confirmation.heading,
        "reference_label": confirmation.reference_label,
        "error_summary_heading": wording("error_summary.heading"),
        "questions": questions,
    }
    expected_screens = [
        plan["home_heading"],
        before.form_title,
        *(q["heading"] for q in questions),
        check.heading,
        confirmation.heading,
    ]
    return plan, expected_screens, journey


def kiosk_command(config: Path) -> list[str]:
    """The installed ``council-kiosk`` next to this interpreter, else ``python -m kiosk``."""
    script = Path(sys.executable).with_name("council-kiosk")
    start = [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]
    return [*start, "--config", str(config), "--windowed", "--size", SCREEN_SIZE]


def stop_group(process: subprocess.Popen) -> None:
    """Kill the whole process group ``process`` leads (it was started in a new session)."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@contextmanager
def xvfb_display(log: Path) -> Iterator[str]:
    """A fresh Xvfb on a display number it picks itself (``-displayfd``); yields ``:N``."""
    read_end, write_end = os.pipe()
    with log.open("w") as output:
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SCREEN_SIZE}x24", "-nolisten", "tcp"],
            pass_fds=(write_end,),
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as numbers:
            number = numbers.readline().strip()
        assert number.isdigit(), f"Xvfb did not start: {log.read_text()[-2000:]}"
        yield f":{number}"
    finally:
        stop_group(server)


def walk_kiosk(config: Path, plan_path: Path, work: Path) -> dict[str, Any]:
    """Run kiosk and walker in one D-Bus session on a fresh Xvfb; return the walker's report."""
    kiosk_log, report_path = work / "kiosk.log", work / "report.json"
    with xvfb_display(work / "xvfb.log") as display:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
        for name in ("WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS", "QT_IM_MODULE"):
            env.pop(name, None)
        session = subprocess.Popen(
            ["dbus-run-session", "--", "bash", str(SESSION_SCRIPT), str(plan_path), str(report_path), str(kiosk_log),
             "--", *kiosk_command(config)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )  # fmt: skip
        try:
            stdout, stderr = session.communicate(timeout=SESSION_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            stop_group(session)
            pytest.fail(f"the walk did not finish in {SESSION_TIMEOUT_SECONDS} s; kiosk log:\n"
                        f"{kiosk_log.read_text()[-3000:]}")  # fmt: skip
        finally:
            stop_group(session)
    try:
        return json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        pytest.fail(f"the walker printed no report (exit {session.returncode}):\n{stdout[-3000:]}\n"
                    f"{stderr[-3000:]}\nkiosk log:\n{kiosk_log.read_text()[-3000:]}")  # fmt: skip


MISSING_TOOLS = missing_tools()


@pytest.mark.skipif(MISSING_TOOLS is not None, reason=f"the AT-SPI screen-reader test cannot run here: {MISSING_TOOLS}")
def test_a_screen_reader_user_sends_a_report_by_keyboard(tmp_path: Path, child_keyring: Path) -> None:
    today = date.today()
    config = write_config(tmp_path / "kiosk", extra="[session]\nidle_seconds = 1800\n")
    data_dir = tmp_path / "kiosk" / "data"
    form = load_catalogue([bundled_forms_dir()]).get(FORM_ID)
    answers = answers_for(today)
    plan, expected_screens, journey = build_plan(form, answers, today)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan, indent=2), encoding="utf-8")

    report = walk_kiosk(config, plan_path, tmp_path)

    see = f"(full report: {tmp_path / 'report.json'})"
    visited = [screen["heading"] for screen in report["screens"]]
    nameless = {s["heading"]: s["nameless"] for s in report["screens"] if s["nameless"]}
    unreachable = {s["heading"]: s["not_reachable_by_tab"] for s in report["screens"] if s["not_reachable_by_tab"]}
    open_cycles = [s["heading"] for s in report["screens"] if not s["tab_cycle_closed"]]
    assert report["error"] is None, f"the walk stopped: {report['error']}\nscreens so far: {visited} {see}"
    assert nameless == {}, f"focusable nodes with no name a screen reader could speak: {nameless} {see}"
    assert unreachable == {}, f"focusable nodes Tab never reaches: {unreachable} {see}"
    assert open_cycles == [], f"Tab did not come round again on: {open_cycles} {see}"
    assert visited == expected_screens
    assert report["confirmation_reached"] is True
    reference = report["reference"]
    assert reference and reference.startswith("TST-"), f"no reference in the tree: {reference!r}"

    submission = journey.submission()
    with file_keyring(child_keyring):
        outbox = open_secure_outbox(data_dir, reference_prefix="TST", key_store=KeyStore())
    with outbox:
        items = outbox.items()
        item = outbox.find(reference)
        personal = outbox.personal_data(reference)
    assert [i.reference for i in items] == [reference], "exactly the one submission shown, nothing else"
    assert item is not None and item.state is ItemState.QUEUED
    assert (item.form_id, item.form_version, item.language) == (FORM_ID, submission.form_version, "en")
    assert personal == {"answers": submission.answers, "payload": submission.payload}
    assert personal["answers"]["full-name"] == answers["full-name"]
    assert personal["answers"]["more-info"] == answers["more-info"]
    assert personal["answers"]["email"] == answers["email"]
