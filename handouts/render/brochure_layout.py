"""Brochure geometry: the panels of each layout, their frames and backgrounds, and drawing them as pages.

A trifold's panels are 100/100/97 mm on A4, a booklet's are A5 pages, a
flyer's two sides are portrait. Panels are drawn as pages of their own size,
in reading order, cover first; ``press_marks`` and ``post.impose`` take it from there.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from handouts.press import Side, Slot, saddle_stitch_order
from handouts.render.colour import CmykConverter, OutputProfile, bundled_profile, converter_for
from handouts.render.fonts import REGULAR
from handouts.render.theme import Theme, mix
from handouts.style import PAGE_POINTS

SHEETS = {size: (height, width) for size, (width, height) in PAGE_POINTS.items()}  # the sheet, landscape
PANEL_MARGIN = 9 * mm  # text stays well inside the 5 mm that print shops ask for
MARK_ROOM = 9 * mm  # outside the bleed, for crop and fold marks
WHITE = HexColor("#ffffff")


@dataclass(frozen=True)
class PrintOptions:
    """How the file is prepared for the press."""

    bleed: float = 0.0  # points
    crop_marks: bool = False
    cmyk: bool = False
    impose: bool = True
    profile: OutputProfile | None = None  # the CMYK output profile (--icc); None: the bundled one


@dataclass(frozen=True)
class Panel:
    """One panel (or booklet page) in reading order."""

    role: str  # cover, inside, flap, back, page
    width: float
    height: float


def trifold_widths(page_size: str) -> tuple[float, float]:
    """The two wide panels and the narrower one that folds in (A4: 100 and 97 mm)."""
    sheet_w = SHEETS[page_size][0]
    wide = round((sheet_w + 3 * mm) / 3 / mm, 1) * mm
    return wide, sheet_w - 2 * wide


def panels_for(layout: str, page_size: str, count: int = 0) -> list[Panel]:
    """The panels of a layout in reading order; a booklet has as many pages as its content needs."""
    sheet_w, sheet_h = SHEETS[page_size]
    if layout == "trifold":
        wide, narrow = trifold_widths(page_size)
        return [Panel("cover", wide, sheet_h), Panel("inside", wide, sheet_h), Panel("inside", wide, sheet_h),
                Panel("inside", narrow, sheet_h), Panel("flap", narrow, sheet_h), Panel("back", wide, sheet_h)]
    if layout == "booklet":
        page = Panel("page", sheet_w / 2, sheet_h)  # A5 (or half Letter), portrait
        return [Panel("cover", page.width, page.height)] + [page] * max(count - 1, 0)
    return [Panel("cover", sheet_h, sheet_w), Panel("back", sheet_h, sheet_w)]  # flyer: portrait, both sides


def sides_for(layout: str, panels: list[Panel], impose_pages: bool, order: list[int] | None = None) -> list[Side]:
    """Where each panel goes on the printed sides; ``order`` maps reader page i to its panel index."""
    order = order or list(range(len(panels)))
    if layout == "trifold":
        wide, narrow = panels[0].width, panels[3].width
        h = panels[0].height
        total = 2 * wide + narrow
        outside = (Slot(4, 0, "ltb"), Slot(5, narrow, "tb"), Slot(0, narrow + wide, "rtb"))
        inside = (Slot(1, 0, "ltb"), Slot(2, wide, "tb"), Slot(3, 2 * wide, "rtb"))
        return [Side(total, h, outside), Side(total, h, inside)]
    w, h = panels[0].width, panels[0].height
    if layout == "booklet" and impose_pages:
        return [Side(2 * w, h, (Slot(order[left - 1], 0, "ltb"), Slot(order[right - 1], w, "rtb")))
                for left, right in saddle_stitch_order(len(panels))]
    return [Side(w, h, (Slot(order[i], 0, "lrtb"),)) for i in range(len(panels))]


def colour_space(options: PrintOptions) -> CmykConverter | None:
    """The canvas's colour hook: with ``cmyk``, every colour through the output profile."""
    return converter_for(output_profile(options)) if options.cmyk else None


def output_profile(options: PrintOptions) -> OutputProfile:
    return options.profile or bundled_profile()


# -- drawing the panels ------------------------------------------------------------------------------------

