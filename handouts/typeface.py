"""The bundled typeface: its faces, and which characters it can draw.

Ground floor, ReportLab-free at import: intake checks every client field
against the font's character map (so a batch reports an unprintable name in
the parent, with its row), and render registers the same faces for drawing.
The character map is read once per process, on first use.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from handouts.errors import UnprintableError
from handouts.files.cache import code_folder, content_key, file_stamp, keep, read_stored
from handouts.files.paths import FONTS_DIR

FAMILY = "OpenSans"
REGULAR = "OpenSans"
BOLD = "OpenSans-Bold"
ITALIC = "OpenSans-Italic"
BOLD_ITALIC = "OpenSans-BoldItalic"
DISPLAY_NAME = "Open Sans"

FILES = {
    REGULAR: "OpenSans-Regular.ttf",
    BOLD: "OpenSans-Bold.ttf",
    ITALIC: "OpenSans-Italic.ttf",
    BOLD_ITALIC: "OpenSans-BoldItalic.ttf",
}


def fonts_stamp() -> str:
    """The bundled faces' names, sizes and times: they change whenever the files do (as ``code_stamp`` for code).

    Stored work that depends on the fonts (this character map, the charts'
    label layouts) is named with it; hashing the files' 0.9 MB instead cost a
    cold sheet more than reading the stored answer.
    """
    return "|".join(file_stamp(FONTS_DIR / file) for file in FILES.values())


@cache
def charset() -> frozenset[int]:
    """Code points that every face of the family can draw.

    Parsing four fonts is a good part of a single command's wait, so the answer
    is kept in the user's cache (``files.cache``) under the fonts' stamp
    (``fonts_stamp``), handouts' code and ReportLab's version (its reader decides).
    """
    import reportlab

    key = content_key(code_folder(__name__), f"reportlab {reportlab.Version}", fonts_stamp())
    found = read_stored("charsets", key)
    if isinstance(found, frozenset):
        return found
    table = _read_charset()
    keep("charsets", key, table, limit=4)
    return table


def _read_charset() -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile  # the TrueType reader; nothing is registered or drawn

    maps = [set(TTFontFile(str(FONTS_DIR / file)).charToGlyph) for file in FILES.values()]
    return frozenset(set.intersection(*maps))


def unprintable_char(text: str) -> str | None:
    """The first character of ``text`` the font cannot draw (newlines are fine), or None."""
    table = charset()
    for ch in text:
        if ch != "\n" and ord(ch) not in table:
            return ch
    return None


def describe_char(ch: str) -> str:
    """``'x' (U+0078 LATIN SMALL LETTER X)``: how a character is named in messages."""
    return f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


def check_printable(text: str, field: str, **where: object) -> None:
    """Raise if ``text`` holds a character the bundled font cannot draw."""
    ch = unprintable_char(text)
    if ch is not None:
        raise UnprintableError(
            f"character {describe_char(ch)} cannot be printed with the {DISPLAY_NAME} font",
            field=field,
            hint="replace it or leave it out; Latin, Greek and Cyrillic letters all work",
            **where,  # type: ignore[arg-type]
        )
