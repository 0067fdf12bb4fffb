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


def test_side_by_side_blocks_draw_the_bytes_of_a_one_row_table_with_padding_commands():
    """A grid's rows and columns (``SideBySide``) draw what a ReportLab table with the padding commands drew.

    Enough rows to run onto a second page: a row that does not fit moves on whole, as the table's did.
    """
    from reportlab.lib.units import mm

    from handouts.render.side_by_side import SideBySide
    from handouts.render.story import layout_table

    def commands(gap: float, bottom: float) -> list[tuple]:
        return [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), gap), ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom)]

    for large in (False, True):
        theme = make_theme("#2f5d62", "#c76b3f", large_print=large)
        node = parse_markup("<story><grid cols=\"3\">" + "".join(
            f"<cell><h3>Tip {n}</h3><p>Rest the foot <b>warm</b> and still for {n} minutes.</p>"
            + "<p>Then the other foot, slowly.</p>" * (n % 3) + "</cell>"
            for n in range(1, 41)) + "</grid><columns><column><p>Left side words</p></column>"
            "<column><p>Right side, longer words that wrap over a line or two in this column.</p></column>"
            "<column></column></columns></story>", None)
        made = StoryBuilder(theme).build(node, 480)
        assert len(made) == 15 and all(isinstance(row, SideBySide) for row in made)
        again = [layout_table([row.columns], row.widths,
                              commands(row.gap, 2 if row.gap == 5 * mm else 0)) for row in made]
        pdfs = [render_packets([Packet(rows, theme, HEAD, "Grid")], META) for rows in (made, again)]
        assert pdfs[0] == pdfs[1] and pdfs[0].count(b"/Type /Page\n") >= 2


def test_column_widths_are_those_of_trying_every_choice():
    """One-word columns get one choice and a long count stops early: the widths are the full search's."""
    import itertools
    import random

    from handouts.render.table import CellText, measured_widths

    def every_choice(cells, shares, width, padding):
        ncols = len(shares)
        columns = [[row[c] for row in cells] for c in range(ncols)]
        least = [max(t.longest for t in col) + padding + 0.5 for col in columns]
        natural = [max(t.natural for t in col) + padding + 0.5 for col in columns]
        if sum(least) > width:
            return None
        if sum(natural) <= width:
            return [n + (width - sum(natural)) * s / sum(shares) for n, s in zip(natural, shares, strict=True)]
        best = None
        for whole in itertools.product((False, True), repeat=ncols):
            widths = [natural[c] if whole[c] else least[c] for c in range(ncols)]
            lacking = [0.0 if whole[c] else natural[c] - least[c] for c in range(ncols)]
            room = width - sum(widths)
            if room < 0 or not any(lacking):
                continue
            widths = [w + room * lack / sum(lacking) for w, lack in zip(widths, lacking, strict=True)]
            lines = sum(max(cell.lines(widths[c] - padding - 0.5) for c, cell in enumerate(row)) for row in cells)
            if best is None or lines < best[0]:
                best = (lines, widths)
        return best[1]

    rng = random.Random(5)
    words = ["Right\u00a0foot", "Thumb", "walking", "Solar", "plexus", "1½\u00a0min", "gentle", "7", "Lower", "back",
             "vertebrae", "(lumbar", "spine)", "Circling", "on", "a", "point"]
    searched = 0
    for _ in range(300):
        ncols = rng.randint(2, 6)
        one_word = [rng.random() < 0.4 for _ in range(ncols)]
        cells = [[CellText(" ".join(rng.choice(words) for _ in range(1 if one_word[c] else rng.randint(1, 5))),
                           REGULAR, 9.5) for c in range(ncols)] for _ in range(rng.randint(1, 14))]
        shares = [rng.uniform(0.5, 3) for _ in range(ncols)]
        width = rng.uniform(120, 480)
        expected = every_choice(cells, shares, width, 7.2)
        one_line = sum(max(t.natural for t in col) + 7.7 for col in zip(*cells, strict=True))
        searched += expected is not None and one_line > width
        assert measured_widths(cells, shares, width, 7.2) == expected
    assert searched > 50  # most tables needed the search, not just the one-line answer
