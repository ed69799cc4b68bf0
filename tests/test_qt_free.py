"""``forms/``, ``sync/`` and the kiosk's command-line half never need Qt.

A child process blocks PySide6 and shiboken6 with a meta-path finder, imports every module of
``forms`` and ``sync`` and the Qt-free parts of ``kiosk``, then runs ``submit``, ``queue`` and
``check-forms`` through ``kiosk.cli.main``. Any import of Qt on the way fails the child.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import BUNDLED_FORMS, ROOT, write_config

pytestmark = pytest.mark.slow

CHILD = textwrap.dedent(
    """
    import importlib
    import json
    import pkgutil
    import sys

    BLOCKED = ("PySide6", "shiboken6")


    class BlockQt:
        attempts = []

        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                self.attempts.append(name)
                raise ImportError(f"Qt is blocked in this test: {name}")
            return None


    sys.meta_path.insert(0, BlockQt())
    try:
        import PySide6  # noqa: F401
    except ImportError:
        blocker_works = True
    else:
        blocker_works = False

    imported = []
    for package_name in ("forms", "sync"):
        package = importlib.import_module(package_name)
        imported.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    for name in ("kiosk", "kiosk.cli", "kiosk.settings", "kiosk.controller", "kiosk.submitting",
                 "kiosk.commands.submit", "kiosk.commands.queue", "kiosk.commands.check_forms"):
        importlib.import_module(name)
        imported.append(name)

    from kiosk.cli import main

    config, answers, forms = sys.argv[1:4]
    codes = {
        "submit": main(["--config", config, "submit", "missed-bin", "--answers", answers]),
        "queue": main(["--config", config, "queue", "--json"]),
        "check-forms": main(["--config", config, "check-forms", forms]),
    }
    qt_loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    print(json.dumps({"blocker_works": blocker_works, "imported": imported, "codes": codes,
                      "qt_loaded": qt_loaded, "qt_attempts": BlockQt.attempts}))
    """
)


def test_forms_sync_and_the_command_line_run_with_qt_blocked(tmp_path: Path, child_keyring: Path) -> None:
    config = write_config(tmp_path / "kiosk")
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "bin-type": "general",
                "bin-out": False,
                "address": {"line1": "2 Mill Road", "town": "Anytown", "postcode": "AB1 2CD"},
                "due-date": (date.today() - timedelta(days=3)).isoformat(),
                "full-name": "Sam Jones",
                "contact-method": "email",
                "email": "sam@example.com",
            }
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "COUNCIL_KIOSK_CONFIG"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(config), str(answers), str(BUNDLED_FORMS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    *printed, report_line = result.stdout.strip().splitlines()
    report = json.loads(report_line)

    assert report["blocker_works"] is True
    assert report["qt_loaded"] == []
    assert report["qt_attempts"] == ["PySide6"]  # only the check that the blocker works
    assert report["codes"] == {"submit": 0, "queue": 0, "check-forms": 0}

    imported = set(report["imported"])
    expected = {
        "forms.loader", "forms.journey", "forms.submission", "forms.payload", "forms.catalogue",
        "forms.questions.registry", "forms.questions.date_question", "forms.questions.yes_no",
        "sync.outbox", "sync.outbox.outbox", "sync.references",
        "kiosk.settings", "kiosk.controller", "kiosk.commands.submit", "kiosk.commands.queue",
        "kiosk.commands.check_forms",
    }  # fmt: skip
    assert expected <= imported
    on_disk = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in ("forms", "sync")
        for path in (ROOT / package).rglob("*.py")
        if (path.parent / "__init__.py").is_file()
    }
    assert on_disk <= imported, on_disk - imported

    # submit printed only its reference, then queue printed the item.
    reference = printed[0]
    assert reference.startswith("TST-")
    queue = json.loads("\n".join(printed[1:]))
    assert [item["reference"] for item in queue] == [reference]
