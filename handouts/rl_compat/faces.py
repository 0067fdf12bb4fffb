"""Parsed TrueType faces that can be kept on disk and turned back into ReportLab fonts.

Parsing the four bundled faces (``TTFontFace``: tables, character map,
widths) is a tenth of a fresh ``handouts sheet``; everything it finds is plain
data except the file's bytes (kept apart) and the scale function from font
units to PDF units (a closure, rebuilt here).

Measuring and writing text needs a face's widths and character map; its
glyph-to-character map, metrics and glyph offsets (``SUBSETTING``) and the
file's bytes are only read to cut a subset, which a fresh process mostly
finds kept (``writers.memoize_subsets``). So a restored face loads those the
first time anything asks for them: rebuilding them was half of reading the
kept faces.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

# parts of a parsed face that are not kept: the file's bytes and the scale closure
_NOT_KEPT = ("_ttf_data", "_pdfScale")
# the tables only subsetting reads: kept as one pickled blob, rebuilt on first use
SUBSETTING = ("glyphToChar", "hmetrics", "glyphPos")
_SWAP = threading.Lock()
_COMPLETE = threading.Lock()


class LazyFace(TTFontFace):
    """A restored face whose subsetting tables and file bytes load when first asked for (see the module's text).

    Relies on: ``TTFontFace`` (and its parser) reading those as plain
    instance attributes, so that asking for one that is missing reaches
    ``__getattr__``; ``makeSubset`` is the only reader of them in ReportLab
    (``stringWidth`` reads the widths, a document's font state ``charToGlyph``).
    """

    def __getattr__(self, name: str) -> Any:
        pending = self.__dict__.get("_pending")
        if pending is None or (name not in SUBSETTING and name != "_ttf_data"):
            raise AttributeError(name)
        with _COMPLETE:
            pending = self.__dict__.pop("_pending", None)
            if pending is not None:
                blob, read = pending
                self.__dict__.update(pickle.loads(blob))
                self.__dict__["_ttf_data"] = read()
        return self.__dict__[name]


def face_state(face: TTFontFace) -> dict[str, Any]:
    """What ``face`` learned from parsing its file, as plain picklable data (a copy, without the file's bytes).

    Relies on: a parsed ``TTFontFace`` keeping all it found in its instance
    ``__dict__``, with ``_ttf_data`` (the file's bytes) and ``_pdfScale`` (a
    lambda made by ``extractInfo`` from ``unitsPerEm``) the only parts that
    are not plain data. The ``SUBSETTING`` tables go in one pickled blob.
    """
    found = face.__dict__
    state = {name: value for name, value in found.items() if name not in _NOT_KEPT and name not in SUBSETTING}
    state["subsetting"] = pickle.dumps({name: found[name] for name in SUBSETTING if name in found},
                                       protocol=pickle.HIGHEST_PROTOCOL)
    return state


def _pdf_scale(units_per_em: int) -> Callable[[float], float]:
    """The scale ``extractInfo`` makes: font units to thousandths of an em, computed the same way."""
    if units_per_em == 1000:
        return lambda x: x
    per_unit = 1000 / units_per_em
    return lambda x: x * per_unit


def restored_face(state: dict[str, Any], read: Callable[[], bytes]) -> TTFontFace:
    """A face as ``TTFontFace(filename)`` would parse it, rebuilt from ``face_state`` without parsing.

    ``read`` gives the file's bytes, called the first time the face needs them (``LazyFace``).
    """
    face = LazyFace.__new__(LazyFace)
    face.__dict__.update(state)
    del face.__dict__["subsetting"]
    face.__dict__["_pending"] = (state["subsetting"], read)
    face._pdfScale = _pdf_scale(state["unitsPerEm"])
    return face


def font_over_face(name: str, filename: str, face: TTFontFace) -> TTFont:
    """``TTFont(name, filename)`` with ``face`` as its face instead of a fresh parse of the file.

    Relies on: ``TTFont.__init__`` making its face by calling the module's
    ``TTFontFace(filename, validate=..., subfontIndex=...)`` once and setting
    the rest (encoding, per-document state, shaping) itself. That name is
    pointed at ``face`` for the call, under a lock, and put back.
    """
    def given(*args: Any, **kwargs: Any) -> TTFontFace:
        return face

    with _SWAP:
        ttfonts.TTFontFace = given  # type: ignore[misc,assignment]
        try:
            return TTFont(name, filename)
        finally:
            ttfonts.TTFontFace = TTFontFace  # type: ignore[misc]
