"""Buttons, choices and labels whose text wraps onto as many lines as it needs.

Qt's buttons, radio buttons and checkboxes draw their text on one line, so at large text sizes a
long label ("Go back to where I was", "Black bin (general rubbish)") is cut off. These keep their
real ``text()`` (what tests, speech and screen readers read) but draw it in lines that fit the
style's contents rect, and tell layouts how tall that makes them (``heightForWidth``).

Lines break at word boundaries, and inside a word only when the word alone is wider than the
line (``QTextOption.WrapAtWordBoundaryOrAnywhere``), so an e-mail address never runs off the
screen. The style still draws the whole control, text included, so colours for focus, checked
and disabled states come from the style sheet exactly as for unwrapped text; lines follow the
widget's layout direction (right to left for Arabic).
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

MIN_WIDTH_CHARS = 12
"""A word longer than this many average characters may break when space is short; shorter
words set the minimum width of the text that holds them."""

_TALL = 1 << 20
_State = QStyle.StateFlag
_STYLE_SHEET_MIN_WIDTH = "_q_stylesheet_minw"  # Qt marks a minimum width it took from a style sheet
_MNEMONIC = re.compile(r"&(.)", re.DOTALL)


_LAYOUT_CACHE_SIZE = 4096
_wrapped: OrderedDict[tuple[str, str, int, int], list[str]] = OrderedDict()
_SIZE_EVENTS = {
    QEvent.Type.Polish,
    QEvent.Type.StyleChange,
    QEvent.Type.FontChange,
    QEvent.Type.LayoutDirectionChange,
    QEvent.Type.ContentsRectChange,
}
"""Events after which a widget's remembered heights for widths may be wrong."""


