"""Theme: clinic colours and print size turned into paragraph styles.

One place decides the typography, so a sheet, a chart and a brochure look like
they come from the same clinic. Large print scales the body to 14 pt and
everything else with it. ``min_size`` is a floor, not a hope: 8 pt on every
sheet (print shops' smallest readable size), 12 pt in large print, for every
style here and for the letterhead and footer drawn in ``document``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from handouts import style
from handouts.render.fonts import BOLD, ITALIC, REGULAR, register_fonts
from handouts.style import mix

__all__ = ["INK", "MUTED", "PAPER_TINT", "RULE", "Theme", "clinic_theme", "make_theme", "mix"]

INK = HexColor(style.INK)
MUTED = HexColor(style.MUTED)
RULE = HexColor(style.RULE)
PAPER_TINT = HexColor(style.PAPER_TINT)


@dataclass(frozen=True)
class Theme:
    """Colours, sizes and the paragraph styles built from them."""

    primary: Color
    accent: Color
    body_size: float
    page_size: tuple[float, float]
    min_size: float = 8.0  # nothing a reader reads is smaller: 8 pt (print shops), 12 pt in large print
    styles: dict[str, ParagraphStyle] = field(hash=False, compare=False, default_factory=dict)

    @property
    def primary_tint(self) -> Color:
        return mix(self.primary, HexColor("#ffffff"), 0.10)

    @property
    def accent_tint(self) -> Color:
        return mix(self.accent, HexColor("#ffffff"), 0.14)


def _styles(primary: Color, accent: Color, body: float, least: float) -> dict[str, ParagraphStyle]:
    """Paragraph styles scaled from the body size; none smaller than ``least``."""
    scale = body / 9.5
    base = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=body,
        leading=body * 1.38,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=body * 0.45,
        bulletFontName=REGULAR,
        bulletFontSize=body,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )
    s: dict[str, ParagraphStyle] = {"body": base}
    s["h1"] = ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=20 * scale, leading=24 * scale,
                             textColor=primary, spaceBefore=0, spaceAfter=4 * scale)
    s["h2"] = ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12.5 * scale, leading=15.5 * scale,
                             textColor=primary, spaceBefore=9 * scale, spaceAfter=4 * scale, keepWithNext=1)
    s["h3"] = ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=10.5 * scale, leading=13 * scale,
                             textColor=INK, spaceBefore=5 * scale, spaceAfter=2 * scale, keepWithNext=1)
    s["lead"] = ParagraphStyle("lead", parent=base, fontSize=body * 1.12, leading=body * 1.55, textColor=INK)
    small = max(least, body * 0.84)
    s["small"] = ParagraphStyle("small", parent=base, fontSize=small, leading=small * 1.35)
    s["muted"] = ParagraphStyle("muted", parent=s["small"], textColor=MUTED, fontName=ITALIC)
    s["item"] = ParagraphStyle("item", parent=base, leftIndent=body * 1.3, bulletIndent=body * 0.2,
                               spaceAfter=body * 0.25)
    s["cell"] = ParagraphStyle("cell", parent=base, spaceAfter=0, leading=body * 1.28)
    s["cell-head"] = ParagraphStyle("cell-head", parent=s["cell"], fontName=BOLD, textColor=HexColor("#ffffff"),
                                    fontSize=max(least, body * 0.9))
    s["callout-title"] = ParagraphStyle("callout-title", parent=base, fontName=BOLD, textColor=primary,
                                        spaceAfter=body * 0.3)
    s["q"] = ParagraphStyle("q", parent=base, fontName=BOLD, spaceAfter=body * 0.15, keepWithNext=1)
    s["label"] = ParagraphStyle("label", parent=base, fontSize=max(least, body * 0.8),
                                leading=max(least, body * 0.8) * 1.2, textColor=MUTED)
    return s


@lru_cache(maxsize=32)
def make_theme(primary: str, accent: str, page_size: str = "a4", large_print: bool = False) -> Theme:
    """Build (and cache) the theme for a clinic's colours, page size and print size."""
    register_fonts()
    body, least = (14.0, 12.0) if large_print else (9.5, 8.0)
    p, a = HexColor(primary), HexColor(accent)
    return Theme(p, a, body, style.PAGE_POINTS[page_size], least, _styles(p, a, body, least))


def clinic_theme(clinic: Any, page_size: str = "a4", large_print: bool = False) -> Theme:
    """The theme in a clinic's colours: the one place its ``colours`` are read for drawing."""
    return make_theme(clinic.colours.primary, clinic.colours.accent, page_size, large_print)
