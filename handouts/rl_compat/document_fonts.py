"""The fonts' state in the document being drawn, and their subsets' names, kept at hand (part of the wall).

Every line and paragraph drawn asks a TrueType font for its state in the
document (which codes its characters have) and for a subset's name; ReportLab
keeps the states in a ``WeakKeyDictionary`` per font, a Python-level look-up
that makes a weak reference each time, and builds the name again on every
call. Here both are kept for the document drawn last (all of a process's
drawing, one document at a time), behind a weak reference to it, so a
document that ends leaves nothing behind and another one starts afresh.
"""

from __future__ import annotations

import codecs
import weakref
from itertools import islice
from typing import Any

UNMAPPED = "\ufffe"  # ``codecs.charmap_build``'s mark for a code no character has


class Codes:
    """A font's codes in the first subset as an encoding table (``codecs.charmap_encode``: ``encode``).

    Brought up to date whenever ``state.assignments`` has grown: characters
    only ever get codes, added at the dict's end, never losing or changing
    them, so only the new ones are read. The table is a C encoding map when
    the codes allow one (code 0 for U+0000, as ReportLab's states give it,
    and no character past U+FFFF), else a dict of the same codes.
    """

    __slots__ = ("assignments", "count", "decoding", "table", "wide")

    def __init__(self, assignments: dict[int, int]) -> None:
        self.assignments = assignments
        self.count = 0
        self.decoding = [UNMAPPED] * 256  # the character of each code, as ``charmap_build`` takes them
        self.wide = False  # a character past U+FFFF has a code
        self.table: Any = None
        self.grow()

    def grow(self) -> None:
        """Take in the codes given since the table was made."""
        for char, code in islice(self.assignments.items(), self.count, None):
            if code < 256 and char != 0xA0:
                self.decoding[code] = chr(char)
                self.wide = self.wide or char > 0xFFFF
        self.count = len(self.assignments)
        if self.decoding[0] == "\0" and not self.wide:
            self.table = codecs.charmap_build("".join(self.decoding))
        else:
            self.table = {ord(c): code for code, c in enumerate(self.decoding) if c != UNMAPPED}


class DocumentFonts:
    """What is kept for one document: each font's state, and each (font, subset)'s name (``fonts_of``)."""

    __slots__ = ("codes", "doc", "heads", "names", "states")

    def __init__(self, doc: Any) -> None:
        self.doc = weakref.ref(doc)
        self.states: dict[Any, Any] = {}
        self.names: dict[tuple[Any, int], str] = {}
        self.codes: dict[Any, Codes] = {}
        self.heads: dict[tuple[str, float, float], tuple[Any, str]] = {}  # ``drawing.draw_string_at_once``'s

    def state(self, font: Any) -> Any:
        """``font.state[doc]``, or None while the document has drawn nothing in the font.

        Relies on: a ``TTFont``'s state for a document being made once (on the
        document's first use of the font) and never replaced.
        """
        state = self.states.get(font)
        if state is None:
            state = font.state.get(self.doc())
            if state is not None:
                self.states[font] = state
        return state

    def name(self, font: Any, subset: int) -> str:
        """``font.getSubsetInternalName(subset, doc)``, asked once per document.

        Relies on: the name depending only on the state's ``internalName``, set
        (with the font's registration in the document) on the first call and
        never changed, and on subsets only being added.
        """
        key = (font, subset)
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = font.getSubsetInternalName(subset, self.doc())
        return name

    def encode(self, font: Any, text: str) -> bytes | None:
        """The codes of ``text``'s characters (U+00A0 as a space) when all of them already have codes in the
        font's first subset: what ``splitString`` gives as its one piece; else None. One C call (``Codes``).

        Relies on: ``TTFont.splitString`` taking an assigned character's code
        from ``state.assignments`` (subset = code >> 8), as ``writers.fast_known_text``;
        a code past 255 (a later subset) is left out of the table, so its
        character fails the encoding.
        """
        codes = self.codes.get(font)
        if codes is None:
            state = self.state(font)
            if state is None:
                return None
            codes = self.codes[font] = Codes(state.assignments)
        elif len(codes.assignments) != codes.count:
            codes.grow()
        try:
            return codecs.charmap_encode(text.replace("\xa0", " "), None, codes.table)[0]
        except UnicodeEncodeError:
            return None


_LAST: list[DocumentFonts | None] = [None]  # the document drawn last (a list: swapped whole, safe between threads)


def fonts_of(doc: Any) -> DocumentFonts:
    """The fonts kept for ``doc``: those of the document drawn last, or a fresh set for another one."""
    kept = _LAST[0]
    if kept is None or kept.doc() is not doc:
        kept = _LAST[0] = DocumentFonts(doc)
    return kept
