"""Child of test_x11_selection: on a real X server, put text on the clipboard and the primary
selection, read both back through another X client (xclip), clear them as a session end does,
and read again. Prints one JSON line."""

import json
import subprocess
import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.privacy import clear_clipboards

app = QApplication(sys.argv)
clipboard = QGuiApplication.clipboard()


def read_from_another_client() -> list[str]:
    """xclip asks this process for the text, so the event loop must keep running meanwhile."""
    found: list[str] = []

    def work() -> None:
        for selection in ("primary", "clipboard"):
            result = subprocess.run(
                ["xclip", "-o", "-selection", selection], capture_output=True, text=True, timeout=10
            )
            found.append(result.stdout)

    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        app.processEvents()
        worker.join(0.01)
    return found


def run() -> None:
    clipboard.setText("Secret Surname", QClipboard.Mode.Selection)
    clipboard.setText("07700 900982", QClipboard.Mode.Clipboard)
    before = read_from_another_client()
    clear_clipboards()
    app.processEvents()
    after = read_from_another_client()
    print(json.dumps({"platform": app.platformName(), "supports_selection": clipboard.supportsSelection(),
                      "before": before, "after": after}), flush=True)  # fmt: skip
    app.quit()


QTimer.singleShot(100, run)
app.exec()
