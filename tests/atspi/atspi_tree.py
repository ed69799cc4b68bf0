"""Read a running Qt application's accessible tree over AT-SPI, as a screen reader sees it.

For Debian's ``/usr/bin/python3`` (pyatspi is not in the project's venv); used by
``walk_journey.py``. A ``Snapshot`` is the visible part of the tree in document order: every
node whose ``visible`` or ``showing`` state is set, under its parent, with its role, name,
description and the states the walker needs. Objects may vanish while a screen changes;
``take_snapshot`` retries until it reads a whole tree.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pyatspi

POLL_SECONDS = 0.03
CONTAINER_ROLES = {"filler", "panel"}


class WalkError(Exception):
    """The walk cannot go on; the message says where and why, for the report."""


@dataclass(frozen=True)
class Node:
    """One accessible object as seen in one snapshot of the tree."""

    path: str
    parent: str
    role: str
    name: str
    description: str
    states: frozenset[str]
    child_count: int
    accessible: Any = field(compare=False, repr=False)

    @property
    def focusable(self) -> bool:
        return "focusable" in self.states

    @property
    def showing(self) -> bool:
        return "showing" in self.states

    def summary(self) -> dict[str, str]:
        return {"role": self.role, "name": self.name, "description": self.description, "path": self.path}


STATE_NAMES = {
    pyatspi.STATE_FOCUSABLE: "focusable",
    pyatspi.STATE_FOCUSED: "focused",
    pyatspi.STATE_SHOWING: "showing",
    pyatspi.STATE_VISIBLE: "visible",
    pyatspi.STATE_CHECKED: "checked",
    pyatspi.STATE_ENABLED: "enabled",
    pyatspi.STATE_ACTIVE: "active",
}


@dataclass
class Snapshot:
    """The visible part of the application's tree, in document (pre-)order."""

    nodes: list[Node]

    @property
    def focused(self) -> Node | None:
        """The focused control. Qt also marks a text area's viewport (its unnamed, unfocusable
        child) as focused, so a focusable node wins over one that is not."""
        found = [n for n in self.nodes if "focused" in n.states]
        focusable = [n for n in found if n.focusable]
        return (focusable or found or [None])[-1]

    @property
    def screen(self) -> Node | None:
        """The current screen: the outermost focusable container (it is named by its heading)."""
        for node in self.nodes:
            if node.focusable and node.role in CONTAINER_ROLES and node.child_count > 0:
                return node
        return None

    def within(self, ancestor: Node) -> list[Node]:
        """``ancestor`` and every node under it."""
        inside = {ancestor.path}
        result = [ancestor]
        for node in self.nodes:
            if node.parent in inside and node.path not in inside:
                inside.add(node.path)
                result.append(node)
        return result

    def focusable_showing(self) -> list[Node]:
        return [n for n in self.nodes if n.focusable and n.showing]

    def named(self, name: str, roles: set[str] | None = None) -> list[Node]:
        return [n for n in self.nodes if n.name == name and (roles is None or n.role in roles)]


def take_snapshot(app: Any) -> Snapshot:
    """Walk the app's visible subtrees; retried while nodes vanish under a screen change."""
    last_error: Exception | None = None
    for _ in range(20):
        try:
            nodes: list[Node] = []
            _collect(app, "", nodes)
            return Snapshot(nodes)
        except Exception as exc:  # noqa: BLE001 - GLib.GError and friends while the tree changes
            last_error = exc
            time.sleep(POLL_SECONDS)
    raise WalkError(f"the accessible tree could not be read: {last_error}")


def _collect(accessible: Any, parent: str, nodes: list[Node]) -> None:
    state_set = accessible.getState()
    states = frozenset(name for state, name in STATE_NAMES.items() if state_set.contains(state))
    role = accessible.getRoleName()
    if role != "application" and not ({"visible", "showing"} & states):
        return
    node = Node(
        path=accessible.path,
        parent=parent,
        role=role,
        name=(accessible.name or "").strip(),
        description=(accessible.description or "").strip(),
        states=states,
        child_count=accessible.childCount,
        accessible=accessible,
    )
    nodes.append(node)
    for index in range(node.child_count):
        child = accessible.getChildAtIndex(index)
        if child is not None:
            _collect(child, node.path, nodes)


def find_application(name: str, timeout: float) -> Any:
    """The application called ``name`` on the desktop; the registry starts lazily, so poll."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            for index in range(desktop.childCount):
                app = desktop.getChildAtIndex(index)
                if app is not None and app.name == name:
                    return app
        except Exception:  # noqa: BLE001, S110 - the bus is still starting
            pass
        time.sleep(0.1)
    return None
