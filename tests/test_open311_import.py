"""Open311 service definitions become kiosk forms that pass check-forms and can be answered.

The definitions are plain dicts shaped as ``CaseApiClient.service_definition`` returns them;
nothing here touches the network.
"""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import BUNDLED_FORMS, ROOT, TODAY, write_config
from journey_helpers import give
from open311_services import (
    GRAFFITI,
    POTHOLE,
    POTHOLE_DEFINITION,
    STREETLIGHT,
    STREETLIGHT_DEFINITION,
    attribute,
    pothole,
    with_attribute,
)

from forms.catalogue import load_catalogue
from forms.journey import Journey
from forms.loader import load_form_file
from forms.open311_catalogue import ImportProblem, ServiceInput, import_catalogue
from forms.open311_import import (
    ImportedForm,
    ServiceImportError,
    build_form_document,
    convert_service,
    form_id_for,
    humanise,
    import_version,
    load_document,
    safe_id,
)
from forms.steps import BeforeYouStartStep, CheckAnswersStep
from forms.wording import wording


def test_each_variable_attribute_becomes_a_page_in_order_then_location_and_contact() -> None:
    form = pothole().form
    assert [(p.id, p.type, p.case) for p in form.pages] == [
        ("size", "single_choice", "attribute:size"),
        ("hazards", "multiple_choice", "attribute:hazards"),
        ("road-name", "short_text", "attribute:road_name"),
        ("area", "short_text", "attribute:area"),
        ("depth-cm", "number", "attribute:depth_cm"),
        ("first-noticed", "date", "attribute:first_noticed"),
        ("details", "long_text", "attribute:details"),
        ("location", "address", "address_string"),
        ("full-name", "short_text", "full_name"),
        ("email", "email", "email"),
        ("phone", "phone", "phone"),
    ]


def test_form_fields_follow_the_service() -> None:
    imported = pothole()
    form = imported.form
    assert form.id == imported.form_id == "pothole"
    assert form.service_code == "POTHOLE"
    assert form.title == {"en": "Report a pothole"}
    assert form.summary == {"en": "Tell us about a pothole in a road or pavement."}
    assert form.send_label == {"en": "Send report"}
    assert form.privacy is None and form.declaration is None and form.what_happens_next is None
    assert imported.version.startswith("open311-") and len(imported.version) == len("open311-") + 12


def test_questions_hints_choices_and_optional_follow_the_attributes() -> None:
    form = pothole().form
    size = form.page("size")
    assert size.text == {"en": "How big is the pothole?"}
    assert size.hint == {"en": "Choose the nearest size."}
    assert not size.optional
    assert [(c.value, c.label["en"]) for c in size.choices] == [
        ("small", "Smaller than a dinner plate"),
        ("medium", "About the size of a car tyre"),
        ("large", "Bigger than a car tyre"),
    ]
    assert size.errors["required"] == {"en": "Select an answer"}
    assert form.page("hazards").optional
    assert [c.value for c in form.page("hazards").choices] == ["junction", "crossing", "bus_stop"]
    assert form.page("road-name").errors["required"]["en"].startswith("Enter")
    assert form.page("depth-cm").text == {"en": "About how deep is it, in centimetres?"}  # stripped
    assert form.page("depth-cm").hint == {"en": "A number, for example 5."}
    assert form.page("details").text == {"en": "Details"}  # no description: the code, humanised
    assert form.page("details").hint is None
    location = form.page("location")
    assert location.text == {"en": "Where is the problem?"} and location.hint and not location.optional
    assert not form.page("full-name").optional
    assert form.page("email").optional and form.page("phone").optional


def test_a_label_description_gives_a_specific_required_message() -> None:
    form = convert_service(STREETLIGHT, STREETLIGHT_DEFINITION, automatic_codes=("kiosk_reference",)).form
    assert form.page("fault").errors["required"] == {"en": "Select fault type"}
    assert form.id == "sl-01" and form.service_code == "SL_01"
    assert form.summary == {"en": "Send a report to the council"}  # no description: a plain fallback


