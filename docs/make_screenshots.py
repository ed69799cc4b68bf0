"""Save the documentation screenshots by driving the real kiosk offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py

Writes docs/screenshots/{home,question-error,check-answers,confirmation,check-report}-{portrait,landscape}.png,
then the same kiosk at 200% text in high contrast (settings, question-error, check-answers: ``large-*``),
and in Arabic, right to left (home, question, check-answers, confirmation: ``arabic-*``), using a throwaway
data folder and the demo's own case API (the reference server on loopback), so
no real outbox or council system is touched. The confirmation is taken once the report is sent.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from PySide6.QtWidgets import QApplication  # noqa: E402
from sessions import ANSWERS, TODAY  # noqa: E402  (the sample resident the benchmarks use)

from kiosk.app import build_kiosk  # noqa: E402
from kiosk.demo_case_api import start_demo_case_api  # noqa: E402
from kiosk.driver import ResidentDriver  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402

OUT = Path(__file__).parent / "screenshots"
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
CONFIG = """schema_version = 1
[kiosk]
data_dir = "{data_dir}"
follow_up_url = "https://anytown.example/track?ref={{reference}}"
[sync]
interval_seconds = 0.2
"""


def shoot(app: QApplication, orientation: str) -> None:
    width, height = SIZES[orientation]
    with tempfile.TemporaryDirectory() as data_dir:
        config = Path(data_dir) / "config.toml"
        config.write_text(CONFIG.format(data_dir=data_dir), encoding="utf-8")
        server, settings = start_demo_case_api(load_settings(config, demo=True))
        kiosk = build_kiosk(settings, today=lambda: TODAY)
        kiosk.window.resize(width, height)
        kiosk.window.show()
        kiosk.controller.show_home()
        resident = ResidentDriver(kiosk.window)

        def save(name: str) -> None:
            app.processEvents()
            kiosk.window.grab().save(str(OUT / f"{name}-{orientation}.png"))

        save("home")
        resident.open_form("missed-bin")
        resident.start()
        resident.tap_continue()
        save("question-error")
        resident.complete_questions(ANSWERS["missed-bin"])
        save("check-answers")
        resident.tap_send()
        reference = resident.screen.reference.text()
        wait_for(app, lambda: "case number" in resident.screen.send_status.text())
        save("confirmation")
        resident.tap_finish()
        resident.open_form("check-report")
        resident.type_into(resident.screen.field, reference)
        resident.tap(resident.screen.lookup_button)
        wait_for(app, lambda: "The council is dealing with this." in resident.screen.status_texts())
        save("check-report")
        resident.tap(resident.find("check-finish-button"))

        resident.open_form("missed-bin")
        resident.tap(resident.find("accessibility-button"))
        for option in ("text-size-2.0", "theme-high-contrast"):
            resident.tap(resident.screen.options[option])
        save("large-settings")
        resident.tap(resident.find("return-button"))
        resident.start()
        resident.tap_continue()
        save("large-question-error")
        resident.complete_questions(ANSWERS["missed-bin"])
        save("large-check-answers")
        kiosk.controller.end_session("screenshots")

        resident.tap(resident.find("home-language-ar"))
        save("arabic-home")
        resident.open_form("missed-bin")
        resident.start()
        resident.enter(ANSWERS["missed-bin"]["bin-type"])
        save("arabic-question")
        resident.tap_continue()
        resident.complete_questions(ANSWERS["missed-bin"])
        save("arabic-check-answers")
        resident.tap_send()
        wait_for(app, lambda: resident.screen.send_status.text() != "")
        save("arabic-confirmation")
        kiosk.close()
        if server is not None:
            server.stop()


def wait_for(app: QApplication, condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the demo case API did not answer in time")
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    for orientation in SIZES:
        shoot(app, orientation)
    print(f"saved screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
