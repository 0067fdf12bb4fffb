"""The foot chart poster: both soles on page 1, the edges and tops on page 2.

The same FootChart component as on the routine sheet, at poster size, with
every zone labelled (or numbered, with a list) and the guide lines named.
Markup in (composed by ``compose.documents.chart_markup``), PDF bytes out.
"""

from __future__ import annotations

from pathlib import Path

from handouts.catalog.loader import Catalog
from handouts.charts.draw import FootChart
from handouts.render.blocks import catalog_blocks
from handouts.render.document import DocMeta, Letterhead, frame_width, render_document
from handouts.render.story import StoryBuilder, parse_markup
from handouts.render.theme import clinic_theme


def render_chart(catalog: Catalog, markup: str, template: Path | None, meta: DocMeta, letterhead: Letterhead, *,
                 page_size: str = "a4", probe: list[FootChart] | None = None) -> bytes:
    """The chart poster PDF from its story markup."""
    theme = clinic_theme(catalog.clinic, page_size)
    builder = StoryBuilder(theme, template=template, extra=catalog_blocks(catalog, theme, probe))
    flowables = builder.build(parse_markup(markup, template), frame_width(theme))
    return render_document(flowables, theme, meta, letterhead)
