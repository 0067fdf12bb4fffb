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
from dataclasses import dataclass

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

SEAM = 0.25  # points a panel's background overlaps its neighbour at a fold (viewers show a hairline otherwise)


@dataclass(frozen=True)
class Slot:
    """One panel's place on a sheet side: its index in the panel file (None: blank) and x offset in the trim."""

    panel: int | None
    x: float
    bleeds: str = "tb"  # the panel's edges on the sheet's outside (l, r, t, b): its artwork runs into the bleed there


@dataclass(frozen=True)
class Side:
    """One printed side: its trim size and the panels on it, left to right."""

    width: float
    height: float
    slots: tuple[Slot, ...]


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """Reader pages (1-based) paired left/right on each printed side of a saddle-stitched booklet.

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5). ``pages`` must be a multiple of 4.
    """
    if pages % 4:
        raise ValueError("a saddle-stitched booklet needs a multiple of 4 pages")
    order = []
    for sheet in range(pages // 4):
        low, high = 2 * sheet + 1, pages - 2 * sheet
        order.append((high, low))          # outside of the folded sheet
        order.append((low + 1, high - 1))  # inside
    return order


@dataclass(frozen=True)
class OutputIntent:
    """The printing condition a CMYK file was made for: the ICC profile and its name."""

    profile: bytes
    name: str


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
        NameObject("/DestOutputProfile"): writer._add_object(stream),
    })
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(entry)])


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
