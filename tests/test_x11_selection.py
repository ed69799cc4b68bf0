"""On a real X server (Xvfb), ending a session empties the clipboard and the primary selection
as other programs see them, not just inside Qt."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("x11_selection_child.py")


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("xvfb-run") and shutil.which("xclip")), reason="needs xvfb-run and xclip")
def test_clearing_empties_clipboard_and_primary_selection_for_other_programs():
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(["xvfb-run", "-a", sys.executable, str(CHILD)], capture_output=True, text=True,
                            timeout=120, env=env)  # fmt: skip
    report = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("{")))
    assert report["platform"] == "xcb"
    assert report["supports_selection"] is True
    assert report["before"] == ["Secret Surname", "07700 900982"]
    assert report["after"] == ["", ""]
