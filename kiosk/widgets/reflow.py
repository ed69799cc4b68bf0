"""Containers and sizes that follow the text size: rows that wrap when they do not fit, and
one-line fields sized in characters of their own font.

``ReflowRow`` puts its widgets side by side and moves a widget onto a new line when it does not
fit on the current one, as text does, so at 300% a row of buttons becomes a column. It is a
widget that places its children itself (no QLayout subclass, so nothing to leak) and reports
``heightForWidth``, so the layout around it gives it the height its lines need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QStyle, QStyleOptionFrame, QWidget


@dataclass
class _Item:
    widget: QWidget
    stretch: bool
    push: bool
    fit_width: int | Callable[[], int] | None


def _min_width(widget: QWidget) -> int:
    """The width a layout would not go below (as Qt's own layouts decide it)."""
    return widget.minimumWidth() or widget.minimumSizeHint().width()


def _height_for(widget: QWidget, width: int) -> int:
    """The height ``widget`` needs at ``width``, within its minimum and maximum."""
    height = widget.heightForWidth(width) if widget.hasHeightForWidth() else -1
    if height < 0:
        height = max(widget.sizeHint().height(), widget.minimumSizeHint().height())
    return min(max(height, widget.minimumHeight()), widget.maximumHeight())


class ReflowRow(QWidget):
    """Widgets in a line, wrapping onto further lines when the next one does not fit; mirrored
    for right-to-left text.

    A widget needs its preferred width on a line, or ``fit_width`` if given (a number, or a
    function asked each time); a ``stretch`` widget needs ``fit_width`` or its minimum width,
    and takes the spare width of its line. Without a stretch widget on the line the spare width
    goes before the ``push`` widgets (so one sits at the far end, even alone on its line). A
    widget alone on its line gets its preferred width, at most the whole line (``stretch``
    widgets the whole line). A line is as tall as its tallest widget.
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 24) -> None:
        super().__init__(parent)
        self._items: list[_Item] = []
        self._spacing = spacing
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(
        self,
        widget: QWidget,
        *,
        stretch: bool = False,
        push: bool = False,
        fit_width: int | Callable[[], int] | None = None,
    ) -> QWidget:
        """Add ``widget`` at the end of the row; returns it."""
        widget.setParent(self)
        self._items.append(_Item(widget, stretch, push, fit_width))
        if self.isVisible() and not widget.isHidden():
            widget.show()
        self.updateGeometry()
        return widget

    def lines(self, width: int | None = None) -> list[list[QWidget]]:
        """The shown widgets, line by line, at ``width`` (default: the current width)."""
        inner = self._inner_width(self.width() if width is None else width)
        return [[item.widget for item in line] for line in self._break_lines(inner)]

    # -- arranging ---------------------------------------------------------------------------
    def _inner_width(self, width: int) -> int:
        margins = self.contentsMargins()
        return max(1, width - margins.left() - margins.right())

    @staticmethod
    def _preferred(widget: QWidget) -> int:
        return min(max(widget.sizeHint().width(), _min_width(widget)), widget.maximumWidth())

    def _need(self, item: _Item) -> int:
        """The width ``item`` needs to share a line."""
        fit = item.fit_width() if callable(item.fit_width) else item.fit_width
        if fit is None:
            return _min_width(item.widget) if item.stretch else self._preferred(item.widget)
        return max(fit, _min_width(item.widget))

    def _break_lines(self, width: int) -> list[list[_Item]]:
        lines: list[list[_Item]] = []
        used = 0
        for item in (i for i in self._items if not i.widget.isHidden()):
            need = self._need(item)
            if lines and used + self._spacing + need <= width:
                lines[-1].append(item)
                used += self._spacing + need
            else:
                lines.append([item])
                used = need
        return lines

    def _line_widths(self, line: list[_Item], width: int) -> tuple[list[int], list[int]]:
        """Each widget's width on ``line``, and the gap before each (left to right)."""
        if len(line) == 1:
            item = line[0]
            wanted = width if item.stretch else min(width, self._preferred(item.widget))
            widths = [max(min(wanted, item.widget.maximumWidth()), min(width, _min_width(item.widget)))]
        else:
            widths = [self._need(item) for item in line]
        spare = max(0, width - sum(widths) - self._spacing * (len(line) - 1))
        gaps = [0] + [self._spacing] * (len(line) - 1)
        takers = [n for n, item in enumerate(line) if item.stretch and len(line) > 1]
        pushed = [n for n, item in enumerate(line) if item.push]
        for n in takers:
            widths[n] += spare // len(takers)
        if not takers and pushed:
            for n in pushed:
                gaps[n] += spare // len(pushed)
        return widths, gaps

    def _plan(self, width: int) -> tuple[list[tuple[QWidget, QRect]], int]:
        """Where each shown widget goes in a contents rect ``width`` wide (left to right), and
        the height all the lines need."""
        places: list[tuple[QWidget, QRect]] = []
        y = 0
        for line in self._break_lines(width):
            widths, gaps = self._line_widths(line, width)
            height = max(_height_for(item.widget, w) for item, w in zip(line, widths, strict=True))
            x = 0
            for item, item_width, gap in zip(line, widths, gaps, strict=True):
                x += gap
                places.append((item.widget, QRect(x, y, item_width, min(height, item.widget.maximumHeight()))))
                x += item_width
            y += height + self._spacing
        return places, max(0, y - self._spacing)

    def _place(self) -> None:
        inner = self.contentsRect()
        places, _ = self._plan(inner.width())
        for widget, rect in places:
            rect.translate(inner.topLeft())
            widget.setGeometry(QStyle.visualRect(self.layoutDirection(), inner, rect))

    # -- what layouts ask --------------------------------------------------------------------
    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        margins = self.contentsMargins()
        return self._plan(self._inner_width(width))[1] + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Everything on one line."""
        items = [i for i in self._items if not i.widget.isHidden()]
        margins = self.contentsMargins()
        width = sum(self._need(i) for i in items) + self._spacing * max(0, len(items) - 1)
        width += margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the widest widget allows (one widget a line); as tall as one line, as
        QLabel does: the height for a width comes from ``heightForWidth``."""
        margins = self.contentsMargins()
        widest = max((_min_width(i.widget) for i in self._items if not i.widget.isHidden()), default=0)
        return QSize(widest + margins.left() + margins.right(), self.sizeHint().height())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a child changed size, or was shown or hidden
            self.updateGeometry()
            self._place()
        elif event.type() in (QEvent.Type.LayoutDirectionChange, QEvent.Type.ContentsRectChange):
            self._place()
        return super().event(event)

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place()


class _CharacterWidth(QObject):
    """Keeps a widget ``chars`` characters wide in whatever font the style sheet gives it."""

    def __init__(self, widget: QWidget, chars: int, sample: str, fixed: bool) -> None:
        super().__init__(widget)
        self._chars, self._sample, self._fixed = chars, sample, fixed
        widget.installEventFilter(self)
        self.apply(widget)

    def apply(self, widget: QWidget) -> None:
        metrics = widget.fontMetrics()
        chars = self._chars
        width = max(metrics.horizontalAdvance(self._sample * chars), metrics.averageCharWidth() * chars)
        if isinstance(widget, QLineEdit):  # room for the cursor, then the frame and padding
            option = QStyleOptionFrame()
            widget.initStyleOption(option)
            margins = widget.textMargins()
            contents = QSize(width + margins.left() + margins.right() + metrics.averageCharWidth(), metrics.height())
            width = widget.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, contents, widget).width()
        if self._fixed:
            widget.setFixedWidth(width)
        else:
            widget.setMaximumWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            self.apply(watched)  # type: ignore[arg-type]
        return False


def keep_width_in_chars(widget: QWidget, chars: int, *, fixed: bool = False, sample: str = "0") -> None:
    """Size ``widget`` for ``chars`` characters (each at least as wide as ``sample``) in its own
    font, now and after every text size change: exactly that wide if ``fixed``, else at most. A
    one-line field also gets room for its cursor, frame and padding."""
    _CharacterWidth(widget, chars, sample, fixed)
