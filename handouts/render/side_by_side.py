"""Blocks side by side (a grid's row, a template's columns) as one lean flowable: measured once, drawn directly.

A sheet lays out several of these per layout try: the technique cards, the
"also good for you" items, the chart beside its legend. They were one-row
ReportLab Tables, which wrap every cell's blocks again on each ``wrap`` and
once more while drawing, and walk each cell through the general case. A row
of blocks needs less: each column's blocks stacked from the top, a gap after
every column but the last, a margin below. ``SideBySide`` measures the
blocks once (their widths are fixed, so nothing changes between wraps) and
draws them where the table drew them, with the same operators (tested byte
for byte against the table):

- the table's bracket (``q``), the black fill its first cell set (a cell's
  default colour), an empty bracket where its rules would be drawn;
- a block's place: the top of the row, less the space before and the height
  of each block above it and its own, plus the first block's space before.

Like the one-row table it replaces, it cannot be split: a row that does not
fit moves to the next frame whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import black
from reportlab.platypus import Flowable

from handouts.render.ruled_table import ROOMY  # the height the blocks are wrapped in: as much as they want


class SideBySide(Flowable):
    """Columns of stacked blocks in one row: ``gap`` after each column but the last, ``bottom`` below the row."""

    def __init__(self, columns: Sequence[Sequence[Flowable]], widths: Sequence[float], gap: float,
                 bottom: float) -> None:
        super().__init__()
        self.columns = [list(blocks) for blocks in columns]
        self.widths = list(widths)
        self.gap, self.bottom = gap, bottom
        self.hAlign = "LEFT"
        self.width = sum(self.widths)
        self._heights: list[list[float]] | None = None  # each block's wrapped height, column by column

    def _right(self, column: int) -> float:
        return self.gap if column < len(self.widths) - 1 else 0

    def _measure(self) -> list[list[float]]:
        if self._heights is None:
            canvas = getattr(self, "canv", None)
            self._heights = [
                [block.wrapOn(canvas, width - self._right(c), ROOMY - self.bottom)[1] for block in blocks]
                for c, (blocks, width) in enumerate(zip(self.columns, self.widths, strict=True))]
            self.height = max((self._column_height(c) + self.bottom for c in range(len(self.columns))), default=0)
        return self._heights

    def _column_height(self, c: int) -> float:
        """A column's blocks stacked: their heights and the spaces between them (not before the first or after
        the last)."""
        blocks, heights = self.columns[c], self._heights[c] if self._heights else []
        if not blocks:
            return 0
        total = 0
        for block, high in zip(blocks, heights, strict=True):
            total += high + block.getSpaceAfter() + block.getSpaceBefore()
        return total - blocks[0].getSpaceBefore() - blocks[-1].getSpaceAfter()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._measure()
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self._measure()
        return [self] if self.height <= avail_height else []

    def draw(self) -> None:
        canvas = self.canv
        heights = self._measure()
        canvas.saveState()
        canvas.setFillColor(black)  # the colour ReportLab names "black": the same operator, found without a look-up
        x = 0
        for blocks, column_heights, width in zip(self.columns, heights, self.widths, strict=True):
            y = self.height
            if blocks:
                y += blocks[0].getSpaceBefore()
            for block, high in zip(blocks, column_heights, strict=True):
                y -= block.getSpaceBefore()
                y -= high
                block.drawOn(canvas, x, y)
                y -= block.getSpaceAfter()
            x = x + width
        canvas.saveState()  # where the table drew its rules: none here
        canvas.restoreState()
        canvas.restoreState()
