"""Story markup -> ReportLab flowables.

Templates render a small XML vocabulary (documented in docs/story-markup.md):
block elements map one to one onto flowables, and the text inside ``p``,
``h1``..``h3``, ``item``, ``td``/``th`` and ``q``/``a`` may use the inline tags
``b``, ``i``, ``u``, ``br`` and ``link``. Text content is re-escaped before it
reaches ReportLab's paragraph parser, so a client called ``<b>Sons</b>`` is
printed literally. Unknown elements or attributes are errors that name the
template and line.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from handouts.errors import TemplateError, did_you_mean
from handouts.files.paths import find_element_line, find_in_template
from handouts.render.callout import Callout
from handouts.render.fonts import REGULAR
from handouts.render.markup import INLINE, LINK_SCHEMES, TEXT_BLOCKS, Node, parse_length, parse_markup  # noqa: F401
from handouts.render.ruled_table import RuledTable
from handouts.render.side_by_side import SideBySide
from handouts.render.table import (
    TableSpec,
    cell_text,
    column_widths,
    plain_cells,
    routine_table,
    shared_text,
    stacked_rows,
    table_key,
)
from handouts.render.theme import Theme, mix
from handouts.render.xml_text import escape, quoteattr
from handouts.rl_compat import CachedParagraph, OneStepParagraph

__all__ = ["RuledTable", "StoryBuilder", "TextBlock", "layout_table", "parse_length", "parse_markup"]


class TextBlock(OneStepParagraph, CachedParagraph):
    """A Paragraph that remembers how its markup parsed and how it broke into lines, drawn in one step.

    Most of a sheet's text (technique how-tos, aftercare, goal introductions)
    is the same on every sheet of a clinic, and parsing and line-breaking are
    the largest costs of a sheet. Both are reused when the same markup, in the
    same style object, is seen again (and, for lines, at the same widths); and
    by a later process, under the style's settings (``rl_compat.paragraphs``),
    unless the text holds the client's own words.
    Pieces made by splitting a paragraph across pages have no text of their
    own and are never cached. Each entry keeps its style object, so a key can
    never be matched by a different style that happens to reuse a freed id.
    Plain paragraphs (nearly all of a sheet's) are drawn in one step (``rl_compat.OneStepParagraph``).
    """


Handler = Callable[["StoryBuilder", Node, float], list[Flowable]]
NO_ATTRIBUTES: frozenset[str] = frozenset()  # what most elements allow: made once, not for every element checked


class StoryBuilder:
    """Builds flowables from a parsed story for one theme."""

    def __init__(
        self,
        theme: Theme,
        *,
        template: Path | None = None,
        extra: dict[str, tuple[set[str], Handler]] | None = None,
    ) -> None:
        self.theme = theme
        self.template = template
        self.vocabulary: dict[str, tuple[set[str], Handler]] = {**VOCABULARY, **(extra or {})}

    # -- errors -----------------------------------------------------------------------------
    def fail(self, node: Node, message: str, hint: str | None = None, pattern: str | None = None) -> TemplateError:
        if pattern is not None:
            line = find_in_template(self.template, pattern) or node.line
        else:
            line = find_element_line(self.template, node.tag, node.attrs, node.line) or node.line
        file = str(self.template) if self.template else None
        if self.template is not None:
            from handouts.files.paths import display_path

            file = display_path(self.template)
        return TemplateError(message, file=file, line=line, hint=hint)

    def check(self, node: Node, allowed: AbstractSet[str]) -> None:
        for attr in node.attrs:
            if attr not in allowed:
                raise self.fail(node, f"<{node.tag}> has no attribute '{attr}'",
                                did_you_mean(attr, sorted(allowed), prefix="allowed: ",
                                             otherwise=None if allowed else "allowed: none"),
                                pattern=rf"<{node.tag}\b[^>]*\b{attr}=")

    # -- text -------------------------------------------------------------------------------
    def inline(self, node: Node) -> str:
        """The paragraph markup for a text block's children, with text escaped.

        Most text blocks hold one run of text and nothing else: that is escaped
        and its white space evened out at once.
        """
        children = node.children
        if len(children) == 1 and isinstance(children[0], str):
            return even_space(escape(children[0]))
        out: list[str] = []
        for child in node.children:
            if isinstance(child, str):
                out.append(escape(child))
                continue
            if child.tag not in INLINE:
                hint = did_you_mean(child.tag, INLINE, shown=_tag, otherwise="inline tags: b, i, u, br, link")
                raise self.fail(child, f"<{child.tag}> is not allowed inside <{node.tag}>", hint)
            if child.tag == "br":
                self.check(child, NO_ATTRIBUTES)
                out.append("<br/>")
            elif child.tag == "link":
                self.check(child, {"href"})
                href = child.attrs.get("href", "").strip()
                if urlsplit(href).scheme.lower() not in LINK_SCHEMES:
                    raise self.fail(child, f"link '{href[:80]}' is not allowed",
                                    "links must start with https:, http:, mailto: or tel:")
                out.append(f"<a href={quoteattr(href)}>{self.inline(child)}</a>")
            else:
                self.check(child, NO_ATTRIBUTES)
                out.append(f"<{child.tag}>{self.inline(child)}</{child.tag}>")
        return even_space("".join(out))

    def paragraph(self, node: Node, style: str, **kw: Any) -> Paragraph:
        return TextBlock(self.inline(node), self.theme.styles[style], **kw)

    # -- blocks -----------------------------------------------------------------------------
    def blocks(self, node: Node, width: float) -> list[Flowable]:
        out: list[Flowable] = []
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    raise self.fail(node, f"text directly inside <{node.tag}>: '{child.strip()[:30]}'",
                                    "wrap text in <p>")
                continue
            spec = self.vocabulary.get(child.tag)
            if spec is None:
                hint = did_you_mean(child.tag, self.vocabulary, shown=_tag, otherwise="see docs/story-markup.md")
                raise self.fail(child, f"unknown element <{child.tag}>", hint)
            allowed, handler = spec
            self.check(child, allowed)
            out.extend(handler(self, child, width))
        return out

    def build(self, story: Node, width: float) -> list[Flowable]:
        self.check(story, NO_ATTRIBUTES)
        return self.blocks(story, width)


# -- handlers ---------------------------------------------------------------------------------

def _tag(name: str) -> str:
    """A markup tag as a template writes it, for hints."""
    return f"<{name}>"


def layout_table(rows: list[list[Any]], widths: list[float], commands: list[tuple[Any, ...]]) -> Table:
    """A Table with our font named on every cell.

    ReportLab's cell style defaults to Helvetica and emits it even for cells
    holding only flowables, which would put a non-embedded font in the file.
    """
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), *commands]))
    return table


def _text(style: str) -> Handler:
    def handler(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
        return [b.paragraph(node, style)]
    return handler


def _p(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    style = node.attrs.get("style", "body")
    if style not in ("body", "lead", "small", "muted"):
        raise b.fail(node, f"unknown paragraph style '{style}'", "use body, lead, small or muted")
    return [b.paragraph(node, style)]


def _list(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    kind = node.attrs.get("kind", "bullet")
    if kind not in ("bullet", "numbered"):
        raise b.fail(node, f"unknown list kind '{kind}'", "use bullet or numbered")
    items = []
    for n, item in enumerate(node.elements(), start=1):
        if item.tag != "item":
            raise b.fail(item, f"<{item.tag}> is not allowed in <list>", "use <item>")
        b.check(item, NO_ATTRIBUTES)
        items.append(b.paragraph(item, "item", bulletText=f"{n}." if kind == "numbered" else "\u2022"))
    return items


_TABLES: dict[tuple[Any, ...], tuple[Theme, list[float], TableSpec, list[tuple[str | None, ...]]]] = {}
# tables remembered: every layout try of a sheet meets its routine again, and so do later sheets with the same
# routine (goals, conditions, minutes, pressure): a worker of a varied 10,000-row batch meets some 1,300 tables,
# about 2 KB each here; with 64, four sheets in five measured their table anew
TABLES_LIMIT = 2048
TABLE_ROWS_KEPT = 200  # a routine has a few dozen rows at most; a template's huge table is measured afresh


def _table(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    """A table whose columns are as wide as their longest word needs, at least.

    The ``widths`` attribute is the template's preference; a column narrower
    than its longest word (at this theme's size) is widened and the others give
    way. When even that cannot fit, as in large print on a narrow page, each
    row becomes a block of its own rather than a table that breaks words.
    A table already built for the same content, width and theme (checked then)
    reuses its column widths and which cells are plain strings: only its
    paragraphs and the table itself are made again (flowables are never shared).
    """
    key = table_key(node, width, b.theme)
    found = _TABLES.get(key)
    if found is not None and found[0] is b.theme:
        _, widths, spec, plain = found
        return [routine_table([tr.elements() for tr in node.elements()], list(widths), spec, b.paragraph, plain)]
    rows: list[list[Node]] = []
    for tr in node.elements():
        if tr.tag != "tr":
            raise b.fail(tr, f"<{tr.tag}> is not allowed in <table>", "use <tr>")
        b.check(tr, NO_ATTRIBUTES)
        cells = []
        for cell in tr.elements():
            if cell.tag not in ("td", "th"):
                raise b.fail(cell, f"<{cell.tag}> is not allowed in <tr>", "use <td> or <th>")
            b.check(cell, NO_ATTRIBUTES)
            cells.append(cell)
        rows.append(cells)
    if not rows:
        return []
    ncols = max(len(r) for r in rows)
    widths_attr = node.attrs.get("widths")
    shares = [parse_length(w, width) for w in widths_attr.split(",")] if widths_attr else [width / ncols] * ncols
    if len(shares) != ncols:
        raise b.fail(node, f"widths lists {len(shares)} columns but the rows have {ncols}")
    header = node.attrs.get("header") == "1"
    spec = TableSpec(b.theme, header, node.attrs.get("zebra") == "1")
    widths = column_widths([[cell_text(c, spec.font_for(c)) for c in r] for r in rows], shares, width,
                           spec.side_padding)
    if widths is None:
        return stacked_rows(rows, header, b.inline, b.theme)
    plain = plain_cells(rows, widths, spec)
    if len(rows) <= TABLE_ROWS_KEPT:
        if len(_TABLES) >= TABLES_LIMIT:
            _TABLES.clear()
        _TABLES[key] = (b.theme, list(widths), spec, [tuple(map(shared_text, texts)) for texts in plain])
    return [routine_table(rows, widths, spec, b.paragraph, plain)]


def _grid(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    cols = int(node.attrs.get("cols", "2"))
    gap = 5 * mm
    cell_w = (width - gap * (cols - 1)) / cols
    cells = []
    for cell in node.elements():
        if cell.tag != "cell":
            raise b.fail(cell, f"<{cell.tag}> is not allowed in <grid>", "use <cell>")
        b.check(cell, NO_ATTRIBUTES)
        cells.append(b.blocks(cell, cell_w))
    if not cells:
        return []
    rows = [cells[i : i + cols] for i in range(0, len(cells), cols)]
    rows[-1].extend([[]] * (cols - len(rows[-1])))
    widths = [cell_w + (gap if c < cols - 1 else 0) for c in range(cols)]
    # One table per row: a heading kept with the grid then holds on to its first row only, not to the
    # whole grid (which would move to the next page whole, leaving this one half empty).
    return [SideBySide(row, widths, gap, bottom=2) for row in rows]


def _columns(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    columns = node.elements()
    gap = 6 * mm
    widths_attr = node.attrs.get("widths")
    if widths_attr:
        shares = [parse_length(w, width - gap * (len(columns) - 1)) for w in widths_attr.split(",")]
    else:
        shares = [(width - gap * (len(columns) - 1)) / max(1, len(columns))] * len(columns)
    if len(shares) != len(columns):
        raise b.fail(node, f"widths lists {len(shares)} columns but there are {len(columns)} <column> elements")
    cells = []
    for col, w in zip(columns, shares, strict=True):
        if col.tag != "column":
            raise b.fail(col, f"<{col.tag}> is not allowed in <columns>", "use <column>")
        b.check(col, NO_ATTRIBUTES)
        cells.append(b.blocks(col, w))
    widths = [w + (gap if i < len(shares) - 1 else 0) for i, w in enumerate(shares)]
    return [SideBySide(cells, widths, gap, bottom=0)]


def _callout(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    kind = node.attrs.get("kind", "info")
    if kind not in ("info", "caution", "stop"):
        raise b.fail(node, f"unknown callout kind '{kind}'", "use info, caution or stop")
    theme = b.theme
    colour = theme.primary if kind == "info" else theme.accent
    background = theme.primary_tint if kind == "info" else theme.accent_tint
    if kind == "stop":
        background = mix(theme.accent, mix(theme.accent, theme.accent_tint, 0), 0.22)
    inner_w = width - 2 * 4 * mm
    content: list[Flowable] = []
    title = node.attrs.get("title")
    if title:
        content.append(TextBlock(escape(title), theme.styles["callout-title"]))
    content.extend(b.blocks(node, inner_w))
    box: Flowable
    if all(isinstance(part, Paragraph) for part in content):
        box = Callout(content, width, background, (2.5, colour), (4 * mm, 4 * mm, 2.5 * mm, 1.5 * mm))
    else:  # a block the lean box does not stack (a table, a grid, a chart): the general table's cell holds it
        box = layout_table([[content]], [width], [
            ("BACKGROUND", (0, 0), (-1, -1), background),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, colour),
            ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ])
    return [Spacer(1, 2 * mm), box, Spacer(1, 2 * mm)]


def _faq(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    question: Paragraph | None = None
    for child in node.elements():
        b.check(child, NO_ATTRIBUTES)
        if child.tag == "q":
            question = b.paragraph(child, "q")
        elif child.tag == "a":
            answer = b.paragraph(child, "body")
            out.append(KeepTogether([question, answer]) if question else answer)
            question = None
        else:
            raise b.fail(child, f"<{child.tag}> is not allowed in <faq>", "use <q> and <a>")
    if question is not None:
        out.append(question)
    return out


def _spacer(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    return [Spacer(1, parse_length(node.attrs.get("height", "4mm"), 0))]


def _pagebreak(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    if "if-less-than" in node.attrs:
        return [CondPageBreak(parse_length(node.attrs["if-less-than"], 0))]
    return [PageBreak()]


def _keep(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
    return [KeepTogether(b.blocks(node, width))]


VOCABULARY: dict[str, tuple[set[str], Handler]] = {
    "h1": (set(), _text("h1")),
    "h2": (set(), _text("h2")),
    "h3": (set(), _text("h3")),
    "p": ({"style"}, _p),
    "list": ({"kind"}, _list),
    "table": ({"widths", "header", "zebra"}, _table),
    "grid": ({"cols"}, _grid),
    "columns": ({"widths"}, _columns),
    "callout": ({"kind", "title"}, _callout),
    "faq": (set(), _faq),
    "spacer": ({"height"}, _spacer),
    "pagebreak": ({"if-less-than"}, _pagebreak),
    "keep": (set(), _keep),
}


def even_space(text: str) -> str:
    """``text`` with each run of white space as one space and none at the ends; no-break spaces stay.

    A template writes ``&#160;`` to keep two words on one line (a step's
    number with its first word: "3. Finish", never "3." at a line's end).
    Python counts it as white space, so evening out by ``str.split`` alone
    turned it into a space the line breaker may break at.
    """
    if "\xa0" not in text:
        return " ".join(text.split())
    return "\xa0".join(" ".join(part.split()) for part in text.split("\xa0"))
