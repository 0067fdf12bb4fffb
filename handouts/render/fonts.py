"""The bundled font family: registration, and a check that text can be printed.

Print shops reject PDFs with fonts that are not embedded, and ReportLab falls
back on Helvetica (one of the 14 standard fonts, never embedded) wherever a
font is not named. Every style and canvas in handouts therefore names these
faces explicitly. A character the font lacks would print as an empty box, so
client text is checked first and a missing glyph is an error naming the field.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from reportlab import Version, rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

import handouts.rl_compat
from handouts.files.cache import cache_root, content_key, file_stamp, keep, read_stored
from handouts.files.kept_table import DRAWING_ENTRIES, KeptTable, drawing_table
from handouts.files.paths import FONTS_DIR
from handouts.rl_compat import (
    CachedParagraph,
    face_state,
    fast_dictionary_keys,
    fast_known_text,
    fast_number_arrays,
    fast_pdfdoc_text,
    flate_streams,
    font_over_face,
    kept_font_objects,
    kept_forms,
    kept_numbers,
    kept_strings,
    memoize_subsets,
    quick_object_headers,
    quick_pages,
    quick_streams,
    quick_values,
    restored_face,
)
from handouts.typeface import (
    BOLD,
    BOLD_ITALIC,
    DISPLAY_NAME,
    FAMILY,
    FILES,
    ITALIC,
    REGULAR,
    check_printable,
    fonts_stamp,
)

__all__ = ["BOLD", "BOLD_ITALIC", "DISPLAY_NAME", "FAMILY", "ITALIC", "REGULAR", "check_printable", "ellipsize",
           "register_fonts"]

_FILES = FILES
STREAM_LEVEL = 1  # small streams: zlib's fastest; see register_fonts
CACHED_LEVEL = 6  # large streams (zlib's default, as before): font subsets and chart forms are compressed once
CACHE_FROM = 4096  # bytes: font subsets and chart forms are larger, a page's own text mostly not
STORE = "faces"  # the kind of stored work (``files.cache``): <cache>/faces/<key>.pickle
KEPT_STORE = "streams"  # font subsets and compressed streams: <cache>/streams/<key>.pickle
PARAGRAPHS_STORE = "paragraphs"  # parsed paragraphs and their lines: <cache>/paragraphs/<key>.pickle
PARAGRAPH_ENTRIES = 512  # a sheet parses and breaks about 80 paragraphs; clients differ in a few


@cache
def register_fonts() -> str:
    """Register the four faces once per process (and set how streams are written); returns the family name.

    Streams: no ASCII85 (it makes binary streams a quarter larger, for 7-bit
    channels nobody prints through), zlib level 1 for what changes from
    sheet to sheet, and large repeated streams compressed once, at level 6 (``flate_streams``).
    """
    rl_config.useA85 = 0
    kept, CachedParagraph.kept = _kept_tables()
    flate_streams(level=STREAM_LEVEL, cache_from=CACHE_FROM, cached_level=CACHED_LEVEL, kept=kept)
    quick_values()  # numbers, bytes and text in any object: written without the generic checks (first: the
    # dictionary writer below calls whatever ``pdfdoc.format`` is when it is installed)
    fast_number_arrays()  # font width arrays: one formatting call, not one per number
    fast_known_text()  # text of characters the document already uses: encoded in one step
    fast_dictionary_keys()  # dictionary keys: bytes made once per process
    fast_pdfdoc_text()  # ASCII text (chart forms, object headers): encoded in one step
    kept_font_objects()  # each subset's widths, ToUnicode map, descriptor and program: formatted once per process
    kept_forms()  # the chart's forms: formatted once per process
    quick_pages()  # each page's dictionary: written directly
    quick_streams()  # each page's operators: their stream written directly
    kept_strings()  # text strings (title, author, producer, ...): formatted once per process
    kept_numbers()  # the numbers in operators (positions, widths, matrices): each call's formatted once per process
    quick_object_headers()  # each object's header and end: one step
    for font in _fonts():
        # building a subset is a tenth of a sheet; the same ones recur (in this process, and the next: ``kept``)
        memoize_subsets(font.face, kept=kept, label=font.fontName)
        pdfmetrics.registerFont(font)
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(FAMILY, bold, italic, face)
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return FAMILY


def _kept_tables() -> tuple[KeptTable | None, KeptTable | None]:
    """Work kept for the next process (``files.kept_table``): font subsets and their compressed streams
    (``KEPT_STORE``), and paragraphs parsed and broken into lines (``PARAGRAPHS_STORE``); None, None without a cache.

    A fresh sheet spends about 3.5 ms making and compressing the same subsets,
    and 4 ms parsing and breaking the same paragraphs; both tables are named
    for the font files (``fonts_stamp``), ReportLab's version and the compat
    code that makes them.
    """
    if cache_root() is None:
        return None, None
    key = content_key(Path(handouts.rl_compat.__file__).parent, f"reportlab {Version}", fonts_stamp())
    return drawing_table(KEPT_STORE, key, DRAWING_ENTRIES), drawing_table(PARAGRAPHS_STORE, key, PARAGRAPH_ENTRIES)


def _fonts() -> list[TTFont]:
    """The four faces as ReportLab fonts, their parsed tables kept in the user's cache (``files.cache``).

    Parsing the faces is about a tenth of a fresh ``handouts sheet``, for the
    same answer every time. The entry is named for the files' paths, sizes and
    times (``file_stamp``, as for code and the other font-named entries:
    hashing their 0.9 MB cost more than reading the kept faces), ReportLab's
    version (its parser decides what a face holds) and handouts' compat code
    (what is kept of it).
    """
    paths = {name: FONTS_DIR / file for name, file in _FILES.items()}
    if cache_root() is None:
        return [TTFont(name, str(path)) for name, path in paths.items()]
    try:
        stamps = [file_stamp(path) for path in paths.values()]
    except OSError:  # ReportLab names the missing file in its own error
        return [TTFont(name, str(path)) for name, path in paths.items()]
    key = content_key(Path(handouts.rl_compat.__file__).parent, f"reportlab {Version}", *stamps)
    stored: Any = read_stored(STORE, key)
    if isinstance(stored, dict) and stored.keys() == paths.keys():
        # the bytes are read when a subset is first cut from them: mostly never, the subsets being kept too
        return [font_over_face(name, str(path), restored_face(stored[name], path.read_bytes))
                for name, path in paths.items()]
    fonts = [TTFont(name, str(path)) for name, path in paths.items()]
    keep(STORE, key, {font.fontName: face_state(font.face) for font in fonts}, limit=4)
    return fonts


def ellipsize(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut to fit ``width`` with an ellipsis (a long name in the running header; page 1 has it whole)."""
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits together with the ellipsis
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid].rstrip() + "\u2026", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "\u2026" if low else ""