@pytest.mark.parametrize(
    ("description", "datatype", "message"),
    [
        ("Fault type", "singlevaluelist", "Select fault type"),
        ("LED colour", "singlevaluelist", "Select LED colour"),
        ("Pole number", "string", "Enter pole number"),
        ("What is wrong with the light?", "singlevaluelist", "Select an answer"),
        ("Which hazards are near", "multivaluelist", "Select at least one answer"),
        ("Please describe the problem", "text", "Enter an answer"),
        ("Enter the pole number. It is on a small sign.", "string", "Enter an answer"),
        ("How deep is it, in centimetres?", "number", "Enter a number"),
        ("When did it start?", "datetime", "Enter a date"),
    ],
)
def test_required_messages_are_plain_english(description: str, datatype: str, message: str) -> None:
    values = [("a", "A"), ("b", "B")] if datatype.endswith("list") else []
    definition = {"attributes": [attribute("q", datatype, description, 1, required=True, values=values)]}
    form = convert_service(GRAFFITI | {"metadata": True}, definition).form
    assert form.page("q").errors["required"] == {"en": message}


def test_the_kiosk_reference_attribute_is_not_asked() -> None:
    form = convert_service(STREETLIGHT, STREETLIGHT_DEFINITION, automatic_codes=("kiosk_reference",)).form
    assert all(p.case != "attribute:kiosk_reference" for p in form.pages)
    asked = convert_service(STREETLIGHT, STREETLIGHT_DEFINITION).form
    assert asked.page("kiosk-reference").case == "attribute:kiosk_reference"


def test_informational_attributes_follow_the_default_before_you_start_text() -> None:
    form = pothole().form
    default = wording("default.before_you_start")
    assert form.before_you_start == {"en": f"{default}\n\nIf the pothole is dangerous right now, phone 01632 960000."}
    assert all(p.case != "attribute:emergency_notice" for p in form.pages)
    step = Journey(form).step()
    assert isinstance(step, BeforeYouStartStep)
    assert "phone 01632 960000" in step.body


def test_configured_texts_are_used_and_information_follows_them() -> None:
    texts = {
        "before_you_start": "You will need the name of the road.",
        "privacy": "We use your answers to mend the road.",
        "declaration": None,
        "what_happens_next": "We will look at it within 5 working days.",
    }
    form = convert_service(POTHOLE, POTHOLE_DEFINITION, texts).form
    assert form.before_you_start["en"].startswith("You will need the name of the road.\n\nIf the pothole")
    assert form.privacy == {"en": "We use your answers to mend the road."}
    assert form.declaration is None  # left out: the kiosk's default applies
    assert form.what_happens_next == {"en": "We will look at it within 5 working days."}
    plain = convert_service(GRAFFITI, None, {"before_you_start": None}).form
    assert plain.before_you_start is None


def test_a_service_without_metadata_asks_about_the_problem_in_words() -> None:
    form = convert_service(GRAFFITI).form
    assert [(p.id, p.type, p.case) for p in form.pages] == [
        ("problem", "long_text", "description"),
        ("location", "address", "address_string"),
        ("full-name", "short_text", "full_name"),
        ("email", "email", "email"),
        ("phone", "phone", "phone"),
    ]
    assert form.page("problem").text == {"en": "Tell us about the problem"}
    assert not form.page("problem").optional


def test_a_summary_dataclass_works_like_a_dict() -> None:
    @dataclasses.dataclass(frozen=True)
    class Summary:  # the shape of sync.case_api.base.ServiceSummary
        service_code: str
        service_name: str
        description: str = ""
        metadata: bool = False
        type: str = "realtime"
        keywords: tuple[str, ...] = ()
        group: str = ""

    summary = Summary(**{**POTHOLE, "keywords": ("pothole", "road")})
    from_dataclass = convert_service(summary, POTHOLE_DEFINITION)
    assert from_dataclass.document == pothole().document
    assert from_dataclass.version == pothole().version