def _decorate(panel: Panel, theme: Theme, bleed: float, flyer: bool = False
              ) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Panel backgrounds, drawn past the edges by the bleed (imposition trims what is inside the sheet)."""

    def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
        w, h = panel.width, panel.height
        canv.saveState()
        if panel.role == "cover" and flyer:
            canv.setFillColor(theme.primary)
            canv.rect(-bleed, h - FLYER_BAND, w + 2 * bleed, FLYER_BAND + bleed, stroke=0, fill=1)
            canv.setFillColor(theme.accent)
            canv.rect(-bleed, h - FLYER_BAND - 2 * mm, w + 2 * bleed, 2 * mm, stroke=0, fill=1)
        elif panel.role == "cover":
            canv.setFillColor(theme.primary)
            canv.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed, stroke=0, fill=1)
            canv.setFillColor(theme.accent)
            canv.rect(-bleed, -bleed, w + 2 * bleed, 9 * mm + bleed, stroke=0, fill=1)
        else:
            if panel.role == "back":  # the tint stops where the band starts: painted under the band, it
                # shows as a light hairline at the fold, where viewers blend the two panels' clipped edges
                canv.setFillColor(mix(theme.primary, WHITE, 0.08))
                canv.rect(-bleed, -bleed, w + 2 * bleed, h - 5 * mm + bleed, stroke=0, fill=1)
            canv.setFillColor(theme.primary)
            canv.rect(-bleed, h - 5 * mm, w + 2 * bleed, 5 * mm + bleed, stroke=0, fill=1)
        canv.restoreState()

    return draw


FLYER_BAND = 100 * mm  # the flyer's cover band, across the top of the front
COLUMN_GAP = 8 * mm


def _frames(panel: Panel, index: int, flyer: bool) -> list[Frame]:
    """A panel's text areas: one per panel, or (flyer) a cover band and two columns."""
    def frame(x: float, y: float, w: float, h: float, name: str) -> Frame:
        return Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)

    inner_w = panel.width - 2 * PANEL_MARGIN
    if not flyer:
        top = PANEL_MARGIN + (0 if panel.role == "cover" else 4 * mm)
        return [frame(PANEL_MARGIN, PANEL_MARGIN, inner_w, panel.height - PANEL_MARGIN - top, f"f{index}")]
    col_w = (inner_w - COLUMN_GAP) / 2
    top = FLYER_BAND + 6 * mm if panel.role == "cover" else PANEL_MARGIN + 4 * mm
    col_h = panel.height - PANEL_MARGIN - top
    columns = [frame(PANEL_MARGIN + i * (col_w + COLUMN_GAP), PANEL_MARGIN, col_w, col_h, f"f{index}c{i}")
               for i in range(2)]
    if panel.role != "cover":
        return columns
    band = frame(PANEL_MARGIN, panel.height - FLYER_BAND + 4 * mm, inner_w, FLYER_BAND - 4 * mm - PANEL_MARGIN,
                 f"f{index}band")
    return [band, *columns]


def column_width(layout: str, panels: list[Panel]) -> float:
    """The width the story is laid out at (the flyer's cover band is wider, but holds only the cover)."""
    panel = panels[1] if len(panels) > 1 else panels[0]
    inner = panel.width - 2 * PANEL_MARGIN
    return (inner - COLUMN_GAP) / 2 if layout == "flyer" else inner


def _page_templates(panels: list[Panel], theme: Theme, bleed: float, repeat_last: bool,
                    flyer: bool = False) -> list[PageTemplate]:
    templates = []
    for i, panel in enumerate(panels):
        frame = _frames(panel, i, flyer)
        templates.append(PageTemplate(f"p{i}", frame, onPage=_decorate(panel, theme, bleed, flyer),
                                      pagesize=(panel.width, panel.height)))
    if not repeat_last:
        last = panels[-1]
        frame = Frame(PANEL_MARGIN, PANEL_MARGIN, last.width - 2 * PANEL_MARGIN, last.height - 2 * PANEL_MARGIN,
                      id="overflow")
        templates.append(PageTemplate("overflow", [frame], pagesize=(last.width, last.height)))
    return templates


def next_template(current: str, panels: int, repeat_last: bool) -> str:
    """The page template after ``current``: the next panel, then the last again or the overflow.

    Set explicitly at each page end: ReportLab's ``autoNextPageTemplate`` keeps
    its choice for one page too many, so every panel after the cover was used
    twice and the last ones (the flap and the back) got the wrong panel's size.
    """
    if current == "overflow":
        return current
    index = int(current[1:]) + 1
    if index < panels:
        return f"p{index}"
    return f"p{panels - 1}" if repeat_last else "overflow"


def draw_panels(flowables: list[Flowable], panels: list[Panel], theme: Theme, options: PrintOptions,
                meta: dict[str, str], repeat_last: bool, flyer: bool = False) -> tuple[bytes, int]:
    """Lay the story out over the panels; returns the panel PDF and how many panels it used."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(panels[0].width, panels[0].height), title=meta["/Title"],
                          author=meta["/Author"], subject=meta["/Subject"], creator="handouts", invariant=1,
                          initialFontName=REGULAR, lang=meta["/Lang"],
                          enforceColorSpace=colour_space(options))
    doc.addPageTemplates(_page_templates(panels, theme, options.bleed, repeat_last, flyer))
    count: list[int] = []

    def after_page(canv: Canvas, d: BaseDocTemplate) -> None:
        count.append(canv.getPageNumber())
        d.handle_nextPageTemplate(next_template(d.pageTemplate.id, len(panels), repeat_last))

    for template in doc.pageTemplates:
        template.onPageEnd = after_page
    doc.build(list(flowables))
    return buffer.getvalue(), len(count)
