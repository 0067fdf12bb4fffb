"""The page left blank on purpose after a sheet with an odd page count, in a file printed on both sides."""

from __future__ import annotations

import io
from functools import cache

from reportlab.pdfgen.canvas import Canvas

from handouts.render.fonts import ITALIC, REGULAR, register_fonts
from handouts.render.theme import MUTED


@cache
def blank_page(page_size: tuple[float, float], note: str, size: float) -> bytes:
    """A one-page PDF with ``note`` centred in small italics (drawn as ``HandoutsCanvas`` pads a packet).

    A combined print file puts one after every client whose sheet ends on
    an odd page, so the next client starts on a front side. The few kinds
    (paper size, note size) are drawn once per process.
    """
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size, invariant=1, initialFontName=REGULAR)
    if note:
        canvas.setFont(ITALIC, size)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(page_size[0] / 2, page_size[1] / 2, note)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
