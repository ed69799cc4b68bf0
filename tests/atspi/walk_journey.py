"""Complete one form on the running kiosk by keyboard alone, steered by its AT-SPI accessible tree.

Run by Debian's ``/usr/bin/python3`` (pyatspi is not in the project's venv), in the same
``dbus-run-session`` and X display as a kiosk started with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``::

    /usr/bin/python3 tests/atspi/walk_journey.py PLAN.json

It works as a screen-reader user does: it reads the current screen's name (its heading) and the
focused node's name and role from the tree, and presses real X keys (xdotool) to move and act:
Tab and Shift+Tab between controls, Up and Down inside a radio group (one Tab stop, as on the
web), Space to press a button or tick a choice, Return to submit a one-line field, and typed
characters. Controls are found by their accessible names, never by counting Tabs.

On every screen it lists every focusable, showing node and records those with an empty name,
records the Tab order (one full cycle) and any focusable node that Tab cannot reach.

``PLAN.json`` (written by the test from the form definition and the kiosk's wording)::

    {"application": "council-kiosk", "screen_timeout_seconds": 30,
     "home_heading": ..., "form_title": ..., "start_label": ..., "continue_label": ...,
     "check_answers_heading": ..., "check_answers_rows": [...], "send_label": ...,
     "confirmation_heading": ..., "reference_label": ..., "error_summary_heading": ...,
     "questions": [{"heading": ..., "action": "choose", "choice": LABEL},
                   {"heading": ..., "action": "type", "fields": [[NAME, TEXT], ...],
                    "submit": "return" | "continue"}]}

Promise: one JSON report on stdout, always (``screens`` in the order visited, each with its
heading, kind, focusable nodes, nameless nodes, Tab order, unreachable nodes and keys pressed;
``confirmation_reached``; ``reference``; ``error``). Exit status 0 when the confirmation was
reached with no error, 1 otherwise, 2 when the kiosk never appeared on the accessibility bus.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from atspi_tree import CONTAINER_ROLES, POLL_SECONDS, Node, Snapshot, WalkError, find_application, take_snapshot

KEY_TIMEOUT_SECONDS = 5.0
APP_TIMEOUT_SECONDS = 30.0
MAX_SCREENS = 40
TYPE_DELAY_MS = 12
CHOICE_ROLES = {"radio button", "check box"}


class Keyboard:
    """Real X key events into the kiosk's window (xdotool on ``$DISPLAY``)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.window = self._find_window()

    def _find_window(self) -> str:
        deadline = time.monotonic() + APP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.pid)],
                                   capture_output=True, text=True, check=False)  # fmt: skip
            windows = found.stdout.split()
            if windows:
                return windows[-1]
            time.sleep(0.1)
        raise WalkError(f"no visible X window belongs to the kiosk (pid {self.pid})")

    def focus_window(self) -> None:
        """Give the kiosk's window the X input focus (there is no window manager to do it)."""
        subprocess.run(["xdotool", "windowfocus", "--sync", self.window], check=True, timeout=10)

    def key(self, name: str) -> None:
        subprocess.run(["xdotool", "key", "--clearmodifiers", name], check=True, timeout=10)

    def type(self, text: str) -> None:
        subprocess.run(["xdotool", "type", "--clearmodifiers", "--delay", str(TYPE_DELAY_MS), "--", text],
                       check=True, timeout=60)  # fmt: skip


def _where(snap: Snapshot) -> tuple[str, str]:
    """The screen and the focused node of a snapshot, by their object paths."""
    screen, focused = snap.screen, snap.focused
    return (screen.path if screen else "", focused.path if focused else "")


