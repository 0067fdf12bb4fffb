"""The clinic brochure: panels drawn in reading order, then imposed for the press.

The brochure template renders story markup like every other document; its
``<next/>`` moves on to the next panel (on the flyer, the next column).
Panels are drawn as pages of their own size (a trifold's are 100/100/97 mm
on A4), cover first, and ``handouts.post.impose`` then arranges them on
printed sides: the trifold's outside (flap, back, cover) and inside, a
booklet's pages in saddle-stitch pairs, a flyer's two sides. Print options
act at that stage: bleed (artwork runs past the trim on the sheet's outer
edges), crop and fold marks outside the bleed, and CMYK (every colour the
canvas sets, and every image, goes through one ICC output profile: see
``handouts.render.colour``; the file then names that profile in its OutputIntent).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, PageTemplate, Spacer
from reportlab.platypus.flowables import KeepTogether

from handouts.catalog.loader import Catalog
from handouts.charts.draw import FootChart
from handouts.compose.context import brochure_context
from handouts.compose.environment import make_environment, render_template
from handouts.errors import InputError, TemplateError
from handouts.files.search_path import Workspace
from handouts.post.impose import OutputIntent, Side, Slot, impose, saddle_stitch_order
from handouts.render.blocks import catalog_blocks
from handouts.render.colour import CmykConverter, OutputProfile, bundled_profile, converter_for
from handouts.render.fonts import BOLD, REGULAR, register_fonts
from handouts.render.logo import read_image, read_svg
from handouts.render.story import StoryBuilder, TextBlock, parse_markup
from handouts.render.theme import Theme, make_theme, mix

BROCHURE_TEMPLATE = "brochure.xml.j2"
SHEETS = {"a4": (297 * mm, 210 * mm), "letter": (279.4 * mm, 215.9 * mm)}  # landscape
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


# -- flowables particular to the brochure -------------------------------------------------------------------

def qr_drawing(url: str, size: float, colour: Color) -> Drawing:
    """A QR code for ``url`` (with its quiet zone), ``size`` points square."""
    widget = QrCodeWidget(url, barLevel="M")
    widget.barFillColor = colour
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return embedded_font(drawing)


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
    from PIL import Image as PILImage

    picture = read_image(path)
    flat = PILImage.new("RGB", picture.size, (255, 255, 255))
    flat.paste(picture, mask=picture.split()[3])  # transparency onto white paper
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
                _left(qr_drawing(clinic.booking_url, 30 * mm, ink)),
                TextBlock(_esc(t.get("brochure_scan", "")), theme.styles["muted"]),
            ]
        return [KeepTogether(lines)]

    return {"cover": ({"chart"}, cover), "contact": (set(), contact), "next": (set(), next_panel)}


def _left(drawing: Drawing) -> Drawing:
    drawing.hAlign = "LEFT"
    return drawing


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
            if panel.role == "back":
                canv.setFillColor(mix(theme.primary, WHITE, 0.08))
                canv.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed, stroke=0, fill=1)
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


def marks_pdf(sides: list[Side], options: PrintOptions, folds: list[list[float]]) -> bytes | None:
    """One page per side holding the crop marks and fold marks, outside the bleed (or inside it, for folds)."""
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
        canv.setStrokeColor(faint)
        canv.setLineWidth(0.3)
        canv.setDash(2, 1.5)
        reach = min(offset - 1 * mm, 6 * mm)
        for fold in side_folds:
            canv.line(x0 + fold, y1 + 1 * mm, x0 + fold, y1 + reach)
            canv.line(x0 + fold, y0 - 1 * mm, x0 + fold, y0 - reach)
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


def logo_path(catalog: Catalog, workspace: Workspace) -> Path | None:
    """The clinic's logo file: next to its clinic.yaml, or in the shipped data for the demo clinic."""
    logo = catalog.clinic.logo
    if not logo:
        return None
    for base in ([workspace.clinic_file.parent] if workspace.clinic_file else []) + list(workspace.data_dirs)[::-1]:
        candidate = base / logo
        if candidate.is_file():
            return candidate
    raise InputError(f"logo file '{logo}' not found", field="logo",
                     file=str(workspace.clinic_file) if workspace.clinic_file else None)


def render_brochure(catalog: Catalog, workspace: Workspace, layout: str, page_size: str,
                    options: PrintOptions) -> bytes:
    """The print-ready brochure PDF."""
    register_fonts()
    theme = make_theme(catalog.clinic.colours.primary, catalog.clinic.colours.accent, page_size)
    panels = panels_for(layout, page_size, count=1)
    context = brochure_context(catalog, layout)
    env = make_environment(workspace.template_dirs)
    markup, template_path = render_template(env, BROCHURE_TEMPLATE, context)
    extra = {**catalog_blocks(catalog, theme), **brochure_blocks(catalog, theme, logo_path(catalog, workspace),
                                                                  colour_space(options))}
    builder = StoryBuilder(theme, template=template_path, extra=extra)
    story = parse_markup(markup, template_path)
    flowables = builder.build(story, column_width(layout, panels))
    title = f"{catalog.clinic.name}: {catalog.strings.get('brochure_title', 'Reflexology')}"
    meta = {"/Title": title, "/Author": catalog.clinic.name, "/Subject": "Reflexology brochure",
            "/Creator": "handouts", "/Lang": catalog.clinic.language}
    if layout == "booklet":
        pdf, used = draw_panels(flowables, panels_for(layout, page_size, 2), theme, options, meta, True)
        panels = panels_for(layout, page_size, used + (-used) % 4)
    else:
        pdf, used = draw_panels(flowables, panels, theme, options, meta, False, flyer=layout == "flyer")
        if used > len(panels):
            raise TemplateError(
                f"the brochure's content needs {used} panels but the {layout} has {len(panels)}",
                file=str(template_path), hint="shorten or drop a section for this layout in the template")
    order = list(range(len(panels)))
    if used < len(panels):
        notes = catalog.strings.get("brochure_notes", "") if layout == "booklet" else ""
        pdf = _pad(pdf, panels[used:], theme, options, notes)
        if layout == "booklet":  # the back cover stays last; the added pages go just before it
            order = [*range(used - 1), *range(used, len(panels)), used - 1]
    sides = sides_for(layout, panels, options.impose, order)
    marks = marks_pdf(sides, options, _folds(layout, sides) if options.impose else [[] for _ in sides])
    intent = None
    if options.cmyk:
        profile = output_profile(options)
        intent = OutputIntent(profile.data, profile.name)
    return impose(pdf, sides, options.bleed, MARK_ROOM if options.crop_marks else 0.0, marks, meta, intent)


def _pad(pdf: bytes, extra: list[Panel], theme: Theme, options: PrintOptions, notes: str = "") -> bytes:
    """Append empty panels (a booklet's extra pages, an unused trifold panel), with their backgrounds.

    With ``notes``, each becomes a ruled notes page rather than a blank one.
    """
    from pypdf import PdfReader, PdfWriter

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
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.append(PdfReader(io.BytesIO(buffer.getvalue())))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


