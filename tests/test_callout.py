"""The callout (``Callout``) draws what the one-cell platypus Table it replaced drew, byte for byte."""

from __future__ import annotations

import io

import pypdf
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from handouts.render import story
from handouts.render.callout import Callout
from handouts.render.document import DocMeta, Letterhead, Packet, frame_width, render_packets
from handouts.render.markup import parse_markup
from handouts.render.story import StoryBuilder
from handouts.render.theme import make_theme

META = DocMeta(title="Callout", author="Willow Lane", subject="test")
HEAD = Letterhead(clinic_name="Willow Lane", footer_note="Not medical advice.")


def as_table(box: Callout) -> Table:
    """The same box as the table ``story`` built before: its cell, colours and paddings as style commands."""
    left, right, top, bottom = box.padding
    return story.layout_table([[box.content]], [box.width], [
        ("BACKGROUND", (0, 0), (-1, -1), box.background),
        ("LINEBEFORE", (0, 0), (0, -1), *box.bar),
        ("LEFTPADDING", (0, 0), (-1, -1), left), ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ])


def stories(markup: str, large: bool) -> tuple[list, list]:
    """The story built twice (flowables are never shared): as built, and with each callout as the table."""
    theme = make_theme("#2f5d62", "#c76b3f", large_print=large)
    built = [StoryBuilder(theme).build(parse_markup(markup, None), frame_width(theme)) for _ in range(2)]
    tabled = [as_table(f) if isinstance(f, Callout) else f for f in built[1]]
    return built[0], tabled


def pdf(flowables: list, large: bool) -> bytes:
    theme = make_theme("#2f5d62", "#c76b3f", large_print=large)
    return render_packets([Packet(flowables, theme, HEAD, "Callout")], META)


def test_a_callout_draws_the_bytes_of_the_one_cell_table_over_pages():
    """Kinds, titles, bold runs, lists, paragraphs of every length; boxes that move whole to the next page."""
    words = "Press <b>gently</b> around the area, never on it, and stop if it hurts. O'Brien &amp; Ελένη."
    boxes = []
    for n in range(1, 15):
        kind = ("info", "caution", "stop")[n % 3]
        title = f' title="Note {n}"' if n % 2 else ""
        body = "".join(f"<p>{' '.join([words] * (1 + (n + k) % 4))}</p>" for k in range(n % 4 + 1))
        listed = "<list><item>Rest the foot.</item><item>Drink water.</item></list>" if n % 3 == 1 else ""
        boxes.append(f'<p>Between the boxes, {n}.</p><callout kind="{kind}"{title}>{body}{listed}</callout>')
    markup = f"<story>{''.join(boxes)}</story>"
    for large in (False, True):
        ours, theirs = stories(markup, large)
        assert sum(isinstance(f, Callout) for f in ours) == 14
        made = pdf(ours, large)
        assert made == pdf(theirs, large)
        pages = pypdf.PdfReader(io.BytesIO(made)).pages
        assert len(pages) >= 3 and "Note 13" in "".join(p.extract_text() for p in pages)


def test_a_callout_holding_other_blocks_stays_a_table():
    theme = make_theme("#2f5d62", "#c76b3f")
    markup = '<story><callout title="Plan"><p>Read this.</p><spacer height="3mm"/></callout></story>'
    made = StoryBuilder(theme).build(parse_markup(markup, None), frame_width(theme))
    assert [type(f) for f in made] == [Spacer, Table, Spacer]


def test_a_callout_taller_than_a_page_is_not_split():
    theme = make_theme("#2f5d62", "#c76b3f")
    box = Callout([Paragraph("Rest. " * 40, theme.styles["body"])], 100 * mm, theme.primary_tint,
                  (2.5, theme.primary), (4 * mm, 4 * mm, 2.5 * mm, 1.5 * mm))
    width, height = box.wrap(500, 800)
    assert width == 100 * mm and box.split(500, height - 1) == [] and box.split(500, height) == [box]
    table = as_table(box)
    assert table.wrap(500, 800) == (width, height) and table.split(500, height - 1) == []
