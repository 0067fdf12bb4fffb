"""What the press needs besides the panels: crop and fold marks, and the empty panels that fill a layout."""

from __future__ import annotations

import io

from reportlab.lib.colors import CMYKColor, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from handouts.press import Side
from handouts.render.brochure_layout import MARK_ROOM, PANEL_MARGIN, WHITE, Panel, PrintOptions, _decorate, colour_space
from handouts.render.fonts import BOLD, REGULAR
from handouts.render.theme import Theme, mix


def marks_pdf(sides: list[Side], options: PrintOptions, folds: list[list[float]]) -> bytes | None:
    """One page per side holding the crop marks and fold marks, both outside the bleed (with crop marks only)."""
    room = MARK_ROOM if options.crop_marks else 0.0
    offset = options.bleed + room
    if offset == 0:
        return None  # nothing lies outside the trim: the sheet is the page
    buffer = io.BytesIO()
    canv = Canvas(buffer, invariant=1, initialFontName=REGULAR, enforceColorSpace=colour_space(options))
    black = CMYKColor(0, 0, 0, 1) if options.cmyk else HexColor("#000000")
    faint = CMYKColor(0, 0, 0, 0.35) if options.cmyk else HexColor("#a6a6a6")
    for side, side_folds in zip(sides, folds, strict=True):
        w, h = side.width + 2 * offset, side.height + 2 * offset
        canv.setPageSize((w, h))
        x0, y0, x1, y1 = offset, offset, offset + side.width, offset + side.height
        if options.crop_marks:
            gap = options.bleed + 1.5 * mm  # never touching the bleed
            length = room - 2 * mm
            canv.setStrokeColor(black)
            canv.setLineWidth(0.25)
            for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
                canv.line(x + sx * gap, y, x + sx * (gap + length), y)
                canv.line(x, y + sy * gap, x, y + sy * (gap + length))
        if options.crop_marks:  # fold marks keep to the same room as crop marks: none of either in the bleed
            canv.setStrokeColor(faint)
            canv.setLineWidth(0.3)
            canv.setDash(2, 1.5)
            for fold in side_folds:
                canv.line(x0 + fold, y1 + gap, x0 + fold, y1 + gap + length)
                canv.line(x0 + fold, y0 - gap, x0 + fold, y0 - gap - length)
            canv.setDash()
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def _folds(layout: str, sides: list[Side]) -> list[list[float]]:
    folds = []
    for side in sides:
        xs = [slot.x for slot in side.slots[1:]] if layout in ("trifold", "booklet") else []
        folds.append(xs)
    return folds


def pad_pages(extra: list[Panel], theme: Theme, options: PrintOptions, notes: str = "") -> bytes:
    """Empty panels to append (a booklet's extra pages, an unused trifold panel), with their backgrounds.

    With ``notes``, each becomes a ruled notes page rather than a blank one.
    """
    buffer = io.BytesIO()
    canv = Canvas(buffer, invariant=1, initialFontName=REGULAR, enforceColorSpace=colour_space(options))
    for panel in extra:
        canv.setPageSize((panel.width, panel.height))
        _decorate(panel, theme, options.bleed)(canv, None)  # type: ignore[arg-type]
        if notes:
            top = panel.height - PANEL_MARGIN - 4 * mm
            canv.setFillColor(theme.primary)
            canv.setFont(BOLD, 12.5)
            canv.drawString(PANEL_MARGIN, top - 12.5, notes)
            canv.setStrokeColor(mix(theme.primary, WHITE, 0.25))
            canv.setLineWidth(0.4)
            y = top - 12.5 - 10 * mm
            while y > PANEL_MARGIN:
                canv.line(PANEL_MARGIN, y, panel.width - PANEL_MARGIN, y)
                y -= 9 * mm
        canv.showPage()
    canv.save()
    return buffer.getvalue()
