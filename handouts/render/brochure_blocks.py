"""Story blocks particular to the brochure: the clinic's logo, the booking QR code, the white cover text."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, FrameBreak, Spacer
from reportlab.platypus.flowables import KeepTogether

from handouts.catalog.loader import Catalog
from handouts.charts.draw import FootChart
from handouts.errors import InputError
from handouts.render.brochure_layout import PANEL_MARGIN, WHITE  # noqa: F401
from handouts.render.colour import CmykConverter
from handouts.render.fonts import REGULAR
from handouts.render.logo import flat_picture, read_svg
from handouts.render.story import StoryBuilder, TextBlock
from handouts.render.theme import Theme


class QrCode(Flowable):
    """A QR code for ``url`` with its quiet zone (four modules), ``size`` points square, in ``colour``.

    ReportLab's QrCodeWidget encodes the data again for its bounds and for
    each drawing and makes a shape object per run of dark modules: two thirds
    of a brochure's time. This encodes once (ReportLab's own encoder, level
    M) and fills every run as one path.
    """

    QUIET = 4  # modules of white around the code, as the QR standard asks

    def __init__(self, url: str, size: float, colour: Color) -> None:
        super().__init__()
        count, self.runs = qr_modules(url)
        self.width = self.height = size
        self.colour = colour
        self.module = size / (count + 2 * self.QUIET)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        m, canvas = self.module, self.canv
        path = canvas.beginPath()
        for row, start, length in self.runs:
            path.rect((start + self.QUIET) * m, self.height - (row + self.QUIET + 1) * m, length * m, m)
        canvas.setFillColor(self.colour)
        canvas.drawPath(path, stroke=0, fill=1)


@functools.lru_cache(maxsize=16)
def qr_modules(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The code's size in modules and its dark runs (row, first column, length), top row first.

    Kept per URL: choosing the best mask pattern tries all eight, and a
    clinic's brochures (every layout, several page sizes) share one URL.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    count = code.getModuleCount()
    return count, tuple((row, start, length) for row in range(count)
                        for start, length in _dark_runs([code.isDark(row, col) for col in range(count)]))


def _dark_runs(row: list[bool]) -> list[tuple[int, int]]:
    """(first column, length) of each run of dark modules in a row."""
    runs, column = [], 0
    for dark, group in itertools.groupby(row):
        length = sum(1 for _ in group)
        if dark:
            runs.append((column, length))
        column += length
    return runs


def embedded_font(drawing: Drawing) -> Drawing:
    """Make a Drawing start from the bundled font; its default (Helvetica) would be named in the file."""
    drawing.initialFontName = REGULAR
    return drawing


def logo_flowable(path: Path, max_w: float, max_h: float, cmyk: CmykConverter | None) -> Flowable:
    """The clinic's logo (SVG as vector art; PNG or JPEG as an image, CMYK when asked)."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        drawing = read_svg(path)  # broken files become one clear error; text in the bundled font
        scale = min(max_w / drawing.width, max_h / drawing.height)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        drawing.scale(scale, scale)
        drawing.hAlign = "CENTER"
        return embedded_font(drawing)
    if suffix not in (".png", ".jpg", ".jpeg"):
        raise InputError(f"logo format '{suffix}' is not supported", file=str(path), field="logo",
                         hint="use PNG, JPEG or SVG")
    flat = flat_picture(path)
    image = cmyk.image(flat) if cmyk is not None else flat
    ratio = min(max_w / image.width, max_h / image.height)
    return Picture(image, image.width * ratio, image.height * ratio)


class Picture(Flowable):
    """A Pillow image drawn at a given size; its mode (RGB or CMYK) becomes the PDF colour space."""

    def __init__(self, image, width: float, height: float) -> None:
        super().__init__()
        self.image, self.width, self.height = image, width, height
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(ImageReader(self.image), 0, 0, self.width, self.height)


def _white(theme: Theme, name: str, **changes) -> ParagraphStyle:
    return ParagraphStyle(f"cover-{name}", parent=theme.styles[name], textColor=WHITE, **changes)


def brochure_blocks(catalog: Catalog, theme: Theme, logo: Path | None, cmyk: CmykConverter | None):
    """The ``cover`` and ``contact`` elements of the brochure template."""
    clinic = catalog.clinic
    t = catalog.strings

    def cover(b: StoryBuilder, node, width: float) -> list[Flowable]:
        out: list[Flowable] = [Spacer(1, 6 * mm)]
        with_chart = node.attrs.get("chart", "1") != "0"
        if logo is not None:
            out += [logo_flowable(logo, width * 0.45, 32 * mm, cmyk), Spacer(1, 6 * mm)]
        out.append(TextBlock(_esc(clinic.name), _white(theme, "h1", fontSize=20, leading=24)))
        if clinic.tagline:
            out.append(TextBlock(_esc(clinic.tagline), _white(theme, "lead")))
        out.append(Spacer(1, 8 * mm))
        out.append(TextBlock(_esc(t.get("brochure_title", "")), _white(theme, "h2", fontSize=15, leading=19)))
        out.append(TextBlock(_esc(t.get("brochure_cover_line", "")), _white(theme, "body")))
        if with_chart:
            chart = FootChart(catalog.charts, catalog.zones, theme, views=["plantar"], highlight={},
                              labels="none", width=width, height=62 * mm, captions={}, guides=False)
            chart.spaceAfter = 0
            out += [Spacer(1, 6 * mm), chart]
        return out

    def next_panel(b: StoryBuilder, node, width: float) -> list[Flowable]:
        return [FrameBreak()]

    def contact(b: StoryBuilder, node, width: float) -> list[Flowable]:
        body, h2 = theme.styles["body"], theme.styles["h2"]
        lines = [TextBlock(_esc(t.get("brochure_contact_title", "")), h2),
                 TextBlock(f"<b>{_esc(clinic.name)}</b>", body)]
        lines += [TextBlock(_esc(", ".join(clinic.address)), body)] if clinic.address else []
        for value in (clinic.phone, clinic.email, clinic.website):
            if value:
                lines.append(TextBlock(_esc(value), body))
        if clinic.booking_url:
            ink = CMYKColor(0, 0, 0, 1) if cmyk is not None else HexColor("#000000")
            lines += [
                Spacer(1, 2 * mm),
                TextBlock(f"<b>{_esc(t.get('brochure_book', ''))}:</b> {_esc(clinic.booking_url)}", body),
                Spacer(1, 1 * mm),
                _left(QrCode(clinic.booking_url, 30 * mm, ink)),
                TextBlock(_esc(t.get("brochure_scan", "")), theme.styles["muted"]),
            ]
        return [KeepTogether(lines)]

    return {"cover": ({"chart"}, cover), "contact": (set(), contact), "next": (set(), next_panel)}


def _left(block: Flowable) -> Flowable:
    block.hAlign = "LEFT"
    return block


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