def test_the_imported_file_passes_check_forms_beside_the_bundled_forms(tmp_path: Path) -> None:
    folder = tmp_path / "imported"
    folder.mkdir()
    for imported in (pothole(), convert_service(GRAFFITI), convert_service(STREETLIGHT, STREETLIGHT_DEFINITION)):
        (folder / f"{imported.form_id}.yaml").write_text(imported.yaml_text(), encoding="utf-8")
        reloaded = load_form_file(folder / f"{imported.form_id}.yaml")
        assert reloaded.version == imported.form.version  # the header comment does not count
    catalogue = load_catalogue([BUNDLED_FORMS, folder])
    assert catalogue.problems == []
    assert {"pothole", "graffiti", "sl-01", "missed-bin"} <= {f.id for f in catalogue.forms}

    from kiosk.cli import main

    assert main(["--config", str(write_config(tmp_path / "kiosk")), "check-forms", str(folder)]) == 0


def test_a_resident_can_walk_the_form_and_the_case_has_open311_fields() -> None:
    form = pothole().form
    journey = Journey(form, today=lambda: TODAY)
    journey.start()
    give(
        journey,
        "medium",
        ["crossing", "junction"],
        "High Street",
        "",  # area: optional, left blank
        "7",
        {"day": "20", "month": "11", "year": "2026"},
        "It has burst a tyre.",
        {"line1": "12 High Street", "line2": "", "town": "Anytown", "postcode": "ab1 2cd"},
        "Sam Jones",
        "sam@example.com",
        "",
    )
    assert isinstance(journey.step(), CheckAnswersStep)
    submission = journey.submission()
    payload = submission.payload
    assert payload["service_code"] == "POTHOLE"
    assert payload["attributes"] == {
        "size": "medium",
        "hazards": ["junction", "crossing"],  # in the order of the choices
        "road_name": "High Street",
        "depth_cm": 7,
        "first_noticed": "2026-11-20",
        "details": "It has burst a tyre.",
    }
    assert payload["address_string"] == "12 High Street, Anytown, AB1 2CD"
    assert (payload["first_name"], payload["last_name"]) == ("Sam", "Jones")
    assert payload["email"] == "sam@example.com"
    assert "phone" not in payload
    assert submission.form_version == form.version


def test_required_questions_refuse_a_blank_answer() -> None:
    journey = Journey(pothole().form, today=lambda: TODAY)
    journey.start()
    assert not journey.answer("")
    assert journey.position == "size"
    give(journey, "small", [])  # hazards is optional
    assert journey.position == "road-name"
    assert not journey.answer("   ")


def test_a_service_without_metadata_can_be_sent() -> None:
    form = convert_service(GRAFFITI).form
    journey = Journey(form, today=lambda: TODAY)
    journey.start()
    give(journey, "Paint on the bus shelter", {"line1": "Bus shelter, Mill Road", "town": "Anytown",
                                               "postcode": "AB1 2CD"}, "Sam Jones", "", "07700 900982")  # fmt: skip
    payload = journey.submission().payload
    assert payload["service_code"] == "GRAFFITI"
    assert payload["attributes"] == {}
    assert payload["description"].endswith("Paint on the bus shelter")
    assert payload["phone"] == "07700900982"


def test_the_conversion_needs_neither_qt_nor_the_kiosk_nor_sync() -> None:
    code = (
        "import sys, forms.open311_import, forms.imported_store; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sync', 'kiosk', 'PySide6', 'shiboken6')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- ids ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "expected"),
    [("POTHOLE", "pothole"), ("SL_01", "sl-01"), ("  Street Light ", "street-light"), ("Café/Bar", "cafe-bar"),
     ("001", "001"), ("__X__", "x"), ("A" * 80, "a" * 64)],
)  # fmt: skip
def test_safe_ids(code: str, expected: str) -> None:
    assert safe_id(code) == expected


