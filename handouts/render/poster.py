"""The foot chart poster: both soles on page 1, the edges and tops on page 2.

The same FootChart component as on the routine sheet, at poster size, with
every zone labelled (or numbered, with a list) and the guide lines named.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.catalog.loader import Catalog
from handouts.charts.draw import FootChart, zone_numbers
from handouts.compose.context import clinic_context
from handouts.compose.environment import make_environment, render_template
from handouts.render.blocks import catalog_blocks
from handouts.render.document import DocMeta, frame_width, render_document
from handouts.render.fonts import REGULAR
from handouts.render.sheet import letterhead
from handouts.render.story import StoryBuilder, parse_markup
from handouts.render.theme import make_theme
from handouts.workspace import Workspace

CHART_TEMPLATE = "chart.xml.j2"
SOLE_VIEWS = ("plantar",)


def list_lines(names: list[str], cols: int, width: float, size: float) -> int:
    """Lines the numbered list takes: names too long for their column wrap onto a second line."""
    room = width / cols - size * 3
    lines = sum(2 if stringWidth(n, REGULAR, size) > room else 1 for n in names)
    return -(-lines // cols) + 1


def chart_pages(views: list[str], labels: str, catalog: Catalog, legend_cols: int, width: float = 0.0,
                size: float = 8.8) -> list[dict[str, object]]:
    """Group views into pages: the sole first, then the side and top views together."""
    pages = []
    sole = [v for v in views if v in SOLE_VIEWS]
    rest = [v for v in views if v not in SOLE_VIEWS]
    for kind, group in (("sole", sole), ("sides", rest)):
        if not group:
            continue
        reserve = "3mm"
        if labels == "numbers":
            names = [catalog.zones[z].name for z in zone_numbers(catalog.zones, catalog.charts, group)]
            rows = list_lines(names, legend_cols, width, size) if width else -(-len(names) // legend_cols)
            reserve = f"{6 + rows * (size * 1.2 + 1.2) / mm:.0f}mm"
        pages.append({"kind": kind, "views": group, "reserve": reserve})
    return pages


def render_chart(
    catalog: Catalog,
    workspace: Workspace,
    *,
    views: list[str],
    highlight: dict[str, frozenset[str]],
    labels: str = "all",
    page_size: str = "a4",
    probe: list[FootChart] | None = None,
) -> bytes:
    """The chart poster PDF."""
    theme = make_theme(catalog.clinic.colours.primary, catalog.clinic.colours.accent, page_size)
    legend_cols = 4 if page_size == "a3" else 3
    context = {
        "t": catalog.strings,
        "clinic": clinic_context(catalog),
        "pages": chart_pages(views, labels, catalog, legend_cols, frame_width(theme),
                             max(theme.styles["label"].fontSize, 10.0 if page_size == "a3" else 8.0)),
        "labels": labels,
        "highlight": " ".join(f"{z}:{'+'.join(sorted(f))}" for z, f in sorted(highlight.items())),
        "legend_cols": legend_cols,
        "label_size": "10" if page_size == "a3" else "8",  # a wall poster is read from further away
    }
    env = make_environment(workspace.template_dirs)
    markup, template_path = render_template(env, CHART_TEMPLATE, context)
    builder = StoryBuilder(theme, template=template_path, extra=catalog_blocks(catalog, theme, probe))
    flowables = builder.build(parse_markup(markup, template_path), frame_width(theme))
    title = catalog.strings.get("chart_title", "Reflexology map of the feet")
    meta = DocMeta(title=title, author=catalog.clinic.name, subject=title, language=catalog.language,
                   keywords=("reflexology", "foot chart"))
    return render_document(flowables, theme, meta, letterhead(catalog, title))
