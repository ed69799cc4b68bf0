"""The ``council-kiosk`` command line, run as a real process: ``python -m kiosk ...``.

Exit codes: 0 ok, 1 invalid data, 2 usage or configuration, 3 storage.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, write_config

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("child_keyring")]

REFERENCE = re.compile(r"^TST-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{4}$")
QUEUE_KEYS = {
    "reference", "form_id", "form_version", "state", "created_at",
    "attempts", "next_attempt_at", "last_error", "remote_id", "token",
    "sent_at", "personal_data", "purged_at", "purge_reason",
}  # fmt: skip

# Answers for the shipped missed-bin form; the date is a week ago so "today or in the past" holds.
MISSED_BIN: dict[str, Any] = {
    "bin-type": "recycling",
    "bin-out": True,
    "address": {"line1": "14 Quarrington Lane", "line2": "", "town": "Anytown", "postcode": "zx9 9qq"},
    "due-date": (date.today() - timedelta(days=7)).isoformat(),
    "more-info": "Left by the blue gate",
    "full-name": "Ottoline Vandersteen",
    "contact-method": "phone",
    "phone": "07700 900982",
}
PERSONAL_WORDS = ["Quarrington", "ZX9", "Anytown", "blue gate", "Ottoline", "Vandersteen", "07700", "900982"]


def run_kiosk(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "COUNCIL_KIOSK_CONFIG"}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *map(str, args)],
        cwd=ROOT,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def answers_file(folder: Path, answers: Any, name: str = "answers.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(answers) if not isinstance(answers, str) else answers, encoding="utf-8")
    return path


def queued(config: Path) -> list[dict[str, Any]]:
    result = run_kiosk("--config", config, "queue", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "kiosk")


def submit(config: Path, tmp_path: Path, answers: Any, form_id: str = "missed-bin") -> subprocess.CompletedProcess[str]:
    return run_kiosk("--config", config, "submit", form_id, "--answers", answers_file(tmp_path, answers))


def test_submit_prints_only_the_reference_and_queue_lists_it_without_answers(config: Path, tmp_path: Path) -> None:
    result = submit(config, tmp_path, MISSED_BIN)
    assert result.returncode == 0, result.stderr
    reference = result.stdout.strip()
    assert REFERENCE.match(reference), result.stdout
    assert result.stdout == reference + "\n"
    for word in PERSONAL_WORDS:
        assert word not in result.stderr

    listing = run_kiosk("--config", config, "queue", "--json")
    assert listing.returncode == 0, listing.stderr
    items = json.loads(listing.stdout)
    assert len(items) == 1
    item = items[0]
    assert set(item) == QUEUE_KEYS
    assert item["reference"] == reference
    assert item["form_id"] == "missed-bin"
    assert re.fullmatch(r"[0-9a-f]{12}", item["form_version"])
    assert item["state"] == "queued"
    assert item["attempts"] == 0
    assert item["next_attempt_at"] is None and item["last_error"] is None
    assert item["remote_id"] is None and item["token"] is None
    assert date.fromisoformat(item["created_at"][:10]) >= date.today() - timedelta(days=1)
    for word in PERSONAL_WORDS:
        assert word.lower() not in listing.stdout.lower()

    text = run_kiosk("--config", config, "queue")
    assert text.returncode == 0
    assert reference in text.stdout and "missed-bin" in text.stdout
    for word in PERSONAL_WORDS:
        assert word.lower() not in text.stdout.lower()


def test_config_may_follow_the_command_and_each_submit_gets_its_own_reference(config: Path, tmp_path: Path) -> None:
    first = submit(config, tmp_path, MISSED_BIN)
    second = run_kiosk("submit", "--config", config, "missed-bin", "--answers", answers_file(tmp_path, MISSED_BIN))
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert first.stdout != second.stdout
    assert [item["reference"] for item in queued(config)] == [first.stdout.strip(), second.stdout.strip()]


def test_queue_of_a_new_kiosk_is_empty(config: Path) -> None:
    assert queued(config) == []
    result = run_kiosk("--config", config, "queue")
    assert result.returncode == 0
    assert "The outbox is empty." in result.stdout


# -- answers that cannot be queued (exit 1) ------------------------------------------------------


def assert_invalid(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    for text in expected:
        assert text in result.stderr


def test_unknown_key_is_named(config: Path, tmp_path: Path) -> None:
    result = submit(config, tmp_path, {**MISSED_BIN, "bin_colour": "blue"})
    assert_invalid(result, "bin_colour: there is no question 'bin_colour' in form 'missed-bin'")
    assert queued(config) == []


def test_a_misspelt_key_is_named_even_when_it_leaves_a_question_unanswered(config: Path, tmp_path: Path) -> None:
    answers = {("bin_type" if key == "bin-type" else key): value for key, value in MISSED_BIN.items()}
    result = submit(config, tmp_path, answers)
    assert_invalid(result, "bin_type: there is no question 'bin_type' in form 'missed-bin'")


def test_an_answer_on_a_skipped_page_is_refused(config: Path, tmp_path: Path) -> None:
    result = submit(config, tmp_path, {**MISSED_BIN, "email": "someone@example.com"})
    assert_invalid(result, "email: these answers skip this question, so it must not be answered")
    assert queued(config) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "12345"}, "phone: Enter a UK phone number, like 01632 960 001 or 07700 900 982"),
        (
            {"address": {"line1": "1 High St", "town": "Anytown", "postcode": "HELLO"}},
            "address: Enter a real postcode, like SW1A 2AA",
        ),
        ({"due-date": "2026-02-30"}, "due-date: The date your bin was due must be a real date"),
        ({"due-date": "2999-01-01"}, "due-date: Date must be today or in the past"),
        ({"full-name": "   "}, "full-name: Enter your full name"),
    ],
    ids=["phone", "postcode", "impossible-date", "future-date", "blank-name"],
)
def test_a_wrong_answer_gets_the_message_a_resident_would_see(
    config: Path, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    assert_invalid(submit(config, tmp_path, {**MISSED_BIN, **change}), message)


def test_a_missing_answer_is_named(config: Path, tmp_path: Path) -> None:
    answers = {key: value for key, value in MISSED_BIN.items() if key != "bin-out"}
    assert_invalid(submit(config, tmp_path, answers), "bin-out: Select yes if your bin was at the kerbside by 7am")


def test_a_misshapen_answer_is_named(config: Path, tmp_path: Path) -> None:
    assert_invalid(submit(config, tmp_path, {**MISSED_BIN, "bin-out": "yes"}), "bin-out: must be true or false")


def test_answers_that_end_at_an_exit_page_are_refused(config: Path, tmp_path: Path) -> None:
    result = submit(config, tmp_path, {"emergency": "gas"}, form_id="housing-repair")
    assert_invalid(result, "these answers end the form at exit page 'gas-emergency'", "nothing can be queued")
    assert queued(config) == []


def test_unknown_form(config: Path, tmp_path: Path) -> None:
    result = submit(config, tmp_path, MISSED_BIN, form_id="missed-bins")
    assert_invalid(result, "unknown form 'missed-bins'", "missed-bin")


@pytest.mark.parametrize("text", ['{"bin-type": "general",}', "not json", ""])
def test_invalid_json(config: Path, tmp_path: Path, text: str) -> None:
    assert_invalid(submit(config, tmp_path, text), "not valid JSON")


def test_answers_that_are_not_an_object(config: Path, tmp_path: Path) -> None:
    assert_invalid(submit(config, tmp_path, ["bin-type", "general"]), "answers must be a JSON object")


# -- usage and configuration (exit 2) ------------------------------------------------------------


def test_missing_answers_file(config: Path, tmp_path: Path) -> None:
    result = run_kiosk("--config", config, "submit", "missed-bin", "--answers", tmp_path / "nowhere.json")
    assert result.returncode == 2
    assert f"{tmp_path / 'nowhere.json'}: no such answers file" in result.stderr


def test_submit_without_answers_is_a_usage_error(config: Path) -> None:
    result = run_kiosk("--config", config, "submit", "missed-bin")
    assert result.returncode == 2
    assert "--answers" in result.stderr


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ("typo = 1\n", "kiosk.typo: unknown setting"),
        ("[session]\nwarning_seconds = 5\n", "session.warning_seconds"),
        ('[case_api]\nbase_url = "http://cases.council.example/open311"\n', "case_api.base_url: must be an https://"),
        ("[cases]\nurl = 1\n", "cases: unknown setting"),
    ],
    ids=["unknown-key", "warning-seconds", "http-base-url", "unknown-section"],
)
def test_a_bad_config_exits_2_naming_the_setting(tmp_path: Path, extra: str, named: str) -> None:
    config = write_config(tmp_path / "kiosk", extra=extra)
    result = run_kiosk("--config", config, "queue", "--json")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert str(config) in result.stderr
    assert named in result.stderr


def test_an_unknown_schema_version(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'schema_version = 2\n[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    result = run_kiosk("--config", config, "queue")
    assert result.returncode == 2
    assert "schema_version: Input should be 1 (got 2)" in result.stderr


def test_config_problems_are_all_listed(tmp_path: Path) -> None:
    config = write_config(tmp_path / "kiosk", extra="typo = 1\n[session]\nwarning_seconds = 5\n")
    result = run_kiosk("--config", config, "submit", "missed-bin", "--answers", answers_file(tmp_path, MISSED_BIN))
    assert result.returncode == 2
    assert "kiosk.typo" in result.stderr and "session.warning_seconds" in result.stderr
    assert not (tmp_path / "kiosk" / "data").exists()


@pytest.mark.parametrize(
    "url", ["https://cases.council.example/open311", "http://127.0.0.1:8080/", "http://localhost/"]
)
def test_https_and_loopback_case_api_addresses_are_accepted(tmp_path: Path, url: str) -> None:
    config = write_config(tmp_path / "kiosk", extra=f'[case_api]\nbase_url = "{url}"\n')
    result = run_kiosk("--config", config, "queue", "--json")
    assert result.returncode == 0, result.stderr


def test_a_config_that_is_not_toml(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[kiosk\nname = 'x'\n", encoding="utf-8")
    result = run_kiosk("--config", config, "queue")
    assert result.returncode == 2
    assert f"{config}: not valid TOML" in result.stderr


def test_a_missing_config_file(tmp_path: Path) -> None:
    result = run_kiosk("--config", tmp_path / "absent.toml", "queue")
    assert result.returncode == 2
    assert f"{tmp_path / 'absent.toml'}: no such config file" in result.stderr


def test_the_config_env_var_is_honoured(config: Path, tmp_path: Path) -> None:
    result = run_kiosk(
        "submit",
        "missed-bin",
        "--answers",
        answers_file(tmp_path, MISSED_BIN),
        env={"COUNCIL_KIOSK_CONFIG": str(config)},
    )
    assert result.returncode == 0, result.stderr
    assert REFERENCE.match(result.stdout.strip())
    assert (tmp_path / "kiosk" / "data" / "outbox.sqlite3").is_file()
    listing = run_kiosk("queue", "--json", env={"COUNCIL_KIOSK_CONFIG": str(config)})
    assert [item["reference"] for item in json.loads(listing.stdout)] == [result.stdout.strip()]

    broken = run_kiosk("queue", env={"COUNCIL_KIOSK_CONFIG": str(tmp_path / "elsewhere.toml")})
    assert broken.returncode == 2
    assert "elsewhere.toml: no such config file" in broken.stderr


def test_the_command_line_config_wins_over_the_env_var(config: Path, tmp_path: Path) -> None:
    other = write_config(tmp_path / "other", extra="typo = 1\n")
    result = run_kiosk("--config", config, "queue", "--json", env={"COUNCIL_KIOSK_CONFIG": str(other)})
    assert result.returncode == 0, result.stderr


def test_relative_data_dir_is_relative_to_the_config_file(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    config = folder / "config.toml"
    config.write_text('schema_version = 1\n[kiosk]\nreference_prefix = "TST"\ndata_dir = "store"\n', encoding="utf-8")
    result = run_kiosk("--config", config, "submit", "missed-bin", "--answers", answers_file(tmp_path, MISSED_BIN))
    assert result.returncode == 0, result.stderr
    assert (folder / "store" / "outbox.sqlite3").is_file()


# -- storage (exit 3) ----------------------------------------------------------------------------


def test_a_data_dir_that_is_a_file_is_a_storage_error(tmp_path: Path) -> None:
    in_the_way = tmp_path / "data-is-a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    config = write_config(tmp_path / "kiosk", data_dir=in_the_way)
    result = run_kiosk("--config", config, "submit", "missed-bin", "--answers", answers_file(tmp_path, MISSED_BIN))
    assert result.returncode == 3
    assert result.stdout == ""
    assert "cannot store the submission" in result.stderr
    assert str(in_the_way) in result.stderr
    for word in PERSONAL_WORDS:
        assert word not in result.stderr

    listing = run_kiosk("--config", config, "queue", "--json")
    assert listing.returncode == 3
    assert "cannot read the outbox" in listing.stderr


# -- the demo ------------------------------------------------------------------------------------


def test_demo_uses_its_own_data_folder_and_prefix(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data_home = tmp_path / "xdg-data"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(data_home)}
    result = run_kiosk("--demo", "submit", "missed-bin", "--answers", answers_file(tmp_path, MISSED_BIN), env=env)
    assert result.returncode == 0, result.stderr
    reference = result.stdout.strip()
    assert re.fullmatch(r"DEMO-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{4}", reference)
    assert (data_home / "council-kiosk" / "demo" / "outbox.sqlite3").is_file()
    assert not (data_home / "council-kiosk" / "outbox.sqlite3").exists()

    listing = run_kiosk("queue", "--demo", "--json", env=env)
    assert [item["reference"] for item in json.loads(listing.stdout)] == [reference]
    not_demo = run_kiosk("queue", "--json", env=env)
    assert json.loads(not_demo.stdout) == []
