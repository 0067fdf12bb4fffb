"""Tables in story markup: column widths measured from the words, rows kept together, stacking.

A routine table at large print used to break words ("Ste/p", "Pressu/re")
because its column widths were fixed shares of the page. Here a column is
never narrower than its longest word at the theme's size (words are what a
line may break between; a no-break space keeps "½ min" whole). The
template's shares are a preference the measured minimum overrides; when the
minimums add up to more than the page, the rows are stacked as blocks.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import Color, toColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from handouts.render.fonts import BOLD, REGULAR
from handouts.render.ruled_table import Row, RowStyle, RuledTable
from handouts.render.theme import RULE, Theme
from handouts.render.xml_text import escape

if TYPE_CHECKING:
    from handouts.render.story import Node

BREAKS = re.compile(r"[ \t\r\n]+")  # where a line may break; U+00A0 (no-break space) is not among them


@dataclass(frozen=True)
class TableSpec:
    """How a table is drawn for a theme: padding, fonts, header and zebra rows."""

    theme: Theme
    header: bool
    zebra: bool

    @property
    def padding(self) -> float:
        return min(self.theme.body_size * 0.35, 3.5)

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


@dataclass(frozen=True)
class CellText:
    """A cell's words and the font they are drawn in, for measuring."""

    text: str
    font: str
    size: float

    @property
    def longest(self) -> float:
        """The width of the longest unbreakable word."""
        return _spans(self.text, self.font, self.size)[0]

    @property
    def natural(self) -> float:
        """The width of the whole text on one line."""
        return _spans(self.text, self.font, self.size)[1]

    @cached_property
    def _words(self) -> tuple[float, tuple[float, ...]]:
        """The width of a space and of each word, as ``simpleSplit`` measures them (it splits at any space)."""
        joined = " ".join(BREAKS.split(self.text.strip()))
        widths = tuple(stringWidth(word, self.font, self.size) for word in joined.split())
        return stringWidth(" ", self.font, self.size), widths

    def lines(self, width: float) -> int:
        """How many lines the text takes at ``width`` (breaking between words only).

        ``simpleSplit``'s count, with each word measured once instead of at
        every width tried: the same greedy fill and the same sums, so the same
        answer (tested against ``simpleSplit``).
        """
        if not width:
            return 1
        space, words = self._words
        count, filled = 0, -space
        for word in words:
            if filled + space + word <= width or not count:
                count = count or 1
                filled = filled + space + word
            else:
                count += 1
                filled = word
        return max(1, count)


@lru_cache(maxsize=4096)
def _spans(text: str, font: str, size: float) -> tuple[float, float]:
    """A text's longest word and its whole width on one line, in ``font`` at ``size``.

    Remembered: the routine tables of a batch are made of the same few
    hundred cell texts (zone and technique names, feet, timings), and
    measuring every one of them afresh for every new table was most of its
    column widths' cost.
    """
    words = [w for w in BREAKS.split(text) if w]
    return (max((stringWidth(w, font, size) for w in words), default=0.0),
            stringWidth(" ".join(words), font, size))


def cell_text(cell: Node, font: tuple[str, float]) -> CellText:
    return CellText(plain_text(cell), font[0], font[1])


_WIDTHS: dict[tuple[Any, ...], list[float] | None] = {}
WIDTHS_LIMIT = 64  # tables remembered: every layout try of a sheet meets its routine again (a batch, sometimes)


def column_widths(cells: list[list[CellText]], shares: list[float], width: float, padding: float
                  ) -> list[float] | None:
    """``measured_widths``, remembered by the cells' words and fonts: a sheet's layout tries (and many
    sheets of a batch) measure the same routine table again, and measuring every word is most of its cost."""
    key = (tuple(map(tuple, cells)), tuple(shares), width, padding)
    if key not in _WIDTHS:
        if len(_WIDTHS) >= WIDTHS_LIMIT:
            _WIDTHS.clear()
        _WIDTHS[key] = measured_widths(cells, shares, width, padding)
    found = _WIDTHS[key]
    return None if found is None else list(found)


def measured_widths(cells: list[list[CellText]], shares: list[float], width: float, padding: float
                    ) -> list[float] | None:
    """Column widths: each at least its longest word plus padding; None when even that cannot fit.

    When every column can have its text on one line, it does, and the rest is
    shared by the template's ``shares``. Otherwise each choice of which
    columns get their whole text on one line is measured (the others share
    what is left, by how much they lack) and the one giving the table the
    fewest lines wins: a short table, not one squeezed column.
    """
    ncols = len(shares)
    columns = [[row[c] for row in cells if c < len(row)] for c in range(ncols)]
    least = [max((t.longest for t in col), default=0.0) + padding + 0.5 for col in columns]
    natural = [max((t.natural for t in col), default=0.0) + padding + 0.5 for col in columns]
    if sum(least) > width:
        return None
    if sum(natural) <= width:
        total = sum(shares) or 1.0
        return [n + (width - sum(natural)) * share / total for n, share in zip(natural, shares, strict=True)]
    best: tuple[int, list[float]] | None = None
    # a column whose text is one word (a step number, "½ min") is the same width either way: one choice, not two
    choices = [(False,) if natural[c] == least[c] else (False, True) for c in range(ncols)]
    for whole in itertools.product(*choices):
        widths = [natural[c] if whole[c] else least[c] for c in range(ncols)]
        room = width - sum(widths)
        lacking = [0.0 if whole[c] else natural[c] - least[c] for c in range(ncols)]
        if room < 0 or not any(lacking):
            continue
        widths = [w + room * lack / sum(lacking) for w, lack in zip(widths, lacking, strict=True)]
        lines = _table_lines(cells, widths, padding, None if best is None else best[0])
        if best is None or lines < best[0]:
            best = (lines, widths)
    assert best is not None  # all columns at their least width is always a choice
    return best[1]


