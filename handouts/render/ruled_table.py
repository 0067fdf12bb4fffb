"""The routine table as one lean flowable: rows measured once, split by row, drawn directly.

ReportLab's general ``Table`` did the routine table's work at a cost: every
try of a sheet's layout built one (style commands, normalised cells), every
split made two new tables that wrapped all their paragraphs again, and
drawing wrapped each paragraph once more and walked every cell through the
general case (spans, gradients, callbacks). The routine table needs none of
that generality: rows of text cells in fixed columns, a background per row,
a thin rule under each row, a header repeated on every page. ``RuledTable``
does exactly that, for about 3 % fewer instructions per batch sheet
(``bench/worker_cpu.py``, callgrind).

It draws the very operators the general table drew for the same rows (same
order, same numbers; tested byte for byte), so the pages look as before:

- backgrounds first, top to bottom; then the cells, row by row, with the
  fill colour and font set only when a row's style changes them; then the
  rules, with round caps and joins;
- a part that continues a split table draws the rule under its repeated
  header twice (the general table carried a "rule above the first row" over
  the split, which lands on the same line);
- a split never strands fewer than ``MIN_TAIL`` rows on the next page: it
  moves up a few rows (keeping two) and the rest starts the next frame.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, FrameBreak

from handouts.rl_compat import draw_lines_at_once

Cell = str | Flowable  # plain text on one line or more ("\n"), or a paragraph that wraps
ROOMY = 72000.0  # the height a cell's paragraph is wrapped in: as much as it wants


@dataclass(frozen=True)
class RowStyle:
    """How a row's cells are set: font, size, leading, text colour, paddings (the same on every cell)."""

    font: str
    size: float
    leading: float
    colour: Color
    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class Row:
    """One row: its cells (one per column), their style and the row's background (None: none)."""

    cells: tuple[Cell, ...]
    style: RowStyle
    background: Color | None = None


class RuledTable(Flowable):
    """Rows of cells in columns of fixed widths; a rule under each row; ``header`` rows repeated on a split."""

    MIN_TAIL = 3

    def __init__(self, rows: Sequence[Row], widths: Sequence[float], rule: tuple[float, Color], header: int = 0,
                 continued: bool = False, heights: Sequence[float] | None = None) -> None:
        super().__init__()
        self.rows = list(rows)
        self.widths = list(widths)
        self.rule = rule
        self.header = header
        self.continued = continued  # the rest of a split table: its header's rule is drawn twice (module doc)
        self.hAlign = "LEFT"
        self.width = sum(self.widths)
        self._heights: list[float] | None = list(heights) if heights is not None else None
        self._cell_heights: dict[int, float] = {}  # a wrapped paragraph's height, by id, for drawing

    def _measure(self) -> list[float]:
        """Each row's height: its tallest cell plus the paddings. Paragraphs are wrapped once per table."""
        if self._heights is None:
            canvas = getattr(self, "canv", None)
            heights = []
            for row in self.rows:
                s = row.style
                tallest = 0.0
                for cell, width in zip(row.cells, self.widths, strict=True):
                    if isinstance(cell, str):
                        high = s.leading * (cell.count("\n") + 1)
                    else:
                        high = cell.wrapOn(canvas, width - s.left - s.right, ROOMY - s.top - s.bottom)[1]
                        self._cell_heights[id(cell)] = high
                    tallest = max(tallest, high + (s.bottom + s.top))
                heights.append(tallest)
            self._heights = heights
        return self._heights

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = self._tops()[0]
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        heights = self._measure()
        fit, used = 0, 0.0
        for high in heights:
            if used + high > avail_height:
                break
            fit, used = fit + 1, used + high
        tail = len(heights) - fit
        moved = 0 < tail < self.MIN_TAIL and fit - (self.MIN_TAIL - tail) >= self.header + 2
        if moved:
            fit -= self.MIN_TAIL - tail
        if fit <= self.header:
            return []
        if fit == len(heights):
            return [self]
        first = self._part(self.rows[:fit], heights[:fit], self.continued)
        rest = self._part(self.rows[:self.header] + self.rows[fit:], heights[:self.header] + heights[fit:], True)
        return [first, FrameBreak(), rest] if moved else [first, rest]

    def _part(self, rows: list[Row], heights: list[float], continued: bool) -> RuledTable:
        part = RuledTable(rows, self.widths, self.rule, self.header, continued, heights)
        part._cell_heights = self._cell_heights
        return part

    def _tops(self) -> list[float]:
        """Where each row begins, from the top (the table's height) down to 0, summed from the bottom up.

        Compensated summation, so that a long table's positions carry no drift.
        """
        heights = self._measure()
        tops = [0.0]
        total = carry = 0.0
        for high in reversed(heights):
            step = high - carry
            new = total + step
            carry = (new - total) - step
            total = new
            tops.append(total)
        tops.reverse()
        return tops

    def draw(self) -> None:
        canvas = self.canv
        tops = self._tops()
        width = self.width
        canvas.saveState()
        for row, (top, bottom) in zip(self.rows, pairwise(tops), strict=True):
            if row.background is not None:
                canvas.setFillColor(row.background)
                canvas.rect(0, top, width, bottom - top, stroke=0, fill=1)
        current: RowStyle | None = None
        for row, bottom, high in zip(self.rows, tops[1:], self._measure(), strict=True):
            s = row.style
            if s is not current:
                if current is None or s.colour != current.colour:
                    canvas.setFillColor(s.colour)
                if current is None or (s.leading, s.font, s.size) != (current.leading, current.font, current.size):
                    canvas.setFont(s.font, s.size, s.leading)
                current = s
            self._draw_cells(row, bottom, high)
        self._draw_rules(tops)
        canvas.restoreState()

    def _draw_cells(self, row: Row, bottom: float, high: float) -> None:
        """A row's cells from the top of the row down (``high``: the row's height), each in its own column."""
        canvas, s = self.canv, row.style
        x = 0
        lines: list[tuple[float, float, str]] = []  # a row's text lines, drawn together (one font) in their turn
        for cell, width in zip(row.cells, self.widths, strict=True):
            if isinstance(cell, str):
                y = bottom + high - s.top - s.size
                for line in cell.split("\n"):
                    lines.append((x + s.left, y, line))
                    y -= s.leading
            else:
                draw_lines_at_once(canvas, lines)
                lines.clear()
                cell.drawOn(canvas, x + s.left, bottom + high - s.top - self._cell_heights[id(cell)])
            x = x + width
        draw_lines_at_once(canvas, lines)

    def _draw_rules(self, tops: list[float]) -> None:
        under = tops[1:]
        if self.continued:
            under = [tops[self.header], *under]
        with table_stroke(self.canv, *self.rule) as canvas:
            for y in under:
                canvas.line(0, y, self.width, y)

    def __repr__(self) -> str:
        return f"RuledTable({len(self.rows)} rows, header {self.header})"


def cell_values(table: RuledTable) -> list[list[Any]]:
    """The table's cells row by row (what the tests look at)."""
    return [list(row.cells) for row in table.rows]


@contextmanager
def table_stroke(canvas: Any, weight: float, colour: Color) -> Iterator[Any]:
    """The canvas set to stroke as a platypus Table strokes its lines (round caps and joins), restored after.

    The lean flowables that stand in for tables (this one, ``callout.Callout``)
    must write the very operators the Table wrote, so they set them up here alike.
    """
    canvas.saveState()
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(weight)
    yield canvas
    canvas.restoreState()
