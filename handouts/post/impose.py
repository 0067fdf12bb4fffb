"""Imposition: placing finished panels or pages onto press sheets, with print boxes.

A brochure is drawn as a sequence of panels in reading order (cover first).
Printing needs them arranged differently: a trifold puts the flap, the back and
the cover side by side on the outside of the sheet; a saddle-stitched booklet
pairs the last page with the first. This module only moves pages around, sets
MediaBox, BleedBox and TrimBox, and lays the separate marks page underneath; it
never draws content itself.

Each panel goes onto its side as a form XObject (its content and resources as
they are, clipped to its box) placed with one ``cm``: pypdf's page merging
would parse and rewrite every operator of every panel in Python, which was
most of the time a brochure took.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from handouts.post.merge import set_info
from handouts.post.pdf_compat import add_object
from handouts.press import OutputIntent, Side, Slot, saddle_stitch_order

__all__ = ["OutputIntent", "Side", "Slot", "impose", "saddle_stitch_order"]

SEAM = 0.25  # points a panel's background overlaps its neighbour at a fold (viewers show a hairline otherwise)


def add_output_intent(writer: PdfWriter, intent: OutputIntent) -> None:
    """Name the output profile in the catalog (PDF/X style), so viewers and RIPs know what CMYK means here."""
    stream = StreamObject()
    stream.set_data(intent.profile)
    stream[NameObject("/N")] = NumberObject(4)
    stream = stream.flate_encode()
    entry = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputCondition"): TextStringObject(intent.name),
        NameObject("/OutputConditionIdentifier"): TextStringObject(intent.name),
        NameObject("/Info"): TextStringObject(intent.name),
        NameObject("/DestOutputProfile"): add_object(writer, stream),
    })
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([add_object(writer, entry)])


def as_form(writer: PdfWriter, page: PageObject, box: list[float]) -> IndirectObject:
    """``page`` (from a reader) as a form XObject in ``writer``: its content unchanged, clipped to ``box``."""
    contents = page.get("/Contents")
    parts = [] if contents is None else contents.get_object()
    if not isinstance(parts, ArrayObject):
        parts = [parts]
    form = StreamObject()
    form.set_data(b"\n".join(part.get_object().get_data() for part in parts))
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in box),
        NameObject("/Resources"): page["/Resources"].clone(writer) if "/Resources" in page else DictionaryObject(),
    })
    return add_object(writer, form.flate_encode())


def place_forms(writer: PdfWriter, page: PageObject, placed: Sequence[tuple[float, float, IndirectObject]]) -> None:
    """Draw each form at its (x, y) on ``page``, in order (the first underneath), as the page's only content."""
    forms = DictionaryObject()
    drawing = []
    for number, (x, y, form) in enumerate(placed):
        name = f"/Panel{number}"
        forms[NameObject(name)] = form
        drawing.append(f"q 1 0 0 1 {x:.4f} {y:.4f} cm {name} Do Q")
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
    content = StreamObject()
    content.set_data("\n".join(drawing).encode("ascii"))
    page[NameObject("/Contents")] = add_object(writer, content.flate_encode())


def impose(panels: bytes, sides: Sequence[Side], bleed: float, margin: float, marks: bytes | None,
           info: dict[str, str], intent: OutputIntent | None = None) -> bytes:
    """Place panels on sides; each output page is one side with its boxes set.

    ``margin`` is the room outside the bleed for crop and fold marks (0 for
    none); ``marks`` holds one page per side, drawn underneath the panels,
    already at the full media size.
    """
    source = PdfReader(io.BytesIO(panels))
    mark_pages = PdfReader(io.BytesIO(marks)).pages if marks else None
    writer = PdfWriter()
    offset = bleed + margin
    for index, side in enumerate(sides):
        media_w, media_h = side.width + 2 * offset, side.height + 2 * offset
        page = writer.add_blank_page(width=media_w, height=media_h)
        placed: list[tuple[float, float, IndirectObject]] = []
        if mark_pages is not None:
            placed.append((0.0, 0.0, as_form(writer, mark_pages[index], [0, 0, media_w, media_h])))
        for slot in side.slots:
            if slot.panel is None:
                continue
            panel = source.pages[slot.panel]
            w, h = float(panel.mediabox.width), float(panel.mediabox.height)
            grow = {edge: bleed if edge in slot.bleeds else SEAM for edge in "lrtb"}
            # the form clips to its box: open it on the outer edges only, so backgrounds reach into the
            # bleed, and by a hair over the fold, so that bands meet without a seam
            box = [-grow["l"], -grow["b"], w + grow["r"], h + grow["t"]]
            placed.append((offset + slot.x, offset, as_form(writer, panel, box)))
        place_forms(writer, page, placed)
        page.mediabox = RectangleObject([0, 0, media_w, media_h])
        page.trimbox = RectangleObject([offset, offset, offset + side.width, offset + side.height])
        page.bleedbox = RectangleObject([margin, margin, media_w - margin, media_h - margin])
        page.cropbox = RectangleObject([0, 0, media_w, media_h])
    set_info(writer, info)
    if intent is not None:
        add_output_intent(writer, intent)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
