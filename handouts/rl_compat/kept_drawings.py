"""A drawing of paths, colours and lines of text, drawn once per process and written again (part of the wall).

Every page of a batch carries a letterhead or running head and a footer
that are the same on every page of a clinic's sheets: some forty canvas
calls a page (colours, fonts, rules, the logo placed and scaled, contact
lines measured to stand flush right) for the same operators each time.
``draw_kept`` draws such a drawing the first time as usual, noting which
of the operators it wrote are lines of text. The other operators are kept
as written; the lines are written for each document with the codes that
document gives their characters, as a planned paragraph's are
(``paragraph_drawing._text_operators``), once per document (documents
are drawn one at a time: what was written into the one drawn last is kept).

A drawing is kept only when writing it again from what was kept gives,
right then, exactly what drawing it wrote; when its other operators name
no resource (an image, a form, a font outside a noted line, a transparency
state: ``plain_paths``); and when it added no annotation, form or object
to the document. Anything else is drawn anew every time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any

from reportlab.pdfbase import pdfmetrics

from handouts.rl_compat.document_fonts import DocumentFonts, fonts_of
from handouts.rl_compat.drawing import size_operands
from handouts.rl_compat.numbers import numbers_text
from handouts.rl_compat.paragraph_drawing import Entry, _text_operators

DRAWINGS = 64  # drawings kept per process: a head and a footer per clinic, theme, paper and margins
Part = str | tuple[Entry, ...]  # operators as written, or a line of text's text-object entries
_SHARES = {"drawString": 0.0, "drawRightString": 1.0, "drawCentredString": 0.5}  # of its width a line starts left of x


class Kept:
    """A drawing kept: the PDF version drawing it asked for, its parts, and what it wrote into the document
    drawn last (``fonts``: that document's ``DocumentFonts``), written again there as it is."""

    __slots__ = ("fonts", "parts", "version", "written")

    def __init__(self, version: tuple[int, ...], parts: tuple[Part, ...], fonts: DocumentFonts, written: str) -> None:
        self.version, self.parts, self.fonts, self.written = version, parts, fonts, written


_KEPT: dict[Hashable, Kept | None] = {}  # None: drawn anew every time
_UNSEEN = object()

PLAIN_OPERATORS = frozenset(("q", "Q", "cm", "m", "l", "c", "v", "y", "h", "re", "f", "f*", "F", "S", "s", "B", "B*",
                             "b", "b*", "n", "W", "W*", "w", "J", "j", "M", "d", "[", "]", "rg", "RG", "g", "G", "k",
                             "K", "i"))
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)")


def plain_paths(code: list[str]) -> bool:
    """Whether PDF operators use only numbers and path, colour and graphics-state operators (no resources)."""
    words = (w for op in code for w in op.replace("[", " [ ").replace("]", " ] ").split())
    return all(word in PLAIN_OPERATORS or _NUMBER.fullmatch(word) for word in words)


def draw_kept(canv: Any, key: Hashable, draw: Callable[[], None]) -> None:
    """``draw()`` (which draws on ``canv``), written from what was kept under ``key`` when it was drawn before.

    ``key`` must name everything the drawing depends on. Relies on: a page's
    operators (``canv._code``) being written joined by newlines, so one
    string of several operators writes what they wrote one by one; lines of
    text drawn with ``drawString``, ``drawRightString`` or ``drawCentredString``
    writing one text object, starting at ``x`` less their ``stringWidth`` (or
    half of it), as ``_text_operators`` writes them for a TrueType font; the
    document's ``_pdfVersion`` as ``pdf_version_asked`` reads it. A canvas
    with a colour hook or drawing top-down is left to ``draw``.
    ``tests/test_compat.py`` compares the two.
    """
    if getattr(canv, "_enforceColorSpace", None) or not canv.bottomup:
        draw()
        return
    kept = _KEPT.get(key, _UNSEEN)
    if kept is _UNSEEN:
        if len(_KEPT) >= DRAWINGS:
            _KEPT.clear()
        _KEPT[key] = _first(canv, draw)
        return
    if kept is None:
        draw()
        return
    doc = canv._doc
    fonts = fonts_of(doc)
    if kept.fonts is not fonts:  # the first time in this document: its codes
        kept.written, kept.fonts = _written(kept.parts, canv), fonts
    canv._code.append(kept.written)
    doc._pdfVersion = max(tuple(doc._pdfVersion), kept.version)


def _first(canv: Any, draw: Callable[[], None]) -> Kept | None:
    """Draw, noting the lines of text; what to keep, or None when it cannot be written again (module doc)."""
    from handouts.rl_compat import pdf_version_asked

    mark = len(canv._code)
    before = _resources(canv)
    notes: list[tuple[Any, ...] | None] = []
    for name in _SHARES:
        setattr(canv, name, _noting(canv, name, notes))  # shadows the class's method on this one canvas
    try:
        version = pdf_version_asked(canv, draw)
    finally:
        for name in _SHARES:
            delattr(canv, name)
    code = canv._code[mark:]
    parts = _parts(code, notes, mark) if _resources(canv) == before else None
    if parts is None:
        return None
    written = _written(parts, canv)
    if written != "\n".join(code):
        return None
    return Kept(tuple(version), parts, fonts_of(canv._doc), written)


def _resources(canv: Any) -> tuple[int, int, int]:
    """How many annotations, forms in use and objects the canvas and its document hold."""
    return len(canv._annotationrefs), len(canv._formsinuse), len(canv._doc.idToObject)


def _noting(canv: Any, name: str, notes: list[tuple[Any, ...] | None]) -> Callable[..., None]:
    """The canvas's ``name`` method, noting where each plain line went in ``canv._code`` and what it holds
    (None for a line drawn with other options, or not as one text object)."""
    method = getattr(type(canv), name)
    share = _SHARES[name]

    def noted(x: float, y: float, text: Any, *args: Any, **kwargs: Any) -> None:
        at = len(canv._code)
        method(canv, x, y, text, *args, **kwargs)
        if args or kwargs or type(text) is not str or not text or len(canv._code) != at + 1:
            notes.append(None)
            return
        font, size = canv._fontname, canv._fontsize
        start = x - share * pdfmetrics.stringWidth(text, font, size) if share else x
        notes.append((at, font, size, canv._leading, start, y, text))

    return noted


def _parts(code: list[str], notes: list[tuple[Any, ...] | None], mark: int) -> tuple[Part, ...] | None:
    """The drawing's operators with each noted line as its text object's entries, plain runs joined as one."""
    lines = {}
    for note in notes:
        if note is None:
            return None
        at, name, size, leading, x, y, text = note
        font = pdfmetrics.getFont(name)
        if not getattr(font, "_dynamicFont", 0):
            return None
        entry = (font, size_operands(size, leading), text, True, True)
        lines[at - mark] = ("BT", f"1 0 0 1 {numbers_text(x, y)} Tm", entry)
    parts: list[Part] = []
    run: list[str] = []
    for n, op in enumerate(code):
        line = lines.get(n)
        if line is None:
            run.append(op)
            continue
        if run:
            parts.append("\n".join(run))
            run = []
        parts.append(line)
    if run:
        parts.append("\n".join(run))
    plain = [part for part in parts if type(part) is str]
    return tuple(parts) if plain_paths(plain) else None


def _written(parts: tuple[Part, ...], canv: Any) -> str:
    """The kept parts as this document writes them: its codes for the lines' characters."""
    doc, escape = canv._doc, canv._escape
    return "\n".join(part if type(part) is str else _text_operators(part, doc, escape) for part in parts)
