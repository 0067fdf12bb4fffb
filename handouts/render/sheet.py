"""Render a client's plan as the take-home routine sheet.

Glue between the stages: the plan becomes a template context, the template
becomes story markup, the markup becomes flowables (with the foot chart), and
those become PDF bytes on the clinic's letterhead.
"""

from __future__ import annotations

from handouts.catalog.loader import Catalog
from handouts.charts.draw import FootChart
from handouts.compose.context import sheet_context
from handouts.compose.environment import make_environment, render_template
from handouts.files.search_path import Workspace
from handouts.intake import Client
from handouts.plan.planner import Plan
from handouts.render.blocks import catalog_blocks
from handouts.render.document import DocMeta, Letterhead, Packet, frame_width
from handouts.render.fill import FillLog, with_fill_markers
from handouts.render.fonts import check_printable
from handouts.render.story import StoryBuilder, parse_markup
from handouts.render.theme import make_theme

SHEET_TEMPLATE = "sheet.xml.j2"


def letterhead(catalog: Catalog, running_title: str = "") -> Letterhead:
    """The clinic's letterhead and footer, from its data and the strings."""
    c = catalog.clinic
    contact = [", ".join(c.address)] if c.address else []
    contact += [" \u00b7 ".join(x for x in (c.phone, c.email) if x)]
    if c.website:
        contact.append(c.website)
    return Letterhead(
        clinic_name=c.name,
        tagline=c.tagline or "",
        contact_lines=tuple(x for x in contact if x),
        running_title=running_title,
        footer_note=catalog.strings.get("not_medical", ""),
        page_label=catalog.strings.get("page_of", "Page {page} of {pages}"),
    )


def check_client_text(client: Client) -> None:
    """Every piece of client text must be printable with the bundled font."""
    for fld, value in (("name", client.name), ("therapist", client.therapist), ("notes", client.notes)):
        check_printable(value, fld)


MAX_PAGES = 2  # a take-home sheet people actually keep: one sheet of paper, printed both sides
LARGE_PRINT_PAGES = 3  # the same sheet at 14 pt: ten minutes and two goals fit in three pages
COMPACT_COMPLEMENTS = 2  # what a compact sheet keeps when nobody measured (a combined file's first pass)


def page_limit(plan: Plan) -> int:
    """How many pages the sheet should fit in before it is drawn compact."""
    return LARGE_PRINT_PAGES if plan.client.large_print else MAX_PAGES


def sheet_packet(catalog: Catalog, workspace: Workspace, plan: Plan,
                 probe: list[FootChart] | None = None, compact: bool = False,
                 complements: int | None = None, chart_at: str = "goals",
                 fill_log: FillLog | None = None) -> tuple[Packet, DocMeta]:
    """One client's pages, ready to render alone or in a combined file.

    ``complements`` is how many "also good for you" items to show (None: all
    of them, or COMPACT_COMPLEMENTS in the compact layout); ``chart_at`` puts
    the chart after the "goals", the routine "table", the "howto" or at the
    "end"; ``fill_log`` receives where each
    block ends (see ``document.page_fills``).
    """
    client = plan.client
    check_client_text(client)
    theme = make_theme(catalog.clinic.colours.primary, catalog.clinic.colours.accent, client.page_size,
                       client.large_print)
    env = make_environment(workspace.template_dirs)
    context = sheet_context(catalog, plan, compact)
    if complements is None and compact:
        complements = COMPACT_COMPLEMENTS
    if complements is not None:
        context["complements"] = context["complements"][:complements]
    context["chart_at"] = chart_at
    markup, template_path = render_template(env, SHEET_TEMPLATE, context)
    story = parse_markup(markup, template_path)
    builder = StoryBuilder(theme, template=template_path, extra=catalog_blocks(catalog, theme, probe))
    flowables = builder.build(story, frame_width(theme))
    if fill_log is not None:
        flowables = with_fill_markers(flowables, fill_log, theme)
    title = f"{catalog.strings.get('sheet_title', 'Foot care routine')}: {client.name}"
    meta = DocMeta(
        title=title,
        author=catalog.clinic.name,
        subject=", ".join(catalog.goals[g].name for g in client.goals),
        language=client.language,
        keywords=("reflexology", "routine", *client.goals),
        date=client.date,
    )
    return Packet(flowables, theme, letterhead(catalog, client.name), client.name), meta


def looks_long(catalog: Catalog, plan: Plan) -> bool:
    """A quick guess that the regular layout will not fit in two pages.

    Trying the regular layout and finding it too long costs most of a render;
    this score (fitted on 360 varied clients: about 30 % of sheets need the
    compact layout, and the score sends 80 % of those straight to it, while
    only 1 % of sheets that would have fitted get the compact layout) saves
    that for most of them. A sheet the guess lets through is still checked.
    """
    side_views = {
        where[0] for zone in plan.highlight
        for where in [catalog.charts.views_of(zone)] if where and "plantar" not in where
    }
    score = (
        len(plan.steps)
        + len({s.technique for s in plan.steps})
        + 2 * len(side_views)
        + min(len(plan.complements), 4)
        + 1.5 * len(plan.cautions)
        + len(plan.client.notes) / 200
        + (3 if plan.client.page_size == "letter" else 0)
    )
    return score > LONG_SCORE and not plan.client.large_print


LONG_SCORE = 27


def render_sheet(catalog: Catalog, workspace: Workspace, plan: Plan,
                 probe: list[FootChart] | None = None) -> bytes:
    """The routine sheet PDF for ``plan``; ``probe`` (tests) receives the chart objects.

    The layout is chosen by drawing and measuring: see ``handouts.render.sheet_fit``.
    """
    from handouts.render.sheet_fit import fitted_sheet

    return fitted_sheet(catalog, workspace, plan, probe).pdf
