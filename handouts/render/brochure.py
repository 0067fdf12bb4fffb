"""The clinic brochure: story markup in, panels drawn in reading order, ready to be imposed for the press.

The brochure template renders story markup like every other document; its
``<next/>`` moves on to the next panel (on the flyer, the next column).
Panels are drawn as pages of their own size (``brochure_layout``), cover
first; ``press_marks`` draws crop and fold marks and any empty panels, and
``handouts.post.impose`` (called by ``handouts.build``) arranges them on
printed sides: the trifold's outside (flap, back, cover) and inside, a
booklet's pages in saddle-stitch pairs, a flyer's two sides. Print options
act at that stage: bleed, crop and fold marks outside the bleed, and CMYK
(every colour and image through one ICC output profile: ``render.colour``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.catalog.loader import Catalog
from handouts.errors import TemplateError
from handouts.press import OutputIntent, Side
from handouts.render.blocks import catalog_blocks
from handouts.render.brochure_blocks import brochure_blocks
from handouts.render.brochure_layout import (
    MARK_ROOM,
    PrintOptions,
    colour_space,
    column_width,
    draw_panels,
    output_profile,
    panels_for,
    sides_for,
    trifold_widths,
)
from handouts.render.fonts import register_fonts
from handouts.render.press_marks import _folds, marks_pdf, pad_pages
from handouts.render.story import StoryBuilder, parse_markup
from handouts.render.theme import clinic_theme

__all__ = ["BrochureDraft", "PrintOptions", "render_brochure", "trifold_widths"]


@dataclass(frozen=True)
class BrochureDraft:
    """The drawn brochure before imposition: panels in reading order and what the press step needs."""

    panels: bytes  # the panels drawn as pages, in reading order
    padding: bytes | None  # empty panels to append after them (booklet notes pages, an unused trifold panel)
    sides: list[Side]  # where each panel goes on the printed sides
    marks: bytes | None  # crop and fold marks, one page per side (None: nothing outside the trim)
    intent: OutputIntent | None  # the CMYK output profile to name in the file
    bleed: float
    mark_room: float
    info: dict[str, str]


def render_brochure(catalog: Catalog, markup: str, template: Path | None, layout: str, page_size: str,
                    options: PrintOptions, logo: Path | None, info: dict[str, str]) -> BrochureDraft:
    """Draw the brochure's panels from its story markup; ``info`` is the document information to carry."""
    register_fonts()
    theme = clinic_theme(catalog.clinic, page_size)
    panels = panels_for(layout, page_size, count=1)
    extra = {**catalog_blocks(catalog, theme), **brochure_blocks(catalog, theme, logo, colour_space(options))}
    builder = StoryBuilder(theme, template=template, extra=extra)
    flowables = builder.build(parse_markup(markup, template), column_width(layout, panels))
    if layout == "booklet":
        pdf, used = draw_panels(flowables, panels_for(layout, page_size, 2), theme, options, info, True)
        panels = panels_for(layout, page_size, used + (-used) % 4)
    else:
        pdf, used = draw_panels(flowables, panels, theme, options, info, False, flyer=layout == "flyer")
        if used > len(panels):
            raise TemplateError(
                f"the brochure's content needs {used} panels but the {layout} has {len(panels)}",
                file=str(template), hint="shorten or drop a section for this layout in the template")
    order = list(range(len(panels)))
    padding = None
    if used < len(panels):
        notes = catalog.strings.get("brochure_notes", "") if layout == "booklet" else ""
        padding = pad_pages(panels[used:], theme, options, notes)
        if layout == "booklet":  # the back cover stays last; the added pages go just before it
            order = [*range(used - 1), *range(used, len(panels)), used - 1]
    sides = sides_for(layout, panels, options.impose, order)
    marks = marks_pdf(sides, options, _folds(layout, sides) if options.impose else [[] for _ in sides])
    intent = None
    if options.cmyk:
        profile = output_profile(options)
        intent = OutputIntent(profile.data, profile.name)
    return BrochureDraft(pdf, padding, sides, marks, intent, options.bleed,
                         MARK_ROOM if options.crop_marks else 0.0, info)