def test_a_code_with_nothing_usable_gives_no_id() -> None:
    with pytest.raises(ServiceImportError, match="no usable form id"):
        form_id_for("___")


def test_humanise() -> None:
    assert humanise("pole_number") == "Pole number"
    assert humanise("lampType") == "Lamp type"


def test_attribute_codes_that_clash_as_page_ids_get_a_suffix() -> None:
    definition = {
        "attributes": [
            attribute("email", "string", "Which email did we send?", 1),
            attribute("pole-no", "string", "Pole (dash)", 2),
            attribute("pole_no", "string", "Pole (underscore)", 3),
        ]
    }
    form = convert_service({**POTHOLE, "service_code": "X"}, {**definition, "service_code": "X"}).form
    assert [p.id for p in form.pages[:3]] == ["email-2", "pole-no", "pole-no-2"]
    assert form.page("email").case == "email"


# -- problems ------------------------------------------------------------------------------------
def problem_for(service: dict[str, Any], definition: dict[str, Any] | None) -> ImportProblem:
    [outcome] = import_catalogue([ServiceInput(service, definition)])
    assert isinstance(outcome, ImportProblem), outcome
    assert outcome.service_code == service["service_code"].strip()
    assert str(outcome).startswith(f"{outcome.service_code or '(no code)'} ({service['service_name']}): ")
    return outcome


def test_an_unknown_datatype_skips_the_service() -> None:
    problem = problem_for(POTHOLE, with_attribute(attribute("photo", "file", "Add a photo", 9)))
    assert problem.reason == "attribute photo has datatype file, which the kiosk cannot ask"
    assert problem.form_id == "pothole" and not problem.keep_previous


def test_an_unknown_datatype_of_an_informational_attribute_does_not_matter() -> None:
    [outcome] = import_catalogue(
        [ServiceInput(POTHOLE, with_attribute(attribute("map", "file", "See the map.", 9, variable=False)))]
    )
    assert isinstance(outcome, ImportedForm)


def test_a_list_without_values_skips_the_service() -> None:
    problem = problem_for(POTHOLE, with_attribute(attribute("kind", "singlevaluelist", "What kind?", 9)))
    assert problem.reason == "attribute kind is a list to choose from, but the server gives no values"


def test_a_list_with_one_value_or_repeated_keys_skips_the_service() -> None:
    one = attribute("kind", "multivaluelist", "What kind?", 9, values=[("a", "A")])
    assert "only one value" in problem_for(POTHOLE, with_attribute(one)).reason
    twice = attribute("kind", "singlevaluelist", "What kind?", 9, values=[("a", "A"), ("a", "B")])
    assert problem_for(POTHOLE, with_attribute(twice)).reason == "attribute kind has the value 'a' twice"


def test_an_empty_code_skips_the_service() -> None:
    problem = problem_for(POTHOLE, with_attribute(attribute("  ", "string", "What?", 9)))
    assert problem.reason == "one of its questions has no code"
    assert problem_for({**GRAFFITI, "service_code": " "}, None).reason == "the service has no code"


def test_attribute_codes_the_kiosk_cannot_send_or_repeated_codes_skip_the_service() -> None:
    spaced = attribute("pole number", "string", "Pole?", 9)
    assert "cannot be sent by the kiosk" in problem_for(POTHOLE, with_attribute(spaced)).reason
    repeated = attribute("size", "string", "Size again?", 9)
    assert problem_for(POTHOLE, with_attribute(repeated)).reason == "attribute size appears twice in its definition"


def test_a_definition_of_another_service_or_none_skips_the_service() -> None:
    other = {**POTHOLE_DEFINITION, "service_code": "STREETLIGHT"}
    assert "definition of 'STREETLIGHT'" in problem_for(POTHOLE, other).reason
    assert "gave no definition" in problem_for(POTHOLE, None).reason


