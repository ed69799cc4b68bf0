"""The journey engine on its own, without Qt: routing, Back, Change, check answers and the payload.

The forms are written here as YAML files in a temporary folder and loaded by the real loader.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from journey_helpers import ADDRESS, STREET_FORM, check_answers, give, pages_seen, question, started

from forms.definition import FormDefinition
from forms.journey import BEFORE_YOU_START, Journey
from forms.loader import load_form_file
from forms.steps import ExitStep


@pytest.fixture
def form(tmp_path: Path) -> FormDefinition:
    path = tmp_path / "street-problem.yaml"
    path.write_text(STREET_FORM, encoding="utf-8")
    return load_form_file(path)


# -- routing -------------------------------------------------------------------------------------


def test_with_no_route_that_applies_the_next_page_follows(form: FormDefinition) -> None:
    journey = started(form)
    assert pages_seen(journey, "bin", "black", ["smell"]) == ["kind", "bin-colour", "bin-problems", "details"]


def test_equals_routes_to_an_exit(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "gas")
    assert journey.position == "exit:gas-leak"
    step = journey.step()
    assert isinstance(step, ExitStep)
    assert (step.exit_id, step.heading, step.body) == ("gas-leak", "Call 0800 111 999 now", "Leave the building first.")
    assert "Call 0800 111 999 now" in step.spoken_text
    with pytest.raises(RuntimeError):
        journey.submission()


def test_the_resident_can_go_back_from_an_exit(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "gas")
    assert journey.back() is True
    assert question(journey).question_id == "kind"
    assert question(journey).raw == "gas"
    give(journey, "bin")
    assert journey.position == "bin-colour"


@pytest.mark.parametrize("kind", ["noise", "other"])
def test_in_routes_over_the_pages_that_do_not_apply(form: FormDefinition, kind: str) -> None:
    journey = started(form)
    assert pages_seen(journey, kind) == ["kind", "details"]


def test_not_equals_routes_when_the_answer_is_something_else(form: FormDefinition) -> None:
    journey = started(form)
    assert pages_seen(journey, "bin", "blue") == ["kind", "bin-colour", "details"]


def test_includes_routes_on_one_ticked_box(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "bin", "black")
    assert pages_seen(journey, ["smell", "blocked"]) == ["bin-problems", "blocked-where"]


def test_answered_routes_on_whether_an_optional_page_was_answered(form: FormDefinition) -> None:
    skipped = started(form)
    give(skipped, "other")
    assert pages_seen(skipped, "") == ["details", "address"]
    answered = started(form)
    give(answered, "other")
    assert pages_seen(answered, "It has been going on for weeks") == ["details", "how-long"]


def test_a_condition_can_test_an_earlier_page(form: FormDefinition) -> None:
    noise = started(form)
    give(noise, "noise", "", ADDRESS)
    assert noise.position == "noisy-now"
    give(noise, "yes")
    assert noise.position == "exit:call-999"

    other = started(form)
    give(other, "other", "", ADDRESS)
    assert other.position == "full-name"


def test_after_the_last_page_comes_check_answers(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "noise", "", ADDRESS, "no", "Jo Bloggs", "")
    assert journey.at_check_answers
    assert [row.question_id for row in check_answers(journey).rows] == [
        "kind", "details", "address", "noisy-now", "full-name", "phone",
    ]  # fmt: skip


# -- Back ----------------------------------------------------------------------------------------


def test_back_retraces_the_route_taken_and_shows_the_answers_given(form: FormDefinition) -> None:
    journey = Journey(form)
    assert journey.position == BEFORE_YOU_START
    assert journey.step().kind == "before_you_start"
    journey.start()
    give(journey, "bin", "blue", "Left out for a week", "2", ADDRESS, "Jo Bloggs", "")
    assert journey.at_check_answers

    visited = []
    while journey.back():
        visited.append(journey.position)
    assert visited == ["phone", "full-name", "address", "how-long", "details", "bin-colour", "kind", BEFORE_YOU_START]
    assert journey.back() is False  # from before-you-start the screen leaves the form
    assert journey.position == BEFORE_YOU_START

    journey.start()
    assert question(journey).raw == "bin"
    give(journey, "bin")
    assert question(journey).raw == "blue"


def test_back_from_before_you_start_returns_false(form: FormDefinition) -> None:
    journey = Journey(form)
    assert journey.back() is False
    assert journey.position == BEFORE_YOU_START


def test_back_clears_the_error_on_screen(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "other", "Loud music")
    assert journey.answer("many") is False
    assert question(journey).errors
    journey.back()
    give(journey, "Loud music")
    assert question(journey).errors == ()
    assert question(journey).raw == "many"


# -- Change --------------------------------------------------------------------------------------


def finished_bin_report(form: FormDefinition) -> Journey:
    journey = started(form)
    give(journey, "bin", "black", ["smell", "blocked"], "By the gate", "It smells", "3", ADDRESS, "Jo Bloggs", "")
    assert journey.at_check_answers
    return journey


def test_change_from_check_answers_returns_to_check_answers(form: FormDefinition) -> None:
    journey = finished_bin_report(form)
    journey.change("full-name")
    step = question(journey)
    assert step.question_id == "full-name"
    assert step.changing is True
    assert step.raw == "Jo Bloggs"
    give(journey, "Mary Anne Smith")
    assert journey.at_check_answers
    rows = {row.question_id: row.answer for row in check_answers(journey).rows}
    assert rows["full-name"] == "Mary Anne Smith"


def test_change_is_only_offered_on_check_answers(form: FormDefinition) -> None:
    journey = started(form)
    with pytest.raises(RuntimeError):
        journey.change("kind")


def test_a_change_that_alters_the_route_asks_the_newly_needed_pages_first(form: FormDefinition) -> None:
    journey = finished_bin_report(form)
    journey.change("kind")
    give(journey, "noise")
    # details, how-long and address are answered already; noisy-now is new on this route.
    assert journey.position == "noisy-now"
    assert question(journey).changing is True
    give(journey, "no")
    assert journey.at_check_answers
    answers = journey.answers()
    assert list(answers) == ["kind", "details", "how-long", "address", "noisy-now", "full-name", "phone"]
    assert "bin-colour" not in answers and "blocked-where" not in answers


def test_a_change_that_leads_to_an_exit_goes_there(form: FormDefinition) -> None:
    journey = finished_bin_report(form)
    journey.change("kind")
    give(journey, "gas")
    assert journey.position == "exit:gas-leak"


def test_backing_out_of_an_unfinished_change_keeps_the_checked_answers(form: FormDefinition) -> None:
    journey = finished_bin_report(form)
    before = journey.answers()
    journey.change("kind")
    give(journey, "noise")
    assert journey.position == "noisy-now"
    journey.back()
    assert journey.position == "kind"
    journey.back()
    assert journey.at_check_answers
    assert journey.answers() == before
    assert journey.submission().answers["kind"] == "bin"


def test_backing_out_of_a_change_left_with_an_error_keeps_the_checked_answer(form: FormDefinition) -> None:
    journey = finished_bin_report(form)
    journey.change("how-long")
    assert journey.answer("lots") is False
    journey.back()
    assert journey.at_check_answers
    assert journey.answers()["how-long"] == 3
    assert journey.submission().payload["attributes"]["weeks"] == 3


# -- skipped pages -------------------------------------------------------------------------------


def test_answers_on_pages_the_route_now_skips_are_not_shown_or_sent(form: FormDefinition) -> None:
    journey = finished_bin_report(form)
    journey.change("bin-colour")
    give(journey, "blue")
    assert journey.at_check_answers
    assert list(journey.answers()) == ["kind", "bin-colour", "details", "how-long", "address", "full-name", "phone"]
    assert [row.question_id for row in check_answers(journey).rows] == list(journey.answers())
    submission = journey.submission()
    assert "bin-problems" not in submission.answers and "blocked-where" not in submission.answers
    assert "problems" not in submission.payload["attributes"]
    assert "By the gate" not in submission.payload["description"]
    assert submission.payload["description"] == "Tell us more\nIt smells"


def test_skipped_answers_come_back_if_the_route_returns_to_them(form: FormDefinition) -> None:
    journey = finished_bin_report(form)
    journey.change("bin-colour")
    give(journey, "blue")
    journey.change("bin-colour")
    give(journey, "black")
    assert journey.at_check_answers
    assert journey.answers()["bin-problems"] == ["smell", "blocked"]
    assert journey.answers()["blocked-where"] == "By the gate"


# -- validation, language, optional pages, speech ------------------------------------------------


def test_a_rejected_answer_stays_on_screen_with_its_message(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "other", "Loud music")
    assert journey.answer("a few") is False
    step = question(journey)
    assert step.question_id == "how-long"
    assert step.raw == "a few"
    assert [e.message for e in step.errors] == ["Enter a number, like 3"]
    assert step.spoken_text.startswith("There is a problem: Enter a number, like 3.")
    assert journey.answers() == {"kind": "other", "details": "Loud music"}
    give(journey, "4")
    assert journey.answers()["how-long"] == 4


def test_an_address_error_names_its_part(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "other", "")
    assert journey.answer({**ADDRESS, "town": ""}) is False
    assert [(e.message, e.part) for e in question(journey).errors] == [("Enter the town or city", "town")]
    assert question(journey).raw["line1"] == "1 High Street"


def test_set_language_changes_the_words_and_keeps_the_answers(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "other", "", ADDRESS)
    assert journey.answer("x" * 201) is False
    journey.set_language("cy")
    step = question(journey)
    assert step.heading == "Beth yw eich enw llawn?"
    assert step.form_title == "Rhoi gwybod am broblem stryd"
    assert step.raw == "x" * 201
    assert journey.answers()["address"]["postcode"] == "AB1 2CD"
    journey.back()
    journey.back()
    journey.back()
    assert question(journey).heading == "Beth yw'r broblem?"
    assert question(journey).raw == "other"
    journey.set_language("en")
    assert question(journey).heading == "What is the problem?"


def test_an_optional_page_says_so_and_reads_not_provided(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "other")
    step = question(journey)
    assert step.optional is True
    assert step.heading == "Tell us more (optional)"
    assert "This question is optional." in step.spoken_text
    give(journey, "", ADDRESS, "Jo Bloggs", "")
    rows = {row.question_id: row for row in check_answers(journey).rows}
    assert (rows["details"].answer, rows["details"].provided) == ("Not provided", False)
    assert (rows["phone"].answer, rows["phone"].provided) == ("Not provided", False)
    assert rows["full-name"].provided is True
    assert rows["details"].question == "Tell us more"
    assert journey.answers()["details"] is None
    assert "details" not in journey.submission().answers


def test_spoken_text_reads_the_question_and_hint_but_never_the_answer(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "other", "", ADDRESS, "Zebedee Quint")
    journey.back()
    step = question(journey)
    assert step.raw == "Zebedee Quint"
    assert "What is your full name?" in step.spoken_text
    assert "As it appears on letters from us." in step.spoken_text
    assert "Zebedee" not in step.spoken_text

    give(journey, "Zebedee Quint", "07700 900982")
    spoken = check_answers(journey).spoken_text
    assert "What is your full name?" in spoken
    assert "Zebedee" not in spoken and "900982" not in spoken and "High Street" not in spoken


def test_spoken_text_reads_the_choices(form: FormDefinition) -> None:
    step = question(started(form))
    assert step.spoken_text.startswith("What is the problem? Choose the closest one.")
    assert "The choices are: A missed bin. Noise. A smell of gas. Something else" in step.spoken_text


# -- the case and the submission -----------------------------------------------------------------


def test_the_case_payload_maps_each_answer_to_its_field(form: FormDefinition) -> None:
    journey = finished_bin_report(form)
    journey.change("full-name")
    give(journey, "Mary Anne Smith")
    journey.change("phone")
    give(journey, "+44 7700 900982")
    payload = journey.submission().payload
    assert payload == {
        "service_code": "STREET",
        "attributes": {"kind": "bin", "bin_colour": "black", "problems": ["smell", "blocked"], "weeks": 3},
        "description": "Where is the path blocked?\nBy the gate\n\nTell us more\nIt smells",
        "address_string": "1 High Street, Anytown, AB1 2CD",
        "first_name": "Mary Anne",
        "last_name": "Smith",
        "phone": "07700900982",
    }


def test_a_single_name_goes_in_first_name(form: FormDefinition) -> None:
    journey = started(form)
    give(journey, "other", "", ADDRESS, "Cher", "")
    payload = journey.submission().payload
    assert (payload["first_name"], payload["last_name"]) == ("Cher", "")
    assert "phone" not in payload and "description" not in payload


def test_submission_is_only_available_at_check_answers(form: FormDefinition) -> None:
    journey = Journey(form)
    with pytest.raises(RuntimeError):
        journey.submission()
    journey.start()
    give(journey, "other", "")
    with pytest.raises(RuntimeError):
        journey.submission()
    give(journey, ADDRESS, "Jo Bloggs", "")
    submission = journey.submission()
    assert submission.form_id == "street-problem"
    assert submission.form_version == form.version
    assert submission.language == "en"
    assert submission.client_uuid == journey.client_uuid
    assert submission.answers == {
        "kind": "other",
        "address": {"line1": "1 High Street", "line2": "", "town": "Anytown", "postcode": "AB1 2CD"},
        "full-name": "Jo Bloggs",
    }
    journey.back()
    with pytest.raises(RuntimeError):
        journey.submission()


def test_each_journey_has_its_own_client_uuid(form: FormDefinition) -> None:
    assert Journey(form).client_uuid != Journey(form).client_uuid


# -- versions ------------------------------------------------------------------------------------


def version_of(tmp_path: Path, text: str, name: str) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_form_file(path).version


def test_the_version_changes_when_a_word_changes(tmp_path: Path, form: FormDefinition) -> None:
    reworded = STREET_FORM.replace("Tell us more}", "Tell us a bit more}")
    assert reworded != STREET_FORM
    assert version_of(tmp_path, reworded, "reworded") != form.version
    rerouted = STREET_FORM.replace("{in: [noise, other]}", "{in: [noise]}")
    assert version_of(tmp_path, rerouted, "rerouted") != form.version


def test_the_version_ignores_comments_and_formatting(tmp_path: Path, form: FormDefinition) -> None:
    commented = "# Owned by the streets team\n" + STREET_FORM.replace(
        "  service_code: STREET\n", "  service_code: STREET   # from the case API\n\n\n"
    )
    block_style = STREET_FORM.replace(
        "title: {en: Report a street problem, cy: Rhoi gwybod am broblem stryd}\n",
        "title:\n  cy: 'Rhoi gwybod am broblem stryd'\n  en: \"Report a street problem\"\n",
    )
    assert version_of(tmp_path, commented, "commented") == form.version
    assert version_of(tmp_path, block_style, "block-style") == form.version
    assert len(form.version) == 12
