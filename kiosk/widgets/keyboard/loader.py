"""Read keyboard layouts from TOML files, checked, with messages that name the file and the key.

A layout file (``assets/keyboards/<name>.toml``)::

    schema_version = 1
    name = "en"                  # must match the file name
    title = "English (UK)"
    direction = "ltr"            # or "rtl": rows are then drawn from the right
    has_case = true              # Shift gives one capital
    max_key_width_px = 128       # optional: how wide one key unit may grow

    [names]                      # accessible names for keys that give none
    letter = "Letter {text}"
    digit = "{text}"
    capital = "Capital letter {text}"   # needed when has_case

    [[pages]]
    id = "letters"
    rows = [["q", "w", {kind = "backspace", label = "⌫", name = "Backspace", width = 1.5}], ...]

A key is a string (a key typing it) or a table with ``kind`` (default "char"), ``label``, ``name``,
``width`` (units, default 1), for "char" ``text`` and optionally ``shifted_text``,
``shifted_label``, ``shifted_name``, and for "page" ``target`` (a page id); a "gap" has only a
width. Every page has Backspace, Enter and Hide keys; keys other than letters and digits need a name.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.assets import assets_dir
from kiosk.widgets.keyboard.model import KEY_KINDS, Key, KeyboardLayout, NamePatterns, Page
from kiosk.widgets.keyboard.names import accessible_name, character_class

SCHEMA_VERSION = 1
DEFAULT_MAX_KEY_WIDTH_PX = 128
TOP_FIELDS = {"schema_version", "name", "title", "direction", "has_case", "max_key_width_px", "names", "pages"}
COMMON_KEY_FIELDS = {"kind", "label", "name", "width"}
KEY_FIELDS = {
    "char": COMMON_KEY_FIELDS | {"text", "shifted_text", "shifted_label", "shifted_name"},
    "page": COMMON_KEY_FIELDS | {"target"},
    "gap": {"kind", "width"},
}
REQUIRED_ON_EVERY_PAGE = ("backspace", "enter", "hide")
MIN_WIDTH, MAX_WIDTH = 0.5, 12.0


class KeyboardLayoutError(ValueError):
    """A layout file that cannot be used; the message names the file, the place and the problem."""


def keyboards_dir() -> Path:
    return assets_dir() / "keyboards"


def shipped_layout_names() -> list[str]:
    """The names of the layouts shipped with the kiosk, sorted."""
    return sorted(path.stem for path in keyboards_dir().glob("*.toml"))


@cache
def shipped_layout(name: str) -> KeyboardLayout:
    """The shipped layout ``name`` (read once). Raises KeyboardLayoutError if it is missing or bad."""
    path = keyboards_dir() / f"{name}.toml"
    if not path.is_file():
        raise KeyboardLayoutError(f"{path}: no such keyboard layout (shipped: {', '.join(shipped_layout_names())})")
    return load_layout(path)


def load_layout(path: Path) -> KeyboardLayout:
    """Read and check one layout file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KeyboardLayoutError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KeyboardLayoutError(f"{path}: not valid TOML: {exc}") from exc
    return _Checker(path).layout(data)


