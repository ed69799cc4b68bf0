"""The on-screen keyboard, driven as a resident uses it: taps on the keys of the real kiosk.

Typing reaches the focused field as key events (so Continue submits what was typed, Enter
submits like a physical Return), the keys never take focus, every key is named and large, the
field stays in view above the keys, each question kind gets its layout, and the layout files are
checked with messages that say which file and what is wrong.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from journey_answers import FORM_JOURNEYS, delete_closed_windows  # noqa: F401
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QFontInfo
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from test_journeys import press_and_release

from kiosk.screens.question import QuestionScreen
from kiosk.widgets.keyboard import KeyboardDock
from kiosk.widgets.keyboard.key_grid import KeyButton
from kiosk.widgets.keyboard.loader import KeyboardLayoutError, load_layout, shipped_layout, shipped_layout_names

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
MIN_KEY_PX = 60
MIN_TEXT_PX = 28

# -- driving the keyboard -------------------------------------------------------------------------


def dock_of(kiosk) -> KeyboardDock:
    return kiosk.window.keyboard


def find_key(dock: KeyboardDock, text: str | None = None, kind: str = "char") -> KeyButton:
    """The shown key of ``kind`` (for characters: the one typing ``text`` without Shift)."""
    for button in dock.key_buttons():
        if button.key.kind == kind and (text is None or button.key.text == text):
            return button
    shown = [b.key.text or b.key.kind for b in dock.key_buttons()]
    raise AssertionError(f"no {kind} key {text!r} on the {dock.layout_name} keyboard: {shown}")


def tap(qtbot, button: QWidget) -> None:
    assert button.isVisible(), f"{button.objectName()} is not on screen"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))
    QApplication.processEvents()


def tap_key(qtbot, dock: KeyboardDock, text: str | None = None, kind: str = "char") -> None:
    tap(qtbot, find_key(dock, text, kind))


def tap_out(qtbot, dock: KeyboardDock, text: str) -> None:
    """Tap the keys for ``text``: Space for spaces, Shift before a capital that has no key of its own."""
    for char in text:
        own_key = any(button.key.kind == "char" and button.key.text == char for button in dock.key_buttons())
        if char == " ":
            tap_key(qtbot, dock, kind="space")
        elif char != char.lower() and not own_key:
            tap_key(qtbot, dock, kind="shift")
            tap_key(qtbot, dock, char.lower())
        else:
            tap_key(qtbot, dock, char)


def go_to_question(resident, form_id: str, question_id: str) -> QuestionScreen:
    """Open ``form_id`` and answer its pages (with the journey's answers) until ``question_id``."""
    answers = FORM_JOURNEYS[form_id].answers
    resident.open_form(form_id)
    resident.start()
    while resident.screen.step.question_id != question_id:
        resident.answer_and_continue(answers.get(resident.screen.step.question_id))
    assert isinstance(resident.screen, QuestionScreen)
    return resident.screen


def window_rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def shown_above_keys(window, field: QWidget) -> bool:
    """The whole field is inside the screen area's viewport and above the keyboard's top edge."""
    field_rect = window_rect(field, window)
    viewport = window_rect(window.scroll.viewport(), window)
    keys_top = window_rect(window.keyboard, window).top()
    return viewport.contains(field_rect) and field_rect.bottom() < keys_top


# -- typing ---------------------------------------------------------------------------------------


def test_tapped_keys_type_into_the_field_and_continue_submits_what_was_typed(kiosk, resident, qtbot):
    screen = go_to_question(resident, "call-back", "full-name")
    field = screen.input.part_widget(None)
    dock = dock_of(kiosk)
    assert QApplication.focusWidget() is field
    assert dock.isVisible() and dock.layout_name == "en"

    tap_out(qtbot, dock, "Grace Mensahx")
    assert field.text() == "Grace Mensahx"
    tap_key(qtbot, dock, kind="backspace")
    assert field.text() == "Grace Mensah"
    assert QApplication.focusWidget() is field, "a key took the focus"

    resident.tap_continue()
    assert resident.screen.step.question_id == "phone"
    assert kiosk.controller.journey.answers()["full-name"] == "Grace Mensah"


def test_shift_gives_one_capital_then_lower_case(kiosk, resident, qtbot):
    screen = go_to_question(resident, "call-back", "full-name")
    field = screen.input.part_widget(None)
    dock = dock_of(kiosk)
    shift = find_key(dock, kind="shift")
    q = find_key(dock, "q")
    assert (q.text(), q.accessibleName()) == ("q", "Letter q")

    tap(qtbot, shift)
    assert shift.isChecked()
    assert (q.text(), q.accessibleName()) == ("Q", "Capital letter Q")
    tap(qtbot, q)
    tap(qtbot, q)
    assert field.text() == "Qq"
    assert not shift.isChecked()
    assert q.text() == "q"


def test_enter_submits_the_question_like_the_return_key(kiosk, resident, qtbot):
    screen = go_to_question(resident, "call-back", "phone")
    field = screen.input.part_widget(None)
    dock = dock_of(kiosk)
    tap_out(qtbot, dock, "020 7946 0018")
    assert field.text() == "020 7946 0018"
    tap_key(qtbot, dock, kind="enter")
    assert resident.screen.step.question_id == "best-time"
    assert kiosk.controller.journey.answers()["phone"] == "02079460018"
    assert not dock.isVisible(), "the keys stayed up on a page of choices"


def test_enter_in_a_description_starts_a_new_line(kiosk, resident, qtbot):
    screen = go_to_question(resident, "call-back", "details")
    field = screen.input.part_widget(None)
    dock = dock_of(kiosk)
    tap_out(qtbot, dock, "bin")
    tap_key(qtbot, dock, kind="enter")
    tap_out(qtbot, dock, "tax")
    assert field.toPlainText() == "bin\ntax"
    assert resident.screen is screen


def test_the_second_tap_of_a_double_tap_on_enter_does_not_reach_the_next_question(kiosk, resident, qtbot):
    screen = go_to_question(resident, "call-back", "full-name")
    dock = dock_of(kiosk)
    tap_out(qtbot, dock, "Ann")
    enter = find_key(dock, kind="enter")
    spot = enter.mapTo(kiosk.window, QPoint(12, enter.height() // 2))  # the left of Enter

    start = 20_000_000
    press_and_release(kiosk.window, spot, start)
    assert resident.screen is not screen and resident.screen.step.question_id == "phone"
    phone = resident.screen.input.part_widget(None)
    assert dock.layout_name == "digits"
    under_finger = kiosk.window.childAt(spot)
    assert isinstance(under_finger, KeyButton) and under_finger.key.kind == "space", "nothing there to guard"
    press_and_release(kiosk.window, spot, start + 180)
    assert resident.screen.step.question_id == "phone" and phone.text() == ""

    # A later, separate tap types as usual.
    tap_key(qtbot, dock, "0")
    assert phone.text() == "0"


def test_keys_never_take_focus_and_non_ascii_letters_arrive_whole(kiosk, resident, qtbot):
    screen = go_to_question(resident, "call-back", "full-name")
    field = screen.input.part_widget(None)
    dock = dock_of(kiosk)
    dock.set_language("pl")
    assert dock.layout_name == "pl"
    tap_key(qtbot, dock, kind="shift")
    tap_key(qtbot, dock, "ł")
    tap_out(qtbot, dock, "ukasz ")
    tap_key(qtbot, dock, "ż")
    assert field.text() == "Łukasz ż"
    assert all(button.focusPolicy() == Qt.FocusPolicy.NoFocus for button in dock.key_buttons())
    assert QApplication.focusWidget() is field


# -- where the keyboard is, and which one ------------------------------------------------------


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize(("form_id", "question_id"), [("call-back", "details"), ("call-back", "full-name"),
                                                      ("missed-bin", "address")])  # fmt: skip
def test_the_focused_field_stays_in_view_above_the_keys(size, form_id, question_id, kiosk, resident, qtbot):
    window = kiosk.window
    window.resize(*SIZES[size])
    kiosk.controller.show_home()
    resident.settle()
    helper = window_rect(resident.find("helper-button"), window)
    screen = go_to_question(resident, form_id, question_id)
    fields = list(getattr(screen.input, "fields", {None: screen.input.part_widget(None)}).values())
    for number, field in enumerate(fields):
        if number:
            resident.tap(field)
        assert QApplication.focusWidget() is field
        assert window.keyboard.isVisible()
        qtbot.waitUntil(lambda field=field: shown_above_keys(window, field), timeout=2000)
        assert window.size().toTuple() == SIZES[size], "the keys made the window grow"
        assert window_rect(resident.find("helper-button"), window) == helper, "Ask a helper moved"


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_with_text_at_200_percent_the_keys_grow_and_the_field_still_shows(size, kiosk, resident, qtbot):
    window = kiosk.window
    window.resize(*SIZES[size])
    kiosk.controller.show_home()
    resident.settle()
    screen = go_to_question(resident, "call-back", "full-name")
    normal_height = find_key(dock_of(kiosk), "q").height()
    kiosk.controller.change_preferences({"text_scale": 2.0})
    resident.settle()
    field = resident.screen.input.part_widget(None)
    assert resident.screen is not screen and QApplication.focusWidget() is field
    q = find_key(dock_of(kiosk), "q")
    assert q.height() > normal_height and QFontInfo(q.font()).pixelSize() >= 2 * MIN_TEXT_PX
    qtbot.waitUntil(lambda: shown_above_keys(window, field), timeout=2000)


def test_a_phone_question_gets_the_phone_keypad(kiosk, resident):
    go_to_question(resident, "call-back", "phone")
    dock = dock_of(kiosk)
    assert dock.isVisible() and dock.layout_name == "digits"
    typed = {button.key.text for button in dock.key_buttons() if button.key.kind == "char"}
    assert set("0123456789") <= typed
    assert not any(unicodedata.category(char[0]).startswith("L") for char in typed), typed
    assert {"backspace", "enter", "space", "hide"} <= {button.key.kind for button in dock.key_buttons()}


def test_postcode_fields_get_the_postcode_keys_and_address_lines_the_letters(kiosk, resident, qtbot):
    screen = go_to_question(resident, "missed-bin", "address")
    dock = dock_of(kiosk)
    assert QApplication.focusWidget() is screen.input.fields["line1"]
    assert dock.layout_name == "en"
    postcode = screen.input.fields["postcode"]
    resident.tap(postcode)
    assert QApplication.focusWidget() is postcode
    assert dock.layout_name == "postcode"
    tap_out(qtbot, dock, "SW1A 2AA")
    assert postcode.text() == "SW1A 2AA"

    resident.tap(screen.input.fields["town"])
    assert dock.layout_name == "en"


def test_date_parts_get_digits_only(kiosk, resident):
    screen = go_to_question(resident, "missed-bin", "due-date")
    dock = dock_of(kiosk)
    for field in screen.input.fields.values():
        field.setFocus()
        QApplication.processEvents()
        assert dock.layout_name == "date"
        typed = sorted(button.key.text for button in dock.key_buttons() if button.key.kind == "char")
        assert typed == list("0123456789")


def test_hide_keeps_the_keys_down_until_the_field_is_tapped_or_focus_returns(kiosk, resident, qtbot):
    screen = go_to_question(resident, "call-back", "full-name")
    field = screen.input.part_widget(None)
    dock = dock_of(kiosk)
    tap_key(qtbot, dock, kind="hide")
    assert not dock.isVisible()
    assert QApplication.focusWidget() is field
    resident.tap(field)
    assert dock.isVisible()

    # Continue with nothing typed: the error summary takes focus and the keys go; its link
    # puts the focus back in the field and the keys come back.
    resident.tap_continue()
    assert resident.screen.error_summary is not None
    assert QApplication.focusWidget() is resident.screen.error_summary
    assert not dock.isVisible()
    resident.screen.focus_part(None)
    resident.settle()
    assert dock.isVisible() and QApplication.focusWidget() is resident.screen.input.part_widget(None)


def test_the_keys_stay_put_under_a_finger_until_it_lifts(kiosk, resident, qtbot):
    go_to_question(resident, "call-back", "full-name")
    dock = dock_of(kiosk)
    continue_button = resident.find("continue-button")
    middle = QPoint(continue_button.width() // 2, continue_button.height() // 2)
    qtbot.mousePress(continue_button, Qt.MouseButton.LeftButton, pos=middle)
    QApplication.processEvents()
    assert QApplication.focusWidget() is continue_button
    assert dock.isVisible(), "the keys went (and the page moved) while the finger was still down"
    qtbot.mouseRelease(continue_button, Qt.MouseButton.LeftButton, pos=middle)
    QApplication.processEvents()
    assert resident.screen.error_summary is not None, "the tap on Continue was lost"
    assert not dock.isVisible()


def test_a_disabled_keyboard_never_shows(kiosk, resident):
    dock = dock_of(kiosk)
    dock.keyboard_enabled = False
    go_to_question(resident, "call-back", "full-name")
    assert not dock.isVisible()


def test_arabic_shows_the_arabic_keys_right_to_left(kiosk, resident, qtbot):
    resident.tap(resident.find("home-language-ar"))  # the real language switch tells the keyboard
    screen = go_to_question(resident, "call-back", "full-name")
    field = screen.input.part_widget(None)
    dock = dock_of(kiosk)
    assert dock.layout_name == "ar"
    assert dock.panel.grid.layoutDirection() == Qt.LayoutDirection.RightToLeft
    first_row = [button for button in dock.key_buttons() if button.key in dock.panel.keyboard_layout.pages[0].rows[0]]
    assert [b.key.kind for b in first_row[:2]] == ["backspace", "char"]
    assert first_row[0].x() > first_row[1].x() > first_row[-1].x(), "the row is not drawn from the right"
    tap_key(qtbot, dock, "ض")
    tap_key(qtbot, dock, "لا")
    assert field.text() == "ضلا"
    assert not any(button.key.kind == "shift" for button in dock.key_buttons())

    dock.set_language("en")
    assert dock.layout_name == "en"
    assert dock.panel.grid.layoutDirection() == Qt.LayoutDirection.LeftToRight
    dock.set_language("cy")  # no Welsh layout: English keys
    assert dock.layout_name == "en"


# -- every key is named and large --------------------------------------------------------------


def show_layout(dock: KeyboardDock, field: QLineEdit, name: str) -> None:
    """Show layout ``name`` by asking for it the way a field does, or by language for text layouts."""
    if name in ("en", "pl", "ro", "ar", "bn"):
        field.setProperty("keyboard_layout", "text")
        dock.set_language(name)
    else:
        field.setProperty("keyboard_layout", name)
    field.clearFocus()
    field.setFocus()
    QApplication.processEvents()
    assert dock.layout_name == name


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_every_key_of_every_layout_is_named_large_and_never_focused(size, kiosk, resident, qtbot):
    kiosk.window.resize(*SIZES[size])
    kiosk.controller.show_home()
    resident.settle()
    field = go_to_question(resident, "call-back", "full-name").input.part_widget(None)
    dock = dock_of(kiosk)
    problems: list[str] = []
    for name in shipped_layout_names():
        show_layout(dock, field, name)
        for page in shipped_layout(name).pages:
            if dock.panel.page_id != page.id:
                tap(qtbot, next(b for b in dock.key_buttons() if b.key.kind == "page" and b.key.target == page.id))
            assert dock.panel.page_id == page.id
            for button in dock.key_buttons():
                where = f"{name}/{page.id} {button.objectName()}"
                interface = QAccessible.queryAccessibleInterface(button)
                if interface is None or not interface.text(QAccessible.Text.Name).strip():
                    problems.append(f"{where} has no accessible name")
                if min(button.width(), button.height()) < MIN_KEY_PX:
                    problems.append(f"{where} is {button.width()}x{button.height()} px")
                if QFontInfo(button.font()).pixelSize() < MIN_TEXT_PX:
                    problems.append(f"{where} has {QFontInfo(button.font()).pixelSize()} px text")
                if button.text().replace("&&", "&") != button.key.label:
                    problems.append(f"{where} shows {button.text()!r}, not {button.key.label!r}")
                if button.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    problems.append(f"{where} can take focus")
                if not window_rect(kiosk.window, kiosk.window).contains(window_rect(button, kiosk.window)):
                    problems.append(f"{where} is off the window")
        if len({page.id for page in shipped_layout(name).pages}) > 1:
            first = shipped_layout(name).pages[0].id
            tap(qtbot, next(b for b in dock.key_buttons() if b.key.kind == "page" and b.key.target == first))
    assert not problems, "\n".join(problems)


# -- the layout files ----------------------------------------------------------------------------


def typed_by(name: str) -> set[str]:
    return {key.text for page in shipped_layout(name).pages for key in page.all_keys() if key.kind == "char"}


def kinds_in(name: str) -> set[str]:
    return {key.kind for page in shipped_layout(name).pages for key in page.all_keys()}


def test_every_shipped_layout_loads_and_has_what_its_language_or_question_needs():
    names = set(shipped_layout_names())
    assert {"en", "pl", "ro", "ar", "bn", "digits", "number", "date", "postcode", "email"} <= names
    for name in names:
        layout = load_layout(shipped_layout(name).source)
        assert layout.name == name and layout.pages
    for name in ("en", "pl", "ro"):
        assert shipped_layout(name).has_case and "shift" in kinds_in(name)
        assert set("abcdefghijklmnopqrstuvwxyz0123456789") <= typed_by(name)
        assert len(shipped_layout(name).pages) >= 2, "no page of digits and symbols"
    assert set("ąćęłńóśźż") <= typed_by("pl")
    assert {"ă", "â", "î", "\u0219", "\u021b"} <= typed_by("ro")  # ș ț with comma below
    assert not {"\u015f", "\u0163"} & typed_by("ro"), "cedilla forms instead of comma below"
    assert shipped_layout("ar").right_to_left and not shipped_layout("ar").has_case
    assert set("ضصثقفغعهخحجدشسيبلاتنمكطئءؤرىةوزظذ") <= typed_by("ar")
    assert set("অআইঈউঊঋএঐওঔ") <= typed_by("bn"), "independent vowels"
    assert set("াি ীুূৃেৈোৌ".replace(" ", "")) <= typed_by("bn"), "vowel signs"
    assert set("্ংঃঁ") <= typed_by("bn"), "hasanta and signs"
    assert set("কখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহৎ") <= typed_by("bn")
    assert typed_by("digits") == set("0123456789+") and "space" in kinds_in("digits")
    assert typed_by("number") == set("0123456789.-")
    assert typed_by("date") == set("0123456789")
    assert typed_by("postcode") == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") and "space" in kinds_in("postcode")
    assert set("abcdefghijklmnopqrstuvwxyz0123456789@._-") <= typed_by("email")
    for name in names:
        for page in shipped_layout(name).pages:
            kinds = {key.kind for key in page.all_keys()}
            assert {"backspace", "enter", "hide"} <= kinds, f"{name}/{page.id}"


GOOD_LAYOUT = """\
schema_version = 1
name = "{name}"
title = "Test"
direction = "ltr"
has_case = false

[names]
letter = "Letter {{text}}"
digit = "{{text}}"

[[pages]]
id = "main"
rows = [
  ["a", "b", {{ kind = "backspace", label = "⌫", name = "Backspace" }}],
  [{{ kind = "enter", label = "Enter", name = "Enter" }}, {{ kind = "hide", label = "Hide", name = "Hide keyboard" }}],
]
"""
ROW_AB = '["a", "b", '
BAD_LAYOUTS = {
    "unknown kind": (ROW_AB, '["a", { kind = "blink", label = "x", name = "X" }, ', "unknown key kind 'blink'"),
    "empty row": ("rows = [\n", "rows = [\n  [],\n", "page 'main', row 1: is empty"),
    "duplicate text": (ROW_AB, '["a", "a", ', "duplicate key: two keys type 'a'"),
    "duplicate name": (ROW_AB, '["a", { text = "b", name = "Letter a" }, ', "two keys are called 'Letter a'"),
    "symbol without name": (ROW_AB, '["a", "@", ', "('@'): needs a name"),
    "no hide key": (', { kind = "hide", label = "Hide", name = "Hide keyboard" }', "", "has no hide key"),
    "unknown page": (ROW_AB, '["a", { kind = "page", target = "more", label = "?", name = "More" }, ', "opens 'more'"),
    "unknown field": (ROW_AB, '["a", { text = "b", lable = "B" }, ', "unknown field 'lable'"),
    "wrong name": ('name = "bad"', 'name = "other"', "'other' does not match the file name 'bad.toml'"),
    "not toml": ("rows = [\n", "rows = [[\n", "not valid TOML"),
    "duplicate page": ('id = "main"\n', 'id = "main"\nrows = [["c"]]\n\n[[pages]]\nid = "main"\n', "page id 'main'"),
    "bad pattern": ('letter = "Letter {text}"', 'letter = "Letter {name}"', "names.letter: 'Letter {name}' must"),
}


@pytest.mark.parametrize("case", list(BAD_LAYOUTS))
def test_a_bad_layout_file_is_refused_with_the_file_and_the_problem(case: str, tmp_path: Path):
    good = tmp_path / "good.toml"
    good.write_text(GOOD_LAYOUT.format(name="good"), encoding="utf-8")
    assert [key.text for key in load_layout(good).pages[0].rows[0][:2]] == ["a", "b"]

    old, new, message = BAD_LAYOUTS[case]
    text = GOOD_LAYOUT.format(name="bad")
    assert old in text
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KeyboardLayoutError) as raised:
        load_layout(bad)
    assert str(bad) in str(raised.value)
    assert message in str(raised.value)
