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

import weakref
from typing import Any


class NoCode(Exception):
    """A character with no code in the first subset yet (not a ``LookupError``: ``str.translate`` would pass it)."""


class Codes(dict):
    """A font's codes in the first subset, by character number, as ``str.translate`` takes them (``encode``).

    A copy of ``state.assignments`` made again whenever that has grown
    (characters only ever get codes, never lose or change them), with
    U+00A0 given the space's code, as ``splitString`` gives it.
    """

    __slots__ = ("assignments", "count")

    def __init__(self, assignments: dict[int, int]) -> None:
        super().__init__(assignments)
        self.pop(0xA0, None)
        if 32 in self:
            self[0xA0] = self[32]
        self.assignments = assignments
        self.count = len(assignments)

    def __missing__(self, key: int) -> int:
        raise NoCode


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

    def known(self, font: Any, numbers: Any) -> bytes | None:
        """The codes of the characters ``numbers`` (``ord`` of each, U+00A0 as a space) when all of them
        already have codes in the font's first subset: what ``splitString`` gives as its one piece; else None.

        Relies on: ``TTFont.splitString`` taking an assigned character's code
        from ``state.assignments`` (subset = code >> 8), as ``writers.fast_known_text``.
        """
        state = self.states.get(font)
        if state is None:
            state = self.state(font)
            if state is None:
                return None
        try:  # KeyError: a character with no code yet; ValueError: a code past the first subset
            return bytes(map(state.assignments.__getitem__, numbers))
        except (KeyError, ValueError):
            return None

    def encode(self, font: Any, text: str) -> bytes | None:
        """``known(font, map(ord, text.replace("\xa0", " ")))`` in one C call, ``str.translate``, and an encoding.

        Relies on: the same as ``known``, and on a code past 255 (a later
        subset) failing the Latin-1 encoding, as it fails ``bytes``.
        """
        codes = self.codes.get(font)
        if codes is None or len(codes.assignments) != codes.count:
            state = self.state(font)
            if state is None:
                return None
            codes = self.codes[font] = Codes(state.assignments)
        try:
            return text.translate(codes).encode("latin-1")
        except (NoCode, UnicodeEncodeError):
            return None


_LAST: list[DocumentFonts | None] = [None]  # the document drawn last (a list: swapped whole, safe between threads)


def fonts_of(doc: Any) -> DocumentFonts:
    """The fonts kept for ``doc``: those of the document drawn last, or a fresh set for another one."""
    kept = _LAST[0]
    if kept is None or kept.doc() is not doc:
        kept = _LAST[0] = DocumentFonts(doc)
    return kept