class _Checker:
    """Turns one file's parsed TOML into a KeyboardLayout, or raises with the first problem."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> KeyboardLayoutError:
        place = f"{self.path}: {where}: " if where else f"{self.path}: "
        return KeyboardLayoutError(place + problem)

    def layout(self, data: dict[str, Any]) -> KeyboardLayout:
        unknown = sorted(set(data) - TOP_FIELDS)
        if unknown:
            raise self.fail("", f"unknown field {unknown[0]!r} (expected {', '.join(sorted(TOP_FIELDS))})")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise self.fail("schema_version", f"must be {SCHEMA_VERSION}, not {data.get('schema_version')!r}")
        name = self.string(data, "name", "")
        if name != self.path.stem:
            raise self.fail("name", f"{name!r} does not match the file name {self.path.name!r}")
        direction = data.get("direction", "ltr")
        if direction not in ("ltr", "rtl"):
            raise self.fail("direction", f"must be 'ltr' or 'rtl', not {direction!r}")
        has_case = data.get("has_case", False)
        if not isinstance(has_case, bool):
            raise self.fail("has_case", f"must be true or false, not {has_case!r}")
        max_width = data.get("max_key_width_px", DEFAULT_MAX_KEY_WIDTH_PX)
        if not isinstance(max_width, int) or isinstance(max_width, bool) or not 64 <= max_width <= 400:
            raise self.fail("max_key_width_px", f"must be a whole number from 64 to 400, not {max_width!r}")
        patterns = self.patterns(data.get("names"), has_case)
        pages_data = data.get("pages")
        if not isinstance(pages_data, list) or not pages_data:
            raise self.fail("pages", "a layout needs at least one [[pages]] table")
        page_ids = [self.page_id(page, number) for number, page in enumerate(pages_data, 1)]
        repeated = sorted({page_id for page_id in page_ids if page_ids.count(page_id) > 1})
        if repeated:
            raise self.fail("pages", f"duplicate page id {repeated[0]!r}")
        pages = tuple(
            self.page(page_data, page_id, set(page_ids), has_case, patterns)
            for page_data, page_id in zip(pages_data, page_ids, strict=True)
        )
        if has_case and not any(key.kind == "shift" for key in pages[0].all_keys()):
            raise self.fail(f"page {pages[0].id!r}", "has_case is true but the first page has no shift key")
        return KeyboardLayout(name, self.string(data, "title", ""), direction == "rtl", has_case, patterns,
                              pages, max_width, self.path)  # fmt: skip

    def string(self, data: dict[str, Any], field: str, where: str) -> str:
        value = data.get(field)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}{field}" if where else field, f"must be a non-empty string, not {value!r}")
        return value

    def patterns(self, data: Any, has_case: bool) -> NamePatterns:
        if not isinstance(data, dict):
            raise self.fail("names", "a [names] table with 'letter' and 'digit' patterns is required")
        unknown = sorted(set(data) - {"letter", "digit", "capital"})
        if unknown:
            raise self.fail("names", f"unknown pattern {unknown[0]!r} (expected letter, digit, capital)")
        fields = ("letter", "digit", "capital") if has_case else ("letter", "digit")
        for field in fields:
            pattern = self.string(data, field, "names.")
            try:
                usable = "{text}" in pattern and pattern.format(text="x") != pattern
            except (KeyError, IndexError, ValueError):
                usable = False
            if not usable:
                raise self.fail(f"names.{field}", f"{pattern!r} must contain {{text}} and no other {{...}}")
        return NamePatterns(data["letter"], data["digit"], data.get("capital", data["letter"]))

    def page_id(self, data: Any, number: int) -> str:
        if not isinstance(data, dict):
            raise self.fail(f"page {number}", "must be a table")
        return self.string(data, "id", f"page {number}: ")

    def page(self, data: dict[str, Any], page_id: str, page_ids: set[str], has_case: bool,
             patterns: NamePatterns) -> Page:  # fmt: skip
        where = f"page {page_id!r}"
        unknown = sorted(set(data) - {"id", "rows"})
        if unknown:
            raise self.fail(where, f"unknown field {unknown[0]!r} (expected id, rows)")
        rows = data.get("rows")
        if not isinstance(rows, list) or not rows:
            raise self.fail(where, "has no rows")
        keys_rows: list[tuple[Key, ...]] = []
        for row_number, row in enumerate(rows, 1):
            if not isinstance(row, list) or not row:
                raise self.fail(f"{where}, row {row_number}", "is empty")
            keys_rows.append(tuple(
                self.key(entry, f"{where}, row {row_number}, key {key_number}", has_case, patterns)
                for key_number, entry in enumerate(row, 1)
            ))  # fmt: skip
        page = Page(page_id, tuple(keys_rows))
        self.check_page(page, page_ids, has_case, patterns)
        return page

    def key(self, entry: Any, where: str, has_case: bool, patterns: NamePatterns) -> Key:
        if isinstance(entry, str):
            entry = {"text": entry}
        if not isinstance(entry, dict):
            raise self.fail(where, f"a key is a string or a table, not {entry!r}")
        kind = entry.get("kind", "char")
        if kind not in KEY_KINDS:
            raise self.fail(where, f"unknown key kind {kind!r} (expected one of {', '.join(KEY_KINDS)})")
        allowed = KEY_FIELDS.get(kind, COMMON_KEY_FIELDS)
        unknown = sorted(set(entry) - allowed)
        if unknown:
            expected = ", ".join(sorted(allowed))
            raise self.fail(where, f"unknown field {unknown[0]!r} for a {kind} key (expected {expected})")
        width = entry.get("width", 1.0)
        if not isinstance(width, int | float) or isinstance(width, bool) or not MIN_WIDTH <= width <= MAX_WIDTH:
            raise self.fail(where, f"width must be a number from {MIN_WIDTH} to {MAX_WIDTH}, not {width!r}")
        if kind == "char":
            return self.char_key(entry, where, float(width), has_case, patterns)
        if kind == "gap":
            return Key("gap", "", width=float(width))
        label = self.string(entry, "label", f"{where}: ")
        name = self.string(entry, "name", f"{where}: ")
        target = self.string(entry, "target", f"{where}: ") if kind == "page" else ""
        text = " " if kind == "space" else ""
        return Key(kind, label, text, name, text, label, name, float(width), target)

    def char_key(self, entry: dict[str, Any], where: str, width: float, has_case: bool,
                 patterns: NamePatterns) -> Key:  # fmt: skip
        text = self.string(entry, "text", f"{where}: ")
        where = f"{where} ({text!r})"
        label = self.string(entry, "label", f"{where}: ") if "label" in entry else text
        name = self.string(entry, "name", f"{where}: ") if "name" in entry else ""
        if not name and character_class(text) is None:
            raise self.fail(where, "needs a name: only letters and digits are named by the [names] patterns")
        shifted_fields = {"shifted_text", "shifted_label", "shifted_name"} & set(entry)
        if shifted_fields and not has_case:
            raise self.fail(where, f"{sorted(shifted_fields)[0]} is set but the layout has no case (has_case)")
        if not has_case:
            return Key("char", label, text, name, text, label, name, width)
        shifted_text = self.string(entry, "shifted_text", f"{where}: ") if "shifted_text" in entry else text.upper()
        shifted_label = self.string(entry, "shifted_label", f"{where}: ") if "shifted_label" in entry else label.upper()
        shifted_name = self.string(entry, "shifted_name", f"{where}: ") if "shifted_name" in entry else ""
        if name and shifted_text != text and not shifted_name:
            raise self.fail(where, "has a name but no shifted_name for its capital")
        return Key("char", label, text, name, shifted_text, shifted_label, shifted_name or name, width)

    def check_page(self, page: Page, page_ids: set[str], has_case: bool, patterns: NamePatterns) -> None:
        where = f"page {page.id!r}"
        keys = page.all_keys()
        kinds = {key.kind for key in keys}
        missing = [kind for kind in REQUIRED_ON_EVERY_PAGE if kind not in kinds]
        if missing:
            raise self.fail(where, f"has no {missing[0]} key (every page needs {', '.join(REQUIRED_ON_EVERY_PAGE)})")
        if "shift" in kinds and not has_case:
            raise self.fail(where, "has a shift key but the layout has no case (set has_case = true)")
        for key in keys:
            if key.kind == "page" and (key.target not in page_ids or key.target == page.id):
                others = sorted(page_ids - {page.id})
                raise self.fail(where, f"page key {key.label!r} opens {key.target!r}; expected one of {others}")
        typed: set[str] = set()
        for key in (key for key in keys if key.kind in ("char", "space")):
            if key.text in typed:
                raise self.fail(where, f"duplicate key: two keys type {key.text!r}")
            typed.add(key.text)
        named: set[str] = set()
        for key in (key for key in keys if key.kind != "gap"):
            for name in {accessible_name(key, patterns), accessible_name(key, patterns, shifted=True)}:
                if name in named:
                    raise self.fail(where, f"duplicate name: two keys are called {name!r}")
                named.add(name)
