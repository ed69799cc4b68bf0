"""``council-kiosk import-services`` against the Open311 reference server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from helpers import TODAY, write_config
from journey_helpers import give
from reference_server_fixture import API_KEY, reference_server  # noqa: F401  (a fixture)

from forms.catalogue import load_catalogue
from forms.journey import Journey
from kiosk.cli import main
from kiosk.settings import load_settings
from sync.case_api.base import Accepted, CaseSubmission, CatalogueError
from sync.case_api.registry import build_client
from sync.reference_server import DEFAULT_SERVICES, ReferenceServer

OWN_FORM_CODES = ("MISSED_BIN", "HOUSING_REPAIR", "FLY_TIPPING", "NOISE", "CALL_BACK")


def config_for(folder: Path, base_url: str | None, extra: str = "") -> Path:
    case_api = f'[case_api]\nbase_url = "{base_url}"\n' if base_url else ""
    return write_config(folder, extra=case_api + extra)


def run(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["--config", str(config), "import-services"])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def line_for(lines: list[str], service_code: str) -> str:
    [line] = [line for line in lines if f"({service_code})" in line or f" {service_code} (" in line]
    return line


def test_import_builds_forms_the_kiosk_loads(reference_server, tmp_path: Path, capsys) -> None:  # noqa: F811
    config = config_for(tmp_path / "kiosk", reference_server.base_url)
    settings = load_settings(config)
    folder = settings.imported_forms_dir

    code, lines, err = run(config, capsys)
    assert code == 0, err
    assert line_for(lines, "POTHOLE").startswith("imported pothole (POTHOLE) version open311-")
    assert line_for(lines, "STREETLIGHT").startswith("imported streetlight (STREETLIGHT) version open311-")
    for service_code in (*OWN_FORM_CODES, "COUNCIL_TAX_MOVE"):  # the kiosk's hand-written forms win
        line = line_for(lines, service_code)
        assert line.startswith(f"skipped {service_code} (")
        assert "already sends this service, and is used instead" in line
    assert "'moving-home' already sends this service" in line_for(lines, "COUNCIL_TAX_MOVE")
    assert lines[-1].startswith("2 imported, 0 unchanged, 6 skipped, 0 removed")

    assert sorted(p.name for p in folder.glob("*.yaml")) == [
        "pothole.yaml",
        "streetlight.yaml",
    ]
    pothole_version = line_for(lines, "POTHOLE").split()[-1]
    assert (folder / "versions" / "pothole" / f"{pothole_version}.yaml").is_file()

    manifest = json.loads((folder / "import.json").read_text(encoding="utf-8"))
    assert manifest["base_url"] == reference_server.base_url
    assert manifest["imported_at"]
    by_code = {entry["service_code"]: entry for entry in manifest["services"]}
    assert by_code["POTHOLE"]["status"] == "imported"
    assert by_code["POTHOLE"]["form_id"] == "pothole"
    assert by_code["POTHOLE"]["version"] == pothole_version
    assert by_code["MISSED_BIN"]["status"] == "skipped" and by_code["MISSED_BIN"]["reason"]
    assert len(by_code) == len(DEFAULT_SERVICES)

    catalogue = load_catalogue(settings.form_paths())
    assert catalogue.problems == []
    ids = {form.id for form in catalogue.forms}
    assert {"pothole", "streetlight", "missed-bin", "moving-home"} <= ids
    assert "council-tax-move" not in ids, "one tile per service: the shipped moving-home form sends it"
    assert main(["--config", str(config), "check-forms", str(folder)]) == 0

    pothole = catalogue.get("pothole")
    assert pothole.service_code == "POTHOLE"
    assert by_code["POTHOLE"]["form_version"] == pothole.version
    assert all(page.case != "attribute:emergency_notice" for page in pothole.pages)
    assert "01632 960000" in pothole.before_you_start["en"]


def test_a_second_import_says_unchanged(reference_server, tmp_path: Path, capsys) -> None:  # noqa: F811
    config = config_for(tmp_path / "kiosk", reference_server.base_url)
    assert run(config, capsys)[0] == 0
    folder = load_settings(config).imported_forms_dir
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}

    code, lines, err = run(config, capsys)
    assert code == 0, err
    assert line_for(lines, "POTHOLE").startswith("unchanged pothole (POTHOLE) version open311-")
    assert lines[-1].startswith("0 imported, 2 unchanged, 6 skipped, 0 removed")
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml")} == before


def test_an_imported_form_makes_a_case_the_server_accepts(reference_server, tmp_path: Path, capsys) -> None:  # noqa: F811
    config = config_for(tmp_path / "kiosk", reference_server.base_url)
    assert run(config, capsys)[0] == 0
    settings = load_settings(config)
    form = load_catalogue(settings.form_paths()).get("pothole")

    journey = Journey(form, today=lambda: TODAY)
    journey.start()
    answers = {
        "size": "medium",
        "hazards": ["bus_stop", "junction"],
        "road-name": "High Street",
        "depth-cm": "6",
        "first-noticed": {"day": "1", "month": "11", "year": "2026"},
        "details": "",
        "location": {"line1": "12 High Street", "line2": "", "town": "Anytown", "postcode": "AB1 2CD"},
        "full-name": "Sam Jones",
        "email": "sam@example.com",
        "phone": "",
    }
    assert [page.id for page in form.pages] == list(answers)
    give(journey, *answers.values())
    payload = journey.submission().payload
    assert payload["attributes"] == {
        "size": "medium",
        "hazards": ["junction", "bus_stop"],
        "road_name": "High Street",
        "depth_cm": 6,
        "first_noticed": "2026-11-01",
    }
    assert payload["address_string"] == "12 High Street, Anytown, AB1 2CD"

    client = build_client("open311", base_url=reference_server.base_url, api_key=API_KEY)
    try:
        outcome = client.submit(CaseSubmission("0b8e0b5e-6c36-4a53-9a43-0a0d3a0c7b11", "TST-0001", payload))
    finally:
        client.close()
    assert isinstance(outcome, Accepted), outcome


def test_configured_texts_reach_the_imported_forms(reference_server, tmp_path: Path, capsys) -> None:  # noqa: F811
    extra = (
        "[imported_forms.defaults]\n"
        'what_happens_next = "We will look at your report within 5 working days."\n'
        "[imported_forms.services.POTHOLE]\n"
        'privacy = "We use your answers to mend the road."\n'
    )
    config = config_for(tmp_path / "kiosk", reference_server.base_url, extra)
    assert run(config, capsys)[0] == 0
    catalogue = load_catalogue(load_settings(config).form_paths())
    pothole, streetlight = catalogue.get("pothole"), catalogue.get("streetlight")
    assert pothole.privacy == {"en": "We use your answers to mend the road."}
    assert streetlight.privacy is None
    for form in (pothole, streetlight):
        assert form.what_happens_next == {"en": "We will look at your report within 5 working days."}
        assert form.declaration is None


def test_a_withdrawn_service_loses_its_form_but_keeps_its_versions(
    reference_server,  # noqa: F811
    tmp_path: Path,
    capsys,
) -> None:
    config = config_for(tmp_path / "kiosk", reference_server.base_url)
    assert run(config, capsys)[0] == 0
    folder = load_settings(config).imported_forms_dir
    kept = sorted((folder / "versions" / "streetlight").glob("*.yaml"))
    assert len(kept) == 1

    fewer = [service for service in DEFAULT_SERVICES if service.code != "STREETLIGHT"]
    with ReferenceServer(services=fewer) as smaller:
        code, lines, err = run(config_for(tmp_path / "kiosk", smaller.base_url), capsys)
    assert code == 0, err
    assert "removed streetlight: its service is no longer offered (its old versions are kept)" in lines
    assert lines[-1].startswith("0 imported, 1 unchanged, 6 skipped, 1 removed")
    assert not (folder / "streetlight.yaml").exists()
    assert sorted((folder / "versions" / "streetlight").glob("*.yaml")) == kept
    assert json.loads((folder / "import.json").read_text(encoding="utf-8"))["removed"] == ["streetlight"]
    assert "streetlight" not in {form.id for form in load_catalogue([folder]).forms}


def test_no_case_api_configured(tmp_path: Path, capsys) -> None:
    code, lines, err = run(config_for(tmp_path / "kiosk", None), capsys)
    assert code == 2
    assert lines == []
    assert "council-kiosk: no case API is configured: set [case_api] base_url in the config" in err
    assert not (tmp_path / "kiosk" / "data" / "imported-forms").exists()


def test_a_server_that_is_down(tmp_path: Path, capsys) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = config_for(tmp_path / "kiosk", f"http://127.0.0.1:{port}/open311/v2/")
    code, lines, err = run(config, capsys)
    assert code == 1
    assert lines == []
    assert "council-kiosk: cannot read the service list: could not read the service list" in err
    assert not list((tmp_path / "kiosk" / "data" / "imported-forms").glob("*.yaml"))


def test_a_folder_that_cannot_be_written(reference_server, tmp_path: Path, capsys) -> None:  # noqa: F811
    config = config_for(tmp_path / "kiosk", reference_server.base_url)
    blocker = load_settings(config).imported_forms_dir
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder", encoding="utf-8")
    code, lines, err = run(config, capsys)
    assert code == 3
    assert "council-kiosk: cannot write in" in err


def test_a_definition_that_cannot_be_read_keeps_the_last_form(
    reference_server,  # noqa: F811
    tmp_path: Path,
    capsys,
    monkeypatch,
) -> None:
    config = config_for(tmp_path / "kiosk", reference_server.base_url)
    assert run(config, capsys)[0] == 0
    folder = load_settings(config).imported_forms_dir
    before = (folder / "streetlight.yaml").read_bytes()
    version = json.loads((folder / "import.json").read_text(encoding="utf-8"))["services"]
    version = next(entry["version"] for entry in version if entry["service_code"] == "STREETLIGHT")

    from sync.case_api.open311 import Open311Client

    real = Open311Client.service_definition

    def flaky(self: Open311Client, service_code: str) -> dict:
        if service_code == "STREETLIGHT":
            raise CatalogueError("could not read the definition: the case API answered 503")
        return real(self, service_code)

    monkeypatch.setattr(Open311Client, "service_definition", flaky)
    code, lines, err = run(config, capsys)
    assert code == 0, err
    assert line_for(lines, "STREETLIGHT") == (
        "skipped STREETLIGHT (Report a street light fault): cannot read its definition: could not read the "
        "definition: the case API answered 503 (the form from the last import stays)"
    )
    assert lines[-1].startswith("0 imported, 1 unchanged, 7 skipped, 0 removed")
    assert (folder / "streetlight.yaml").read_bytes() == before
    [entry] = [e for e in json.loads((folder / "import.json").read_text(encoding="utf-8"))["services"]
               if e["service_code"] == "STREETLIGHT"]  # fmt: skip
    assert entry["status"] == "skipped" and entry["kept_previous"] and entry["version"] == version


def test_an_empty_service_list_removes_nothing(reference_server, tmp_path: Path, capsys) -> None:  # noqa: F811
    config = config_for(tmp_path / "kiosk", reference_server.base_url)
    assert run(config, capsys)[0] == 0
    folder = load_settings(config).imported_forms_dir
    with ReferenceServer(services=[]) as empty:
        code, lines, err = run(config_for(tmp_path / "kiosk", empty.base_url), capsys)
    assert code == 0, err
    assert "the case API lists no services: the forms from the last import stay" in lines
    assert sorted(p.stem for p in folder.glob("*.yaml")) == ["pothole", "streetlight"]


def test_a_running_kiosk_sees_imported_forms_between_residents(reference_server, tmp_path: Path, capsys) -> None:  # noqa: F811
    from forms.catalogue import CatalogueSource

    config = config_for(tmp_path / "kiosk", reference_server.base_url)
    settings = load_settings(config)
    source = CatalogueSource(settings.form_paths, settings.forms.order)
    before = source.current()
    assert before.get("pothole") is None

    assert run(config, capsys)[0] == 0
    after = source.current()
    assert after.problems == []
    assert after.get("pothole") is not None

    assert run(config, capsys)[0] == 0  # unchanged: no file is touched, so nothing is reloaded
    assert source.current() is after
