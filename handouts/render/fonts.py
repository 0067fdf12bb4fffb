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
from handouts.rl_compat import memoize_subsets
from handouts.typeface import BOLD, BOLD_ITALIC, DISPLAY_NAME, FAMILY, FILES, ITALIC, REGULAR, check_printable

__all__ = ["BOLD", "BOLD_ITALIC", "DISPLAY_NAME", "FAMILY", "ITALIC", "REGULAR", "check_printable", "register_fonts"]

_FILES = FILES


@cache
def register_fonts() -> str:
    """Register the four faces once per process; returns the family name."""
    for name, file in _FILES.items():
        font = TTFont(name, str(FONTS_DIR / file))
        memoize_subsets(font.face)  # building a subset is a tenth of a sheet; the same ones recur
        pdfmetrics.registerFont(font)
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(FAMILY, bold, italic, face)
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return FAMILY
