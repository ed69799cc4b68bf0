"""Kill -9 the real kiosk the instant it shows a reference: the submission must already be safe.

A child process (tests/kiosk_crash_child.py) runs the real kiosk offscreen and a resident sends
a missed-bin report through the screens. The child prints the reference as soon as the
confirmation screen is shown; this test SIGKILLs it on reading that line, then opens the outbox
file the kiosk was using. A reference the resident has seen must be stored, queued, whole and
readable, in a database that passes ``integrity_check``: nothing shown is ever lost.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType

import pytest
from helpers import ROOT, write_config
from keyring_backends import file_keyring, file_keyring_env

from forms.catalogue import load_catalogue
from forms.submission import journey_from_answers
from kiosk.assets import bundled_forms_dir
from sync.key_store import KeyStore
from sync.outbox import ItemState
from sync.secure_outbox import open_secure_outbox

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]

CHILD = Path(__file__).resolve().parent / "kiosk_crash_child.py"
CHILD_TIMEOUT_SECONDS = 90


def _load_child() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kiosk_crash_child", CHILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


child = _load_child()


def kill_at_confirmation(config: Path, stderr_path: Path) -> tuple[str, int]:
    """Run the child, SIGKILL it on its CONFIRMATION line; return the reference and exit status."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **file_keyring_env(config.parent / "keyring.json"))
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH")) if part
    )
    with stderr_path.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(CHILD), str(config)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        watchdog = threading.Timer(CHILD_TIMEOUT_SECONDS, process.kill)
        watchdog.start()
        reference = None
        lines = []
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("CONFIRMATION "):
                    os.kill(process.pid, signal.SIGKILL)
                    reference = line.split()[1]
                    break
                lines.append(line)
        finally:
            watchdog.cancel()
            process.kill()
            status = process.wait()
            process.stdout.close()
    assert reference is not None, (
        f"the child never showed a confirmation (exit {status}):\n{''.join(lines)}\n{stderr_path.read_text()[-3000:]}"
    )
    return reference, status


def expected_submission() -> tuple[dict, dict, str]:
    catalogue = load_catalogue([bundled_forms_dir()])
    form = catalogue.get(child.FORM_ID)
    journey = journey_from_answers(form, child.ANSWERS, today=lambda: child.TODAY)
    data = journey.submission()
    return data.answers, data.payload, data.form_version


def test_a_reference_shown_on_screen_survives_kill_9(tmp_path: Path) -> None:
    config = write_config(tmp_path / "kiosk")
    data_dir = tmp_path / "kiosk" / "data"

    reference, status = kill_at_confirmation(config, tmp_path / "child-stderr.txt")

    assert status == -signal.SIGKILL, f"the child was not killed but exited with {status}"
    connection = sqlite3.connect(data_dir / "outbox.sqlite3")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()
    answers, payload, form_version = expected_submission()
    with file_keyring(config.parent / "keyring.json"):
        outbox = open_secure_outbox(data_dir, reference_prefix="TST", key_store=KeyStore())
    with outbox:
        items = outbox.items()
        item = outbox.find(reference)
        personal = outbox.personal_data(reference)
    assert [i.reference for i in items] == [reference], "exactly the one item shown, nothing else"
    assert item is not None
    assert item.state is ItemState.QUEUED
    assert (item.form_id, item.form_version, item.language) == (child.FORM_ID, form_version, "en")
    assert item.attempts == 0 and item.remote_id is None
    assert personal == {"answers": answers, "payload": payload}
    assert personal["answers"]["email"] == child.ANSWERS["email"]
    assert personal["answers"]["more-info"] == child.ANSWERS["more-info"]
    assert payload["service_code"] == "MISSED_BIN" and payload["address_string"]
