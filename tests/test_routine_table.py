"""The routine table (``RuledTable``) draws what ReportLab's general Table drew from style commands, byte for byte."""

from __future__ import annotations

from reportlab.platypus import Table, TableStyle

from handouts.render.document import DocMeta, Letterhead, Packet, render_packets
from handouts.render.fonts import BOLD, REGULAR
from handouts.render.markup import parse_markup
from handouts.render.ruled_table import RuledTable, cell_values
from handouts.render.story import StoryBuilder
from handouts.render.table import RULE, TableSpec, routine_table
from handouts.render.theme import make_theme

META = DocMeta(title="Table", author="Willow Lane", subject="test")
HEAD = Letterhead(clinic_name="Willow Lane")


def commanded(rows, widths, spec, paragraph) -> Table:
    """The same table as ReportLab's general Table, every cell property set by a style command."""
    made = cell_values(routine_table(rows, widths, spec, paragraph))
    theme, pad = spec.theme, spec.padding
    head = theme.styles["cell-head"]
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("FONT", (0, 0), (-1, -1), REGULAR, theme.body_size, theme.styles["cell"].leading),
             ("TEXTCOLOR", (0, 0), (-1, -1), theme.styles["cell"].textColor),
             ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
             ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.2), ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.2),
             ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
             ("BACKGROUND", (0, 0), (-1, 0), theme.primary),
             ("FONT", (0, 0), (-1, 0), BOLD, head.fontSize, head.leading),
             ("TEXTCOLOR", (0, 0), (-1, 0), head.textColor)]
    style += [("BACKGROUND", (0, r), (-1, r), theme.primary_tint) for r in range(2, len(rows), 2)]
    table = Table(made, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def test_the_ruled_table_draws_the_bytes_of_the_general_table_over_pages():
    """Rows measured once, split by row with the header repeated, drawn directly: the same operators.

    In large print the 69 rows run over three pages, so a part that continues a split is split again.
    """
    for large in (False, True):
        theme = make_theme("#2f5d62", "#c76b3f", large_print=large)
        rows_markup = "<tr><th>Step</th><th>Area</th><th>How</th></tr>" + "".join(
            f"<tr><td>{n}</td><td>Zone {n}</td><td>Thumb-walk <b>slowly</b>, {n} times, then rest a moment "
            f"before the next step.</td></tr>" for n in range(1, 70))
        node = parse_markup(f"<story><table header=\"1\" zebra=\"1\">{rows_markup}</table></story>", None)
        builder = StoryBuilder(theme)
        rows = [[c for c in tr.elements()] for tr in node.elements()[0].elements()]
        spec, widths = TableSpec(theme, True, True), [40.0, 120.0, 320.0]
        ruled = routine_table(rows, widths, spec, builder.paragraph)
        assert isinstance(ruled, RuledTable)
        pdfs = [render_packets([Packet([table], theme, HEAD, "Table")], META)
                for table in (ruled, commanded(rows, widths, spec, builder.paragraph))]
        assert pdfs[0] == pdfs[1] and pdfs[0].count(b"/Type /Page\n") >= (3 if large else 2)


def test_cell_line_counts_are_simple_splits():
    import random

    from reportlab.lib.utils import simpleSplit

    from handouts.render.table import BREAKS, CellText

    rng = random.Random(13)
    words = ["Thumb-walk", "the", "arch", "½\u00a0min", "slowly,", "Ελένη", "", "O'Brien", "W", "toes\ttogether"]
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) + rng.choice(["", " ", "\n"])
        cell = CellText(text, rng.choice([REGULAR, BOLD]), rng.choice([8.0, 9.5, 14.0]))
        for width in (0, -5.0, 1.0, 20.0, 33.3, rng.uniform(10, 200), cell.natural, cell.longest):
            expected = max(1, len(simpleSplit(" ".join(BREAKS.split(cell.text.strip())), cell.font, cell.size, width)))
            assert cell.lines(width) == expected, (text, width)


def test_a_table_met_again_reuses_its_measurements_and_draws_the_same_bytes():
    from reportlab.platypus import Paragraph

    from handouts.render import story

    theme = make_theme("#2f5d62", "#c76b3f")
    rows = "<tr><th>Step</th><th>Area</th></tr>" + "".join(
        f"<tr><td>{n}</td><td>{'Zone' if n != 3 else 'Zone ' * 40}{n}</td></tr>" for n in range(1, 30))

    def built(markup: str) -> RuledTable:
        node = parse_markup(f'<story><table header="1" zebra="1" widths="20%,80%">{markup}</table></story>', None)
        return StoryBuilder(theme).build(node, 400)[0]

    story._TABLES.clear()
    first = built(rows)
    again = built(rows)  # from what the first one measured
    assert len(story._TABLES) == 1 and again is not first
    assert again.widths == first.widths and cell_values(again)[1][1] == "Zone1"
    assert isinstance(cell_values(again)[3][1], Paragraph)  # the long cell wraps: a paragraph, made afresh
    assert cell_values(again)[3][1] is not cell_values(first)[3][1]
    pdfs = [render_packets([Packet([t], theme, HEAD, "Table")], META) for t in (first, again)]
    assert pdfs[0] == pdfs[1]
    other = built(rows.replace("Zone " * 40, "Zone "))  # other words: measured on their own
    assert len(story._TABLES) == 2 and cell_values(other)[3][1] == "Zone 3"


def test_side_by_side_blocks_with_shared_cell_styles_draw_the_bytes_of_style_commands():
    """A grid's rows and columns (``flush_table``) draw what ``layout_table`` with the padding commands drew."""
    from reportlab.lib.units import mm

    from handouts.render.story import layout_table

    def commands(gap: float, bottom: float) -> list[tuple]:
        return [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), gap), ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom)]

    for large in (False, True):
        theme = make_theme("#2f5d62", "#c76b3f", large_print=large)
        node = parse_markup("<story><grid cols=\"3\">" + "".join(
            f"<cell><h3>Tip {n}</h3><p>Rest the foot <b>warm</b> and still for {n} minutes.</p></cell>"
            for n in range(1, 8)) + "</grid><columns><column><p>Left side words</p></column>"
            "<column><p>Right side, longer words that wrap over a line or two in this column.</p></column>"
            "</columns></story>", None)
        made = StoryBuilder(theme).build(node, 480)
        assert len(made) == 4 and made[0]._cellStyles[0][0] is not made[0]._cellStyles[0][2]
        again = []
        for table in made:
            widths, gap = list(table._argW), (5 * mm if table._ncols == 3 else 6 * mm)
            again.append(layout_table(table._cellvalues, widths, commands(gap, 2 if table._ncols == 3 else 0)))
        pdfs = [render_packets([Packet(tables, theme, HEAD, "Grid")], META) for tables in (made, again)]
        assert pdfs[0] == pdfs[1]
