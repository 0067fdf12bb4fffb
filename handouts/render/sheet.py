"""Render a client's take-home routine sheet: story markup in, PDF bytes out, once per layout tried.

Here render is not simply "markup in, PDF out": which layout fits (compact
or not, how many complements, where the chart goes and at what scale) is
only known by measuring, and each layout is different markup. So build
hands render a ``SheetJob`` whose ``compose`` function (the Jinja template,
bound by build) render calls once for each layout it tries (``sheet_fit``).
Render still imports neither compose nor Jinja: it only calls the function
it was given. It parses the markup into flowables (with the foot chart) and
lays them out on the clinic's letterhead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.catalog.loader import Catalog
from handouts.charts.draw import FootChart
from handouts.plan.planner import Plan
from handouts.render.blocks import catalog_blocks
from handouts.render.document import DocMeta, Letterhead, Packet, frame_width
from handouts.render.fill import FillLog, with_fill_markers
from handouts.render.story import StoryBuilder, parse_markup
from handouts.render.theme import clinic_theme
from handouts.render.xml_text import escape
from handouts.rl_compat import private_texts

Markup = tuple[str, Path | None]  # story markup, and the template it came from (errors name its lines)


@dataclass(frozen=True)
class SheetJob:
    """Everything render needs to draw one client's sheet, in whichever layout fits.

    ``compose(compact, complements, chart_at, chart_scale)`` returns the story markup for
    that layout (``complements``: how many "also good for you" items, None for
    all; ``chart_at``: "goals", "table", "howto" or "end"). ``compact_complements()``
    is how many the compact layout would show at most (asked only when needed).
    """

    catalog: Catalog
    plan: Plan
    compose: Callable[[bool, int | None, str, float], Markup]
    compact_complements: Callable[[], int]
    meta: DocMeta
    letterhead: Letterhead



def make_letterhead(fields: Mapping[str, Any]) -> Letterhead:
    """The letterhead from the words compose chose (``compose.metadata.letterhead_fields``)."""
    return Letterhead(**{**fields, "contact_lines": tuple(fields["contact_lines"])})


def make_meta(fields: Mapping[str, Any]) -> DocMeta:
    """The PDF's metadata from the words compose chose (``compose.metadata``)."""
    return DocMeta(**{**fields, "keywords": tuple(fields.get("keywords", ()))})


MAX_PAGES = 2  # a take-home sheet people actually keep: one sheet of paper, printed both sides
LARGE_PRINT_PAGES = 3  # the same sheet at 14 pt: ten minutes and two goals fit in three pages
COMPACT_COMPLEMENTS = 2  # what a compact sheet keeps when nobody measured (a combined file's first pass)


def page_limit(plan: Plan) -> int:
    """How many pages the sheet should fit in before it is drawn compact."""
    return LARGE_PRINT_PAGES if plan.client.large_print else MAX_PAGES


def sheet_packet(job: SheetJob, probe: list[FootChart] | None = None, compact: bool = False,
                 complements: int | None = None, chart_at: str = "goals",
                 fill_log: FillLog | None = None, chart_scale: float = 1.0) -> tuple[Packet, DocMeta]:
    """One client's pages, ready to render alone or in a combined file.

    ``complements`` is how many "also good for you" items to show (None: all
    of them, or COMPACT_COMPLEMENTS in the compact layout); ``chart_at`` puts
    the chart after the "goals", the routine "table", the "howto" or at the
    "end"; ``fill_log`` receives where each
    block ends (see ``document.page_fills``).
    """
    catalog, client = job.catalog, job.plan.client
    theme = clinic_theme(catalog.clinic, client.page_size, client.large_print)
    if complements is None and compact:
        complements = COMPACT_COMPLEMENTS
    markup, template_path = job.compose(compact, complements, chart_at, chart_scale)
    story = parse_markup(markup, template_path)
    builder = StoryBuilder(theme, template=template_path, extra=catalog_blocks(catalog, theme, probe))
    flowables = builder.build(story, frame_width(theme))
    if fill_log is not None:
        flowables = with_fill_markers(flowables, fill_log, theme)
    return Packet(flowables, theme, job.letterhead, client.name), job.meta


def looks_long(catalog: Catalog, plan: Plan) -> bool:
    """A quick guess that the regular layout will not fit in two pages.

    Trying the regular layout and finding it too long costs most of a render;
    this score (fitted on 360 varied clients: about 30 % of sheets need the
    compact layout, and the score sends 80 % of those straight to it, while
    only 1 % of sheets that would have fitted get the compact layout) saves
    that for most of them. A sheet the guess lets through is still checked.
    """
    return long_score(catalog, plan) > LONG_SCORE and not plan.client.large_print


def long_score(catalog: Catalog, plan: Plan) -> float:
    """How long the regular layout is likely to run: steps, techniques, side views, complements, cautions, notes."""
    side_views = {
        where[0] for zone in plan.highlight
        for where in [catalog.charts.views_of(zone)] if where and "plantar" not in where
    }
    return (
        len(plan.steps)
        + len({s.technique for s in plan.steps})
        + 2 * len(side_views)
        + min(len(plan.complements), 4)
        + 1.5 * len(plan.cautions)
        + len(plan.client.notes) / 200
        + (3 if plan.client.page_size == "letter" else 0)
    )


LONG_SCORE = 27


def render_sheet(job: SheetJob, probe: list[FootChart] | None = None) -> bytes:
    """The routine sheet PDF; ``probe`` (tests) receives the chart objects.

    The layout is chosen by drawing and measuring: see ``handouts.render.sheet_fit``.
    """
    return render_sheet_layout(job, probe)[0]


def render_sheet_layout(job: SheetJob, probe: list[FootChart] | None = None) -> tuple[bytes, Any]:
    """The routine sheet PDF and the layout it was drawn in (a ``sheet_fit.Layout``: small, picklable).

    With ``packet_in_layout`` it rebuilds the pages in one direct build,
    which is how the tests check that drawing from a recording changes no byte.
    """
    from handouts.render.sheet_fit import fitted_sheet

    with clients_private([job.plan.client]):
        drawn = fitted_sheet(job, probe)
        return drawn.pdf(), drawn.layout


def clients_private(clients: Iterable[Any]) -> AbstractContextManager[None]:
    """While these clients' pages are drawn, no paragraph holding their own words is kept on disk: what a sheet
    prints of them (name, therapist, notes), as typed and as the story markup escapes it
    (``rl_compat.private_texts``)."""
    typed = [text for client in clients for text in (client.name, client.therapist, *client.notes.split("\n"))]
    return private_texts(form for text in typed if text.strip() for form in (text, escape(text)))


def packet_in_layout(job: SheetJob, layout: Any) -> tuple[Packet, DocMeta]:
    """The client's pages in a layout already chosen for their own sheet (``render_sheet_layout``).

    Built as the tries were (large print with its fill markers, which keep a
    block's space after from merging with the next one's space before), so
    the pages come out as in the client's own file.
    """
    return sheet_packet(job, compact=layout.compact, complements=layout.complements, chart_at=layout.chart_at,
                        chart_scale=layout.chart_scale, fill_log=[] if job.plan.client.large_print else None)
