"""The callout (cautions, "no routine today") as one lean flowable: its paragraphs in a tinted box with a bar.

A callout was a one-cell platypus ``Table``: built, styled and wrapped again
on every layout try of a sheet, and drawn through the general table's cell
and line machinery, for a box, a bar and a few paragraphs stacked in it.
``Callout`` does only that and draws the very operators the table drew
(same order, same numbers; ``tests/test_routine_table.py`` compares the
bytes), so pages look as before:

- the table's saved state; the background over the whole cell; the cell's
  fill colour (black) and font (never written for the bundled TrueType
  font); each paragraph from the top, its space before and after kept
  between them as the table kept them (``valign`` BOTTOM, which the cell
  fills exactly);
- the bar: round cap and join, its colour and width, one line up the left
  edge, in a state of its own;
- never split: a one-row table cannot split, so the whole box moves to the
  next frame.

Only paragraphs go in one (what the sheet's callouts hold); ``story`` keeps
the table for anything else.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Paragraph

from handouts.render.fonts import REGULAR
from handouts.render.ruled_table import ROOMY, table_stroke  # ROOMY: the height a cell's paragraphs are wrapped in

CELL_FONT = (REGULAR, 10, 12)  # the font a table's cell sets (its style's default size and leading)
CELL_COLOUR = "black"  # and its fill colour, named as the cell style names it


class Callout(Flowable):
    """Paragraphs in a box ``width`` wide, with ``padding`` (left, right, top, bottom) around them, filled
    with ``background``, and a ``bar`` (width, colour) down its left side."""

    def __init__(self, content: Sequence[Paragraph], width: float, background: Color, bar: tuple[float, Color],
                 padding: tuple[float, float, float, float]) -> None:
        super().__init__()
        self.content = list(content)
        self.width = width
        self.background = background
        self.bar = bar
        self.padding = padding
        self.hAlign = "LEFT"
        self.height = 0.0
        self.heights: list[float] = []  # each paragraph's, as last wrapped

    def _stack(self, avail_height: float) -> float:
        """The paragraphs wrapped to the box's inner width; their height with the spaces between them, as the
        table summed it (the first one's space before and the last one's space after left out)."""
        left, right, top, bottom = self.padding
        inner = self.width - left - right
        canvas = getattr(self, "canv", None)
        total, first, after = 0.0, None, 0.0
        self.heights = []
        for part in self.content:
            high = part.wrapOn(canvas, inner, avail_height - top - bottom)[1]
            before, after = part.getSpaceBefore(), part.getSpaceAfter()
            self.heights.append(high)
            total += high + after + before
            if first is None:
                first = before
        return total - first - after if self.content else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, _, top, bottom = self.padding
        self.height = self._stack(ROOMY) + (bottom + top)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Whole or not at all, as the one-row table it replaces."""
        self.wrap(avail_width, avail_height)
        return [self] if self.height <= avail_height else []

    def draw(self) -> None:
        canvas, height = self.canv, self.height
        left, _, _, bottom = self.padding
        canvas.saveState()
        canvas.setFillColor(self.background)
        canvas.rect(0, height, self.width, -height, stroke=0, fill=1)
        canvas.setFillColor(CELL_COLOUR)
        canvas.setFont(*CELL_FONT)
        y = bottom + self._stack(height)
        if self.content:
            y += self.content[0].getSpaceBefore()
        for part, high in zip(self.content, self.heights, strict=True):
            y -= part.getSpaceBefore()
            y -= high
            part.drawOn(canvas, left, y)
            y -= part.getSpaceAfter()
        self._draw_bar(height)
        canvas.restoreState()

    def _draw_bar(self, height: float) -> None:
        with table_stroke(self.canv, *self.bar) as canvas:
            canvas.line(0, 0, 0, height)

    def __repr__(self) -> str:
        return f"Callout({len(self.content)} paragraphs)"