def wrap_text(text: str, font: QFont, width: int, direction: Qt.LayoutDirection) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px in ``font``: at spaces where it can,
    inside a word where the word alone is too wide. Line breaks in ``text`` are kept.

    Layouts ask for the same texts at the same widths many times per screen, so results are
    remembered (a bounded cache keyed by text, font, width and direction)."""
    key = (text, font.key(), width, int(direction.value))
    cached = _wrapped.get(key)
    if cached is not None:
        _wrapped.move_to_end(key)
        return list(cached)
    lines = _wrap_text(text, font, width, direction)
    _wrapped[key] = lines
    if len(_wrapped) > _LAYOUT_CACHE_SIZE:
        _wrapped.popitem(last=False)
    return list(lines)


def _wrap_text(text: str, font: QFont, width: int, direction: Qt.LayoutDirection) -> list[str]:
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(direction)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()].rstrip())
        layout.endLayout()
        if not paragraph:
            lines.append("")
    return lines


def natural_width(text: str, font: QFont) -> int:
    """The width ``text`` needs to stay on one line per paragraph, rounded up: what
    ``wrap_text`` needs to keep it unbroken (integer font metrics can be a fraction short)."""
    widest = 0.0
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(_TALL)
        widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
    return math.ceil(widest)


def min_text_width(text: str, font: QFont) -> int:
    """The narrowest width ``text`` should be given: its longest word, at most
    ``MIN_WIDTH_CHARS`` average characters (longer words break rather than widen the screen)."""
    metrics = QFontMetricsF(font)
    longest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0.0)
    return math.ceil(min(longest, metrics.averageCharWidth() * MIN_WIDTH_CHARS))


def _text_height(metrics: QFontMetrics, lines: list[str]) -> int:
    """Height of ``lines`` drawn as one block, measured the way the style will draw them."""
    return metrics.boundingRect(QRect(0, 0, _TALL, _TALL), 0, "\n".join(lines) or " ").height()


class _WrappingButton:
    """What the wrapping buttons share; mixed in before a QAbstractButton subclass, and made
    as ``(text, parent)``.

    Subclasses name the style's control, contents rect and size type for their kind of button.
    """

    _control: QStyle.ControlElement
    _contents: QStyle.SubElement
    _size_type: QStyle.ContentsType

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)  # type: ignore[call-arg]
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum, self.sizePolicy().controlType())
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # -- text --------------------------------------------------------------------------------
    def shown_text(self) -> str:
        """``text()`` as the resident sees it: an ``&`` mnemonic marker is not drawn."""
        return _MNEMONIC.sub(r"\1", self.text())

    def _option(self, width: int | None = None) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        if width is not None:
            option.rect = QRect(0, 0, width, max(self.height(), self.minimumHeight(), 1))
        return option

    def _variants(self, width: int | None = None) -> list[QStyleOptionButton]:
        """The button in each state whose style may change its borders (focused, checked), so
        sizes never depend on the state: focus moving or a tick must not clip or reflow it."""
        base = self._option(width)
        focus = _State.State_HasFocus
        checks = (_State.State_Off, _State.State_On) if self.isCheckable() else (base.state & _State.State_On,)
        plain = base.state & ~(focus | _State.State_On | _State.State_Off)
        variants = []
        for state in (plain | check | has_focus for check in checks for has_focus in (_State.State_None, focus)):
            option = QStyleOptionButton(base)
            option.state = state
            variants.append(option)
        return variants

    def _text_width(self, width: int) -> int:
        """Width of the lines at button ``width``: the narrowest contents rect of any state."""
        rects = (self.style().subElementRect(self._contents, v, self) for v in self._variants(width))
        return max(1, min(rect.width() for rect in rects))

    def text_rect(self) -> QRect:
        """Where the style draws the text now: inside padding and borders, past any indicator."""
        return self.style().subElementRect(self._contents, self._option(), self)

    def text_indent(self) -> int:
        """How far the text starts from the button's leading edge (left, or right for
        right-to-left text): padding, border and any indicator."""
        option = self._option(max(self.width(), self.sizeHint().width()))
        rect = self.style().subElementRect(self._contents, option, self)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            return option.rect.right() - rect.right()
        return rect.left()

    def wrapped_lines(self, width: int | None = None) -> list[str]:
        """The lines the text is drawn in when the button is ``width`` px wide (default: now)."""
        text_width = self._text_width(self.width() if width is None else width)
        return wrap_text(self.shown_text(), self.font(), text_width, self.layoutDirection())

    def _size_for(self, lines: list[str], text_width: int, width: int | None = None) -> QSize:
        """The button's size around ``lines`` set ``text_width`` wide, in its largest state."""
        contents = QSize(text_width, _text_height(self.fontMetrics(), lines))
        size = QSize(0, 0)
        for variant in self._variants(width):
            size = size.expandedTo(self.style().sizeFromContents(self._size_type, variant, contents, self))
        return size

    # -- sizes -------------------------------------------------------------------------------
    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """The height that shows every line of the text at ``width`` px, in any state
        (remembered per width until the text, font or style changes)."""
        heights = self.__dict__.setdefault("_heights", {})
        key = (width, self.text(), self.minimumHeight())
        if key not in heights:
            text_width = self._text_width(width)
            lines = wrap_text(self.shown_text(), self.font(), text_width, self.layoutDirection())
            heights[key] = max(self._size_for(lines, text_width, width).height(), self.minimumHeight())
        return heights[key]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """The text on as few lines as its own line breaks allow."""
        text = self.shown_text()
        return self._size_for(text.split("\n"), natural_width(text, self.font()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Narrow enough for the longest word (see ``min_text_width``); as tall as one line, as
        QLabel does: the height for a width comes from ``heightForWidth``."""
        text_width = max(1, min_text_width(self.shown_text(), self.font()))
        width = self._size_for([""], text_width).width()  # adds padding, borders, indicator
        return QSize(width, self.sizeHint().height())

    def event(self, event: QEvent) -> bool:
        """After the style sheet polishes the button, let its width follow ``minimumSizeHint``:
        a ``min-width`` from the style sheet is an explicit minimum that layouts would use
        instead, squeezing a long word. (The hint already includes that ``min-width``.)"""
        handled = super().event(event)  # type: ignore[misc]
        if event.type() in _SIZE_EVENTS:
            self.__dict__.pop("_heights", None)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange) and self.property(_STYLE_SHEET_MIN_WIDTH):
            self.setMinimumWidth(0)  # a minimum set in code stays
        return handled

    # -- drawing -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Let the style draw the whole control with the text already broken into lines."""
        option = self._option()
        option.text = "\n".join(line.replace("&", "&&") for line in self.wrapped_lines())
        painter = QStylePainter(self)
        painter.drawControl(self._control, option)
        painter.end()


class WrappingPushButton(_WrappingButton, QPushButton):
    """A push button whose text wraps; ``text()`` is the whole, unbroken label."""

    _control = QStyle.ControlElement.CE_PushButton
    _contents = QStyle.SubElement.SE_PushButtonContents
    _size_type = QStyle.ContentsType.CT_PushButton


class WrappingRadioButton(_WrappingButton, QRadioButton):
    """A full-width radio button whose label wraps; a tap anywhere on its box selects it."""

    _control = QStyle.ControlElement.CE_RadioButton
    _contents = QStyle.SubElement.SE_RadioButtonContents
    _size_type = QStyle.ContentsType.CT_RadioButton

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt override
        return self.rect().contains(pos)


class WrappingCheckBox(_WrappingButton, QCheckBox):
    """A full-width checkbox whose label wraps; a tap anywhere on its box ticks it.

    (Under a style sheet a plain QCheckBox reacts only inside its indicator and text.)
    """

    _control = QStyle.ControlElement.CE_CheckBox
    _contents = QStyle.SubElement.SE_CheckBoxContents
    _size_type = QStyle.ContentsType.CT_CheckBox

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt override
        return self.rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw a tick as large as the indicator box when checked. The style sheet gives the box
        a border and the page background in every state, so the text colour shows on it."""
        super().paintEvent(event)
        if not self.isChecked():
            return
        box = QRectF(self.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, self._option(), self))
        pen = QPen(self.palette().color(QPalette.ColorRole.WindowText), max(3.0, box.width() / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        tick = ((0.22, 0.52), (0.42, 0.72), (0.8, 0.3))  # fractions of the box
        painter.drawPolyline([box.topLeft() + QPointF(box.width() * x, box.height() * y) for x, y in tick])
        painter.end()


class WrappingLabel(QLabel):
    """A word-wrapped plain-text label whose long words break instead of running off the screen.

    QLabel wraps only at spaces, and asks for at least its longest word: one e-mail address at
    300% would make the whole screen wider than the glass. Rich text, or a label without word
    wrap, behaves exactly as a QLabel.
    """

    def _wraps(self) -> bool:
        return self.wordWrap() and self.textFormat() == Qt.TextFormat.PlainText

    def _extra(self) -> QSize:
        """Space around the text: frame, contents margins and ``margin()``."""
        inner, margin = self.contentsRect(), self.margin()
        return QSize(self.width() - inner.width() + 2 * margin, self.height() - inner.height() + 2 * margin)

    def wrapped_lines(self, width: int | None = None) -> list[str]:
        """The lines the text is drawn in when the label is ``width`` px wide (default: now)."""
        text_width = (self.width() if width is None else width) - self._extra().width()
        return wrap_text(self.text(), self.font(), text_width, self.layoutDirection())

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        if not self._wraps():
            return super().heightForWidth(width)
        heights = self.__dict__.setdefault("_heights", {})
        key = (width, self.text())
        if key not in heights:
            heights[key] = _text_height(self.fontMetrics(), self.wrapped_lines(width)) + self._extra().height()
        return heights[key]

    def event(self, event: QEvent) -> bool:
        if event.type() in _SIZE_EVENTS:
            self.__dict__.pop("_heights", None)
        return super().event(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if not self._wraps():
            return super().sizeHint()
        width = super().sizeHint().width()
        natural = natural_width(self.text(), self.font()) + self._extra().width()
        if natural - width <= 2:  # QLabel measures in whole pixels, a fraction short
            width = max(width, natural)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if not self._wraps():
            return super().minimumSizeHint()
        width = min_text_width(self.text(), self.font()) + self._extra().width()
        return QSize(width, self.heightForWidth(_TALL))  # one line a paragraph, as QLabel does

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not self._wraps():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        self.drawFrame(painter)
        margin = self.margin()
        rect = self.contentsRect().adjusted(margin, margin, -margin, -margin)
        flags = QStyle.visualAlignment(self.layoutDirection(), self.alignment())
        text = "\n".join(self.wrapped_lines())
        self.style().drawItemText(painter, rect, int(flags), self.palette(), self.isEnabled(), text,
                                  self.foregroundRole())  # fmt: skip
        painter.end()