def _table_lines(cells: list[list[CellText]], widths: list[float], padding: float, enough: int | None = None
                 ) -> int:
    """How many text lines the table has at these widths (each row as tall as its tallest cell).

    With ``enough``, counting stops once the table has that many: a choice that long is not the shortest.
    """
    lines = 0
    for row in cells:
        lines += max(cell.lines(widths[c] - padding - 0.5) for c, cell in enumerate(row))
        if enough is not None and lines >= enough:
            break
    return lines


def plain_cells(rows: list[list[Node]], widths: list[float], spec: TableSpec) -> list[list[str | None]]:
    """Each cell's text where it is drawn as a plain string, None where it needs a Paragraph.

    Plain text that fits on one line is drawn as a string (several times
    cheaper than a Paragraph); anything with markup or that needs wrapping is
    a Paragraph. Measuring every cell is a good part of building the table,
    so a story that meets the same table again reuses this answer.
    """
    return [[_plain(cell, widths[i] - spec.side_padding, spec) for i, cell in enumerate(r)] for r in rows]


def _plain(cell: Node, width: float, spec: TableSpec) -> str | None:
    style = spec.theme.styles["cell-head" if cell.tag == "th" else "cell"]
    if all(isinstance(c, str) for c in cell.children):
        text = " ".join(BREAKS.split(plain_text(cell).strip()))
        if _spans(text, style.fontName, style.fontSize)[1] <= width:
            return text
    return None


def table_key(node: Node, width: float, theme: Theme) -> tuple[Any, ...]:
    """What a table's columns and plain cells depend on: its markup (attributes, cells, text), width and theme.

    The markup the parser kept (``Node.source``) stands for the whole content:
    the same markup always parses to the same nodes. It is kept as a 16-byte
    digest, a hundredth of its size (thousands of tables are remembered). A
    node built without it is keyed by its content, walked (``node_key``).
    """
    content = blake2b(node.source, digest_size=16).digest() if node.source else node_key(node)
    return (content, tuple(node.attrs.items()), width, id(theme))


def node_key(node: Node) -> tuple[Any, ...]:
    """A node's whole content (tags, attributes, text) as a hashable value; its template lines left out."""
    return (node.tag, tuple(node.attrs.items()),
            tuple(c if isinstance(c, str) else node_key(c) for c in node.children))


def shared_text(text: str | None) -> str | None:
    """A remembered cell's text, one copy for all tables: they are made of the same few hundred words."""
    return None if text is None else sys.intern(text)


def _row_style(font: str, size: float, leading: float, colour: Any, pad: float) -> RowStyle:
    """How a routine table row's cells are set: the body's or the header's font, its colour, the paddings."""
    return RowStyle(font, size, leading, toColor(colour, Color(0, 0, 0)), top=pad, bottom=pad, left=pad * 1.2,
                    right=pad * 1.2)


def routine_table(rows: list[list[Node]], widths: list[float], spec: TableSpec,
                  paragraph: Callable[[Node, str], Paragraph], plain: Sequence[Sequence[str | None]] | None = None
                  ) -> RuledTable:
    """The table itself, with header colours, rules and zebra rows; ``plain`` is ``plain_cells``' answer, if known.

    Cells that ``plain_cells`` found plain are strings; the others are paragraphs.
    """
    theme, pad, ncols = spec.theme, spec.padding, len(widths)
    if plain is None:
        plain = plain_cells(rows, widths, spec)
    body_style, head_style = theme.styles["cell"], theme.styles["cell-head"]
    body = _row_style(REGULAR, theme.body_size, body_style.leading, body_style.textColor, pad)
    head = _row_style(BOLD, head_style.fontSize, head_style.leading, head_style.textColor, pad)
    first = 1 if spec.header else 0
    tint = theme.primary_tint
    made = []
    for r, (cells, texts) in enumerate(zip(rows, plain, strict=True)):
        content = tuple(text if text is not None else paragraph(cell, "cell-head" if cell.tag == "th" else "cell")
                        for cell, text in zip(cells, texts, strict=True)) + ("",) * (ncols - len(cells))
        if r < first:
            made.append(Row(content, head, theme.primary))
        else:
            zebra = spec.zebra and (r - first) % 2 == 1
            made.append(Row(content, body, tint if zebra else None))
    return RuledTable(made, widths, (0.4, RULE), header=first)


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
            name = f"<b>{escape(heads[i])}:</b> " if i < len(heads) and heads[i] else ""
            parts.append(name + inline(cell))
        label = " ".join(BREAKS.split(plain_text(row[0]).strip())) if row else ""
        block = TextBlock(" \u00b7 ".join(parts), style, bulletText=label or None)
        out.append(KeepTogether([block]))
    return out


