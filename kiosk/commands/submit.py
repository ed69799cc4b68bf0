"""``council-kiosk submit FORM_ID --answers FILE.json``: queue answers exactly as the screens do."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from forms.catalogue import load_catalogue
from forms.submission import InvalidAnswers, journey_from_answers
from kiosk.commands.open_outbox import open_outbox
from kiosk.settings import Settings
from kiosk.submitting import queue_journey
from sync.key_store import KeyStoreError
from sync.outbox import OutboxError


def run_submit(settings: Settings, form_id: str, answers_file: Path, language: str) -> int:
    """Print only the reference on stdout; say what is wrong on stderr otherwise."""
    catalogue = load_catalogue(settings.form_paths())
    form = catalogue.get(form_id)
    if form is None:
        broken = [p for p in catalogue.problems if p.where.split("/")[0] == form_id or Path(p.path).stem == form_id]
        for problem in broken:
            print(f"council-kiosk: {problem}", file=sys.stderr)
        known = ", ".join(f.id for f in catalogue.forms) or "none"
        if broken:
            print(f"council-kiosk: form '{form_id}' cannot be used (its definition has the problems above)",
                  file=sys.stderr)  # fmt: skip
        else:
            print(f"council-kiosk: unknown form '{form_id}' (forms available: {known})", file=sys.stderr)
        return 1
    try:
        answers = json.loads(answers_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"council-kiosk: {answers_file}: no such answers file", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"council-kiosk: {answers_file}: cannot read: {exc}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as exc:
        print(f"council-kiosk: {answers_file}:{exc.lineno}: not valid JSON: {exc.msg}", file=sys.stderr)
        return 1
    try:
        journey = journey_from_answers(form, answers, language=language)
    except InvalidAnswers as exc:
        for problem in exc.problems:
            print(f"council-kiosk: {answers_file}: {problem}", file=sys.stderr)
        return 1
    try:
        with open_outbox(settings) as outbox:
            result = queue_journey(journey, outbox)
    except KeyStoreError as exc:
        print(f"council-kiosk: cannot store the submission safely: {exc}", file=sys.stderr)
        return 2
    except OutboxError as exc:
        print(f"council-kiosk: cannot store the submission: {exc}", file=sys.stderr)
        return 3
    print(result.reference)
    return 0
