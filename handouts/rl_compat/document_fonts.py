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


class DocumentFonts:
    """What is kept for one document: each font's state, and each (font, subset)'s name (``fonts_of``)."""

    __slots__ = ("doc", "names", "states")

    def __init__(self, doc: Any) -> None:
        self.doc = weakref.ref(doc)
        self.states: dict[Any, Any] = {}
        self.names: dict[tuple[Any, int], str] = {}

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


_LAST: list[DocumentFonts | None] = [None]  # the document drawn last (a list: swapped whole, safe between threads)


def fonts_of(doc: Any) -> DocumentFonts:
    """The fonts kept for ``doc``: those of the document drawn last, or a fresh set for another one."""
    kept = _LAST[0]
    if kept is None or kept.doc() is not doc:
        kept = _LAST[0] = DocumentFonts(doc)
    return kept
