"""The bundled font family: registration, and a check that text can be printed.

Print shops reject PDFs with fonts that are not embedded, and ReportLab falls
back on Helvetica (one of the 14 standard fonts, never embedded) wherever a
font is not named. Every style and canvas in handouts therefore names these
faces explicitly. A character the font lacks would print as an empty box, so
client text is checked first and a missing glyph is an error naming the field.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from handouts.files.paths import FONTS_DIR
from handouts.typeface import BOLD, BOLD_ITALIC, DISPLAY_NAME, FAMILY, FILES, ITALIC, REGULAR, check_printable

__all__ = ["BOLD", "BOLD_ITALIC", "DISPLAY_NAME", "FAMILY", "ITALIC", "REGULAR", "check_printable", "register_fonts"]

_FILES = FILES


@cache
def register_fonts() -> str:
    """Register the four faces once per process; returns the family name."""
    for name, file in _FILES.items():
        font = TTFont(name, str(FONTS_DIR / file))
        _remember_subsets(font)
        pdfmetrics.registerFont(font)
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(FAMILY, bold, italic, face)
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return FAMILY


def _remember_subsets(font: TTFont, limit: int = 512) -> None:
    """Reuse the embedded font program for a set of glyphs already subset in this process.

    Every PDF embeds its own subset of each face, and building one is about a
    tenth of a sheet's time. Headings, labels and the how-to text use the same
    characters on sheet after sheet, so the same subsets recur, above all in
    the bold and italic faces. The result depends only on the glyphs asked for.
    """
    face = font.face
    build = face.makeSubset
    made: dict[tuple[int, ...], bytes] = {}

    def make_subset(subset):
        key = tuple(subset)
        found = made.get(key)
        if found is None:
            if len(made) >= limit:
                made.clear()
            found = made[key] = build(subset)
        return found

    face.makeSubset = make_subset
