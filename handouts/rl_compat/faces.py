"""Parsed TrueType faces that can be kept on disk and turned back into ReportLab fonts.

Parsing the four bundled faces (``TTFontFace``: tables, character map,
widths) is a tenth of a fresh ``handouts sheet``; everything it finds is plain
data except the file's bytes (kept apart, the caller reads them anyway) and
the scale function from font units to PDF units (a closure, rebuilt here).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

# parts of a parsed face that are not kept: the file's bytes and the scale closure
_NOT_KEPT = ("_ttf_data", "_pdfScale")
_SWAP = threading.Lock()


def face_state(face: TTFontFace) -> dict[str, Any]:
    """What ``face`` learned from parsing its file, as plain picklable data (a copy, without the file's bytes).

    Relies on: a parsed ``TTFontFace`` keeping all it found in its instance
    ``__dict__``, with ``_ttf_data`` (the file's bytes) and ``_pdfScale`` (a
    lambda made by ``extractInfo`` from ``unitsPerEm``) the only parts that
    are not plain data.
    """
    return {name: value for name, value in face.__dict__.items() if name not in _NOT_KEPT}


def _pdf_scale(units_per_em: int) -> Callable[[float], float]:
    """The scale ``extractInfo`` makes: font units to thousandths of an em, computed the same way."""
    if units_per_em == 1000:
        return lambda x: x
    per_unit = 1000 / units_per_em
    return lambda x: x * per_unit


def restored_face(state: dict[str, Any], data: bytes) -> TTFontFace:
    """A face as ``TTFontFace(filename)`` would parse it from ``data``, rebuilt from ``face_state`` without parsing."""
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = data
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
