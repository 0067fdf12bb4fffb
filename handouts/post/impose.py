"""Imposition: placing finished panels or pages onto press sheets, with print boxes.

A brochure is drawn as a sequence of panels in reading order (cover first).
Printing needs them arranged differently: a trifold puts the flap, the back and
the cover side by side on the outside of the sheet; a saddle-stitched booklet
pairs the last page with the first. This module only moves pages around (pypdf
transformations), sets MediaBox, BleedBox and TrimBox, and lays the separate
marks page underneath; it never draws content itself.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
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
        page = PageObject.create_blank_page(width=media_w, height=media_h)
        if mark_pages is not None:
            page.merge_page(mark_pages[index])
        for slot in side.slots:
            if slot.panel is None:
                continue
            panel = source.pages[slot.panel]
            w, h = float(panel.mediabox.width), float(panel.mediabox.height)
            grow = {edge: bleed if edge in slot.bleeds else SEAM for edge in "lrtb"}
            # pypdf clips a merged page to its box: open the box on the outer edges only, so backgrounds
            # reach into the bleed, and by a hair over the fold, so that bands meet without a seam.
            panel.mediabox = RectangleObject([-grow["l"], -grow["b"], w + grow["r"], h + grow["t"]])
            page.merge_transformed_page(panel, Transformation().translate(offset + slot.x, offset))
        page.mediabox = RectangleObject([0, 0, media_w, media_h])
        page.trimbox = RectangleObject([offset, offset, offset + side.width, offset + side.height])
        page.bleedbox = RectangleObject([margin, margin, media_w - margin, media_h - margin])
        page.cropbox = RectangleObject([0, 0, media_w, media_h])
        writer.add_page(page)
    set_info(writer, info)
    if intent is not None:
        add_output_intent(writer, intent)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