def test_a_definition_that_could_not_be_read_keeps_the_last_form() -> None:
    [outcome] = import_catalogue([ServiceInput(POTHOLE, error="the case API answered 500")])
    assert isinstance(outcome, ImportProblem)
    assert outcome.keep_previous and outcome.form_id == "pothole"
    assert outcome.reason == "cannot read its definition: the case API answered 500"


def test_duplicate_and_reserved_ids_are_skipped_and_the_rest_carry_on() -> None:
    inputs = [
        ServiceInput(POTHOLE, POTHOLE_DEFINITION),
        ServiceInput({**GRAFFITI, "service_code": "pothole", "service_name": "Pothole again"}),
        ServiceInput({**GRAFFITI, "service_code": "MISSED_BIN", "service_name": "Missed bin"}),
        ServiceInput(POTHOLE | {"service_code": "BAD"}, {"attributes": [attribute("x", "blob", "X?", 1)]}),
        ServiceInput(GRAFFITI),
    ]
    outcomes = import_catalogue(inputs, reserved_ids={"missed-bin": "assets/forms/missed-bin.yaml"})
    assert [type(o).__name__ for o in outcomes] == [
        "ImportedForm", "ImportProblem", "ImportProblem", "ImportProblem", "ImportedForm",
    ]  # fmt: skip
    assert outcomes[1].reason == "its form id 'pothole' is already used by the service 'POTHOLE'"
    assert str(outcomes[1]).startswith("pothole (Pothole again): ")
    assert outcomes[2].reason.startswith("its form id 'missed-bin' is already used by the kiosk's own form")
    assert "assets/forms/missed-bin.yaml" in outcomes[2].reason
    assert outcomes[3].reason == "attribute x has datatype blob, which the kiosk cannot ask"
    assert outcomes[4].form_id == "graffiti"


def test_texts_are_looked_up_by_service_code() -> None:
    asked: list[str] = []

    def texts_for(code: str) -> dict[str, str | None]:
        asked.append(code)
        return {"what_happens_next": f"Next for {code}."}

    [form] = import_catalogue([ServiceInput(GRAFFITI)], texts_for=texts_for)
    assert asked == ["GRAFFITI"]
    assert isinstance(form, ImportedForm)
    assert form.form.what_happens_next == {"en": "Next for GRAFFITI."}


def test_the_real_loader_has_the_last_word() -> None:
    """Whatever the converter misses, the loader catches: a refused document is a problem."""
    document = build_form_document(GRAFFITI)
    document["pages"][0]["type"] = "essay"
    with pytest.raises(ServiceImportError, match="does not pass check-forms: graffiti/problem: unknown question type"):
        load_document(document)


# -- versions -------------------------------------------------------------------------------------
def test_the_version_is_stable_and_changes_with_the_definition() -> None:
    first = pothole().version
    assert pothole().version == first
    reordered = {**POTHOLE_DEFINITION, "attributes": list(reversed(POTHOLE_DEFINITION["attributes"]))}
    assert convert_service(POTHOLE, reordered).version == first  # the server's listing order is no change
    assert convert_service(POTHOLE, reordered).document == pothole().document
    changed = copy.deepcopy(POTHOLE_DEFINITION)
    changed["attributes"][0]["description"] = "Which street is the pothole in?"
    assert convert_service(POTHOLE, changed).version != first
    assert convert_service({**POTHOLE, "service_name": "Pothole"}, POTHOLE_DEFINITION).version != first
    assert convert_service(POTHOLE, POTHOLE_DEFINITION, {"privacy": "Ours."}).version != first
    assert convert_service(POTHOLE, POTHOLE_DEFINITION, {"privacy": None}).version == first
    assert import_version(POTHOLE, POTHOLE_DEFINITION) == first