@dataclass
class ScreenReport:
    """What the walker found and did on one screen."""

    heading: str
    kind: str
    focusable: list[dict[str, str]]
    nameless: list[dict[str, str]]
    tab_order: list[str] = field(default_factory=list)
    tab_cycle_closed: bool = True
    not_reachable_by_tab: list[dict[str, str]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Walker:
    """Drives one journey through the kiosk by keyboard, reporting as it goes."""

    def __init__(self, app: Any, keyboard: Keyboard, plan: dict[str, Any]) -> None:
        self.app = app
        self.keyboard = keyboard
        self.plan = plan
        self.timeout = float(plan.get("screen_timeout_seconds", 30))
        self.questions = {q["heading"]: q for q in plan["questions"]}
        self.screens: list[ScreenReport] = []
        self.reference: str | None = None
        self.confirmation_reached = False
        self._cycle: list[str] = []

    # -- reading the tree ---------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return take_snapshot(self.app)

    def wait_for(self, what: str, check: Callable[[Snapshot], bool], timeout: float | None = None) -> Snapshot:
        """Poll snapshots until ``check(snapshot)`` is true; WalkError naming ``what`` on timeout."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            snap = self.snapshot()
            if check(snap):
                return snap
            if time.monotonic() > deadline:
                focused = snap.focused
                where = f"{focused.role} {focused.name!r}" if focused else "nothing"
                raise WalkError(f"timed out waiting for {what} (focus on {where})")
            time.sleep(POLL_SECONDS)

    def wait_for_new_screen(self, previous: str | None) -> Snapshot:
        """The next screen, settled: shown, holding the focus, the same in two snapshots."""

        def settled(snap: Snapshot) -> bool:
            screen, focused = snap.screen, snap.focused
            if screen is None or focused is None or screen.path == previous:
                return False
            return focused.path in {n.path for n in snap.within(screen)} or focused.path == screen.path

        deadline = time.monotonic() + self.timeout
        while True:
            first = self.wait_for("a new screen to take focus", settled)
            time.sleep(POLL_SECONDS * 2)
            again = self.wait_for("the new screen to settle", settled)
            if _where(first) == _where(again):
                return again
            if time.monotonic() > deadline:
                raise WalkError(f"the screen after {previous!r} kept changing: {_where(first)} then {_where(again)}")

    # -- acting -------------------------------------------------------------------------------
    def press(self, report: ScreenReport, key: str, on: Node | None = None) -> None:
        """Press ``key``; the report names the node it was pressed on, for actions."""
        report.keys.append(f"{key} on {on.role} {on.name!r}" if on is not None else key)
        self.keyboard.key(key)

    def press_and_follow_focus(self, report: ScreenReport, key: str) -> Node:
        """Press a key that moves focus; return the newly focused node."""
        before = self.snapshot().focused
        before_path = before.path if before else None
        self.press(report, key)
        snap = self.wait_for(
            f"focus to move after {key}",
            lambda s: s.focused is not None and s.focused.path != before_path,
            timeout=KEY_TIMEOUT_SECONDS,
        )
        assert snap.focused is not None
        return snap.focused

    def record_tab_cycle(self, report: ScreenReport, snap: Snapshot) -> None:
        """Tab once round the whole screen, back to where focus started, noting the order."""
        start = snap.focused
        assert start is not None
        limit = len(snap.focusable_showing()) + 3
        cycle = [start.path]
        report.tab_order.append(f"{start.role}: {start.name}")
        closed = False
        for _ in range(limit):
            node = self.press_and_follow_focus(report, "Tab")
            if node.path == start.path:
                closed = True
                break
            cycle.append(node.path)
            report.tab_order.append(f"{node.role}: {node.name}")
        report.tab_cycle_closed = closed
        if not closed:
            report.notes.append(f"Tab did not come back to {start.name!r} within {limit} presses")
        self._cycle = cycle
        reached = set(cycle)
        stops_by_parent = {n.parent for n in snap.nodes if n.path in reached and n.role == "radio button"}
        for node in snap.focusable_showing():
            if node.path in reached:
                continue
            if node.role == "radio button" and node.parent in stops_by_parent:
                continue  # a radio group is one Tab stop; its other options are reached with arrows
            report.not_reachable_by_tab.append(node.summary())

    def focus_node(self, report: ScreenReport, target: Node) -> None:
        """Move focus to ``target`` with Tab or Shift+Tab, whichever way round is shorter."""
        focused = self.snapshot().focused
        if focused is not None and focused.path == target.path:
            return
        if target.path not in self._cycle:
            raise WalkError(f"{target.role} {target.name!r} cannot be reached with Tab on {report.heading!r}")
        here = self._cycle.index(focused.path) if focused is not None and focused.path in self._cycle else 0
        there = self._cycle.index(target.path)
        forward = (there - here) % len(self._cycle)
        key = "Tab" if forward <= len(self._cycle) - forward else "shift+Tab"
        for _ in range(len(self._cycle) + 2):
            node = self.press_and_follow_focus(report, key)
            if node.path == target.path:
                return
        raise WalkError(f"{key} never reached {target.role} {target.name!r} on {report.heading!r}")

    def only(self, snap: Snapshot, name: str, roles: set[str], report: ScreenReport) -> Node:
        found = [n for n in snap.named(name, roles) if n.focusable]
        if len(found) != 1:
            raise WalkError(f"expected one focusable {'/'.join(sorted(roles))} named {name!r} on "
                            f"{report.heading!r}, found {len(found)}")  # fmt: skip
        return found[0]

    def press_button(self, report: ScreenReport, snap: Snapshot, name: str) -> None:
        """Tab to the push button named ``name`` and press Space."""
        target = self.only(snap, name, {"push button"}, report)
        self.focus_node(report, target)
        self.press(report, "space", target)

    def choose(self, report: ScreenReport, snap: Snapshot, label: str) -> None:
        """Tick the choice named ``label``: Tab into its group, arrows within a radio group, Space."""
        target = self.only(snap, label, CHOICE_ROLES, report)
        if target.role == "radio button":
            group = [n for n in snap.nodes if n.role == "radio button" and n.parent == target.parent]
            stops = [n for n in group if n.path in self._cycle]
            if not stops:
                raise WalkError(f"no option of the group holding {label!r} can be reached with Tab")
            self.focus_node(report, stops[0])
            order = [n.path for n in group]
            for _ in range(len(group)):
                focused = self.snapshot().focused
                if focused is None or focused.path == target.path:
                    break
                key = "Down" if order.index(target.path) > order.index(focused.path) else "Up"
                self.press_and_follow_focus(report, key)
        else:
            self.focus_node(report, target)
        focused = self.snapshot().focused
        if focused is None or focused.path != target.path:
            raise WalkError(f"could not move focus to the choice {label!r}")
        if "checked" not in focused.states:
            self.press(report, "space", target)
        self.wait_for(f"{label!r} to be checked", lambda s: any(
            n.path == target.path and "checked" in n.states for n in s.nodes), timeout=KEY_TIMEOUT_SECONDS)  # fmt: skip

    def type_into(self, report: ScreenReport, snap: Snapshot, name: str, text: str) -> None:
        """Tab to the text field named ``name``, type ``text``, and check the field holds it."""
        target = self.only(snap, name, {"text", "entry", "password text"}, report)
        self.focus_node(report, target)
        report.keys.append(f"type {len(text)} characters into {target.role} {target.name!r}")
        self.keyboard.type(text)

        def holds(_: Snapshot) -> bool:
            contents = target.accessible.queryText()
            return contents.getText(0, -1) == text

        try:
            self.wait_for(f"{name!r} to hold what was typed", holds, timeout=KEY_TIMEOUT_SECONDS)
        except WalkError as exc:
            actual = target.accessible.queryText().getText(0, -1)
            raise WalkError(f"{exc}: typed {text!r} but the field holds {actual!r}") from None

    # -- the journey --------------------------------------------------------------------------
    def kind_of(self, heading: str) -> str:
        plan = self.plan
        kinds = {
            plan["home_heading"]: "home",
            plan["form_title"]: "before_you_start",
            plan["check_answers_heading"]: "check_answers",
            plan["confirmation_heading"]: "confirmation",
        }
        if heading in kinds:
            return kinds[heading]
        return "question" if heading in self.questions else "unknown"

    def survey(self, snap: Snapshot) -> ScreenReport:
        """Name every focusable, showing node on the screen (including the bars around it)."""
        screen = snap.screen
        assert screen is not None
        focusable = snap.focusable_showing()
        report = ScreenReport(
            heading=screen.name,
            kind=self.kind_of(screen.name),
            focusable=[{"role": n.role, "name": n.name} for n in focusable],
            nameless=[n.summary() for n in focusable if not n.name],
        )
        self.screens.append(report)
        return report

    def check_no_errors(self, snap: Snapshot, report: ScreenReport) -> None:
        summary = snap.named(self.plan["error_summary_heading"], CONTAINER_ROLES)
        if summary:
            messages = [n.name for n in snap.within(summary[0]) if n.role == "push button"]
            raise WalkError(f"{report.heading!r} shows an error summary: {messages}")

    def act(self, snap: Snapshot, report: ScreenReport) -> bool:
        """Do what a resident does on this screen; False when the journey is over."""
        plan = self.plan
        if report.kind == "home":
            self.press_button(report, snap, plan["form_title"])
        elif report.kind == "before_you_start":
            self.press_button(report, snap, plan["start_label"])
        elif report.kind == "question":
            self.answer(report, snap, self.questions[report.heading])
        elif report.kind == "check_answers":
            names = {n.name for n in snap.nodes}
            missing = [row for row in plan.get("check_answers_rows", []) if row not in names]
            if missing:
                report.notes.append(f"answers not in the tree: {missing}")
                raise WalkError(f"check answers does not expose {missing}")
            self.press_button(report, snap, plan["send_label"])
        elif report.kind == "confirmation":
            prefix = f"{plan['reference_label']}: "
            shown = [n.name for n in snap.nodes if n.name.startswith(prefix)]
            if not shown:
                raise WalkError(f"the confirmation has no node named {prefix!r}...")
            self.reference = shown[0].removeprefix(prefix)
            self.confirmation_reached = True
            return False
        else:
            raise WalkError(f"an unexpected screen: {report.heading!r}")
        return True

    def answer(self, report: ScreenReport, snap: Snapshot, question: dict[str, Any]) -> None:
        """Tick the planned choice or type into the planned fields, then go on (Continue or Return)."""
        if question["action"] == "choose":
            self.choose(report, snap, question["choice"])
            self.press_button(report, snap, self.plan["continue_label"])
            return
        for name, text in question["fields"]:
            self.type_into(report, snap, name, text)
        if question.get("submit") == "return" and question["fields"]:
            self.press(report, "Return", self.snapshot().focused)
        else:
            self.press_button(report, snap, self.plan["continue_label"])

    def run(self) -> None:
        """Survey and act on screen after screen until the confirmation; WalkError if it cannot."""
        self.keyboard.focus_window()
        previous: str | None = None
        answered: set[str] = set()
        for _ in range(MAX_SCREENS):
            snap = self.wait_for_new_screen(previous)
            screen = snap.screen
            assert screen is not None
            previous = screen.path
            report = self.survey(snap)
            self.check_no_errors(snap, report)
            if report.kind == "question":
                if report.heading in answered:
                    raise WalkError(f"{report.heading!r} came back after it was answered")
                answered.add(report.heading)
            self.record_tab_cycle(report, snap)
            if not self.act(self.snapshot(), report):
                return
        raise WalkError(f"no confirmation after {MAX_SCREENS} screens")

    def report(self, error: str | None, started: float) -> dict[str, Any]:
        """The JSON report: every screen visited, whether the confirmation came, and why not."""
        return {
            "application": self.plan["application"],
            "screens": [vars(s) for s in self.screens],
            "confirmation_reached": self.confirmation_reached,
            "reference": self.reference,
            "error": error,
            "seconds": round(time.monotonic() - started, 2),
        }


def empty_report(plan: dict[str, Any], error: str | None) -> dict[str, Any]:
    """The report when the walk never got to a screen."""
    return {"application": plan["application"], "screens": [], "confirmation_reached": False,
            "reference": None, "error": error}  # fmt: skip


def main(argv: list[str]) -> int:
    """Walk the journey in ``argv[1]``'s plan, print the report; exit status as the module says."""
    if len(argv) != 2:
        print("usage: walk_journey.py PLAN.json", file=sys.stderr)
        return 2
    started = time.monotonic()
    with open(argv[1], encoding="utf-8") as handle:
        plan = json.load(handle)
    app = find_application(plan["application"], APP_TIMEOUT_SECONDS)
    if app is None:
        print(json.dumps(empty_report(plan, "the kiosk never appeared on the accessibility bus")))
        return 2
    walker: Walker | None = None
    error: str | None = None
    try:
        walker = Walker(app, Keyboard(app.get_process_id()), plan)
        walker.run()
    except WalkError as exc:
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - report anything else too, with its type
        error = f"{type(exc).__name__}: {exc}"
    if walker is None:
        print(json.dumps(empty_report(plan, error)))
        return 1
    print(json.dumps(walker.report(error, started), indent=2))
    return 0 if error is None and walker.confirmation_reached else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
