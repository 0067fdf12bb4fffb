"""Tables in story markup: column widths measured from the words, rows kept together, stacking.

A routine table at large print used to break words ("Ste/p", "Pressu/re")
because its column widths were fixed shares of the page. Here a column is
never narrower than its longest word at the theme's size (words are what a
line may break between; a no-break space keeps "½ min" whole). The
template's shares are a preference the measured minimum overrides; when the
minimums add up to more than the page, the rows are stacked as blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, FrameBreak, KeepTogether, Paragraph, Table, TableStyle

from handouts.render.fonts import BOLD, REGULAR
from handouts.render.theme import RULE, Theme

if TYPE_CHECKING:
    from handouts.render.story import Node

BREAKS = re.compile(r"[ \t\r\n]+")  # where a line may break; U+00A0 (no-break space) is not among them


class RowTable(Table):
    """A table that never leaves fewer than ``MIN_TAIL`` rows alone at the top of the next page.

    A routine of thirteen steps split twelve and one reads badly: the last
    step looks like an afterthought. Where a split would strand a short tail,
    it moves up a few rows (keeping at least two on the first page).
    """

    MIN_TAIL = 3
    _moved_up = False

    def _getFirstPossibleSplitRowPosition(self, availHeight, ignoreSpans=0):
        split_at = super()._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans)
        tail = len(self._rowHeights) - split_at
        earlier = split_at - (self.MIN_TAIL - tail)
        self._moved_up = 0 < tail < self.MIN_TAIL and earlier >= self.repeatRows + 2
        return earlier if self._moved_up else split_at

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if self._moved_up and len(parts) == 2:
            # The rest must start the next frame, not fill the space the moved rows left.
            return [parts[0], FrameBreak(), parts[1]]
        return parts


@dataclass(frozen=True)
class TableSpec:
    """How a table is drawn for a theme: padding, fonts, header and zebra rows."""

    theme: Theme
    header: bool
    zebra: bool

    @property
    def padding(self) -> float:
        return self.theme.body_size * 0.35

    @property
    def side_padding(self) -> float:
        """Left plus right padding of a cell."""
        return 2.4 * self.padding

    def font_for(self, cell: Node) -> tuple[str, float]:
        """The widest font a cell's words may be drawn in (bold for headers and inline <b>)."""
        head = self.theme.styles["cell-head"]
        if cell.tag == "th":
            return head.fontName, head.fontSize
        bold = any(not isinstance(child, str) for child in cell.children)
        return (BOLD if bold else REGULAR), self.theme.styles["cell"].fontSize


def plain_text(node: Node | str) -> str:
    """The words of a cell without its inline markup."""
    if isinstance(node, str):
        return node
    return "".join(plain_text(child) for child in node.children)


def cell_words(cell: Node, font: tuple[str, float]) -> tuple[float, float]:
    """The width of the cell's longest unbreakable word, and of its whole text on one line."""
    text = plain_text(cell)
    words = [w for w in BREAKS.split(text) if w]
    longest = max((stringWidth(w, font[0], font[1]) for w in words), default=0.0)
    return longest, stringWidth(" ".join(words), font[0], font[1])


def column_widths(measured: list[list[tuple[float, float]]], shares: list[float], width: float, padding: float
                  ) -> list[float] | None:
    """Column widths: each at least its longest word plus padding; None when even that cannot fit.

    Room beyond the minimum goes first to the columns that then fit on one
    line, cheapest first (fewer wrapped rows makes a shorter table), then the
    rest in proportion to the template's ``shares``.
    """
    ncols = len(shares)

    def widest(c: int, which: int) -> float:
        return max((row[c][which] for row in measured if c < len(row)), default=0.0) + padding + 0.5

    least = [widest(c, 0) for c in range(ncols)]
    natural = [widest(c, 1) for c in range(ncols)]
    if sum(least) > width:
        return None
    widths = list(least)
    room = width - sum(widths)
    for c in sorted(range(ncols), key=lambda c: natural[c] - least[c]):
        if natural[c] - widths[c] <= room:
            room -= natural[c] - widths[c]
            widths[c] = natural[c]
    total = sum(shares) or 1.0
    return [w + room * share / total for w, share in zip(widths, shares, strict=True)]


def _cell(cell: Node, width: float, spec: TableSpec, paragraph: Callable[[Node, str], Paragraph]) -> str | Paragraph:
    """Plain text that fits on one line is drawn as a string (several times cheaper than a
    Paragraph); anything with markup or that needs wrapping is a Paragraph."""
    style_name = "cell-head" if cell.tag == "th" else "cell"
    style = spec.theme.styles[style_name]
    if all(isinstance(c, str) for c in cell.children):
        text = " ".join(BREAKS.split(plain_text(cell).strip()))
        if stringWidth(text, style.fontName, style.fontSize) <= width:
            return text
    return paragraph(cell, style_name)


def routine_table(rows: list[list[Node]], widths: list[float], spec: TableSpec,
                  paragraph: Callable[[Node, str], Paragraph]) -> Table:
    """The table itself, with header colours, rules and zebra rows."""
    theme, pad, ncols = spec.theme, spec.padding, len(widths)
    content = [[_cell(cell, widths[i] - spec.side_padding, spec, paragraph) for i, cell in enumerate(r)]
               + [""] * (ncols - len(r)) for r in rows]
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), REGULAR, theme.body_size, theme.styles["cell"].leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), theme.styles["cell"].textColor),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.2),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    first = 1 if spec.header else 0
    if spec.header:
        head = theme.styles["cell-head"]
        style += [("BACKGROUND", (0, 0), (-1, 0), theme.primary),
                  ("FONT", (0, 0), (-1, 0), BOLD, head.fontSize, head.leading),
                  ("TEXTCOLOR", (0, 0), (-1, 0), head.textColor)]
    if spec.zebra:
        style += [("BACKGROUND", (0, r), (-1, r), theme.primary_tint)
                  for r in range(first, len(rows)) if (r - first) % 2 == 1]
    table = RowTable(content, colWidths=widths, repeatRows=first, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def stacked_rows(rows: list[list[Node]], header: bool, inline: Callable[[Node], str], theme: Theme
                 ) -> list[Flowable]:
    """Each row as a block of its own: the first cell as its label, the others named by their headings.

    For when the columns cannot be wide enough for their words (large print,
    a narrow page): "1  Foot: Right foot · Area: Pituitary · ..." reads, where
    a squeezed table would break words.
    """
    from handouts.render.story import TextBlock  # story imports this module

    heads = [plain_text(c).strip() for c in rows[0]] if header else []
    body = rows[1:] if header else rows
    style = theme.styles["item"]
    out: list[Flowable] = []
    for row in body:
        parts = []
        for i, cell in enumerate(row[1:], start=1):
            name = f"<b>{_escape(heads[i])}:</b> " if i < len(heads) and heads[i] else ""
            parts.append(name + inline(cell))
        label = " ".join(BREAKS.split(plain_text(row[0]).strip())) if row else ""
        block = TextBlock(" \u00b7 ".join(parts), style, bulletText=label or None)
        out.append(KeepTogether([block]))
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


