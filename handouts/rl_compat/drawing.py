"""A line of text drawn in one step: what ``Canvas.drawString`` writes, without its text object (part of the wall).

A sheet draws about a hundred single lines (routine table cells, chart
labels, the letterhead), each through a fresh ``PDFTextObject``: a dozen
Python calls to write one short run of operators. ``draw_string_at_once``
writes the same operators directly when the text is plain and fits in one
subset of a TrueType font; anything else is left to ReportLab.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics


def draw_string_at_once(canv: Any, x: float, y: float, text: Any) -> bool:
    """``canv.drawString(x, y, text)`` with no mode, spacing, direction or shaping; False when not done.

    Relies on: ``drawString`` (through ``PDFTextObject``: ``setTextOrigin``,
    ``textLine``, ``_formatText``, ``getCode``) appending to ``canv._code`` the
    one string ``BT 1 0 0 1 x y Tm <subset> size Tf leading TL (bytes) Tj T*
    ET`` for a bottom-up canvas, a TrueType font (``_dynamicFont``) and text
    that ``font.splitString(text, canv._doc)`` puts in one subset (its
    internal name from ``getSubsetInternalName``, the bytes escaped with
    ``canv._escape``); direction None leaves plain text as it is. Text in no
    subset or in several goes to ReportLab, whose second ``splitString``
    finds the codes the first one assigned. ``tests/test_compat.py`` compares the two.
    """
    if type(text) is not str or not canv.bottomup:
        return False
    font = pdfmetrics.getFont(canv._fontname)
    if not getattr(font, "_dynamicFont", 0):
        return False
    doc = canv._doc
    parts = font.splitString(text, doc)
    if len(parts) != 1:
        return False
    subset, data = parts[0]
    canv._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {font.getSubsetInternalName(subset, doc)} "
                      f"{fp_str(canv._fontsize)} Tf {fp_str(canv._leading)} TL ({canv._escape(data)}) Tj T* ET")
    return True
