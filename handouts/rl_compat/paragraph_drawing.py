"""A paragraph drawn in one step: what ``Paragraph.drawPara`` writes, without its text objects (part of the wall).

A sheet draws some thirty-five paragraphs, and ReportLab draws each through
one or two ``PDFTextObject``s: per line and per run of bold or colour a dozen
Python calls (font, colour and alpha set again, the cursor moved, the text
split into font subsets and escaped) to write a few short operators; about a
sixth of a batch sheet. ``draw_paragraph_at_once`` writes the same operators
from the broken lines directly, for the paragraphs handouts draws: left
aligned, TrueType fonts, plain RGB colours, plain text runs, a bullet given
as text. Anything else (links, underlines, images, a background, another
alignment, a colour hook, translucency, a line too long for its width) is
left to ReportLab, before anything is written.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl_paragraph

_FILLS: dict[tuple[float, float, float], str] = {}  # a colour's red, green, blue -> its fill operator
_SIZES: dict[tuple[float, float], str] = {}  # (font size, leading) -> the operands after a subset's name


class _Declined(Exception):
    """The paragraph holds something this module leaves to ReportLab."""


class _Text:
    """The state of one text object while its operators are written: font, size, leading, subset, colour."""

    __slots__ = ("canv", "code", "colour", "doc", "escape", "font", "leading", "name", "size", "subset")

    def __init__(self, canv: Any, x: float, y: float) -> None:
        self.canv, self.doc, self.escape = canv, canv._doc, canv._escape
        self.code = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm"]
        self.name: str | None = None
        self.font: Any = None
        self.size: float | None = None
        self.leading: float | None = None
        self.subset = -1
        self.colour: Any = None

    def set_font(self, name: str, size: float, leading: float) -> None:
        """A TrueType font writes nothing until text is drawn in it (then with its subset's name)."""
        font = pdfmetrics.getFont(name)
        if not getattr(font, "_dynamicFont", 0):
            raise _Declined
        self.name, self.font, self.size, self.leading, self.subset = name, font, size, leading, -1

    def text(self, text: Any, line_end: bool) -> None:
        """``PDFTextObject._textOut``: a subset's name and the sizes when the subset changes, then each run."""
        if type(text) is not str:
            raise _Declined
        font, doc, escape = self.font, self.doc, self.escape
        parts = []
        for subset, data in font.splitString(text, doc):
            if subset != self.subset:
                parts.append(f"{font.getSubsetInternalName(subset, doc)} {_sizes(self.size, self.leading)}")
                self.subset = subset
            parts.append(f"({escape(data)}) Tj")
        self.code.append(" ".join(parts) + " T*" if line_end else " ".join(parts))

    def move(self, dx: float) -> None:
        """``setXPos``: a Td when the move is more than a millionth; one right after another Td is declined
        (ReportLab merges the two)."""
        if dx > 1e-6 or dx < -1e-6:
            if self.code[-1].endswith(" Td"):
                raise _Declined
            self.code.append(f"{fp_str(dx, 0)} Td")

    def fill(self, colour: Any) -> None:
        self.code.append(fill_operator(self.canv, colour))

    def done(self) -> str:
        return " ".join(self.code) + " ET"


def _sizes(size: float, leading: float) -> str:
    key = (size, leading)
    found = _SIZES.get(key)
    if found is None:
        if len(_SIZES) >= 256:
            _SIZES.clear()
        found = _SIZES[key] = f"{fp_str(size)} Tf {fp_str(leading)} TL"
    return found


def fill_operator(canv: Any, colour: Any) -> str:
    """The ``rg`` operator ``setFillColor(colour)`` writes for a plain RGB colour, made once per colour.

    Relies on: ``setFillColor`` (canvas and text object alike) writing
    ``fp_str(red, green, blue) rg`` for a ``Color``, then setting the
    colour's alpha, which asks the document for PDF 1.4 and writes a ``gs``
    operator only when the alpha differs from the graphics state's ``ca``
    (``ExtGState.getValue``). A colour of another kind, or one whose alpha
    would write an operator, is declined.
    """
    if type(colour) is not Color:
        raise _Declined
    alpha = colour.alpha
    if alpha is not None:
        if type(alpha) not in (int, float) or alpha != canv._extgstate.getValue("ca"):
            raise _Declined
        canv._doc.ensureMinPdfVersion("transparency")
    key = (colour.red, colour.green, colour.blue)
    found = _FILLS.get(key)
    if found is None:
        if len(_FILLS) >= 256:
            _FILLS.clear()
        found = _FILLS[key] = f"{fp_str(key)} rg"
    return found


def _plain_style(para: Any, style: Any, canv: Any) -> bool:
    """Left aligned, no background or border, no dots, not right to left, leading as given; a plain canvas."""
    auto = getattr(para, "autoLeading", getattr(style, "autoLeading", ""))
    return (style.alignment == TA_LEFT and not style.backColor and not style.endDots
            and not (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
            and style.wordWrap != "RTL" and auto not in ("min", "max") and canv.bottomup
            and not getattr(canv, "_enforceColorSpace", None)
            and "preformatted" not in type(para).__name__.lower())


def _bullet(out: list[str], canv: Any, style: Any, text: str, offset: float, y: float) -> float:
    """``_drawBullet`` for text anchored at its start: its own text object; returns the first line's offset."""
    if style.bulletAnchor != "start":
        raise _Declined
    x = style.bulletIndent - 0
    tx = _Text(canv, x, y + getattr(style, "bulletOffsetY", 0))
    tx.set_font(style.bulletFontName, style.bulletFontSize, style.bulletFontSize * 1.2)
    tx.fill(getattr(style, "bulletColor", style.textColor))
    tx.text(text, False)
    out.append(tx.done())
    end = x + pdfmetrics.stringWidth(text, style.bulletFontName, style.bulletFontSize)
    return max(offset, end + style.bulletFontSize * 0.6 - style.leftIndent)


def _one_style_lines(tx: _Text, lines: list[Any], offsets: list[float], offset: float) -> None:
    """Kind 0 (the paragraph in one font and colour): each line's words joined by spaces."""
    for i, (extra, words) in enumerate(lines):
        if extra <= -1e-8:  # too long for its width: ReportLab spreads it with word spacing
            raise _Declined
        shift = offset if i == 0 else offsets[i]
        tx.move(shift)
        tx.text(" ".join(words), True)
        tx.move(-shift)


def _frag_lines(tx: _Text, lines: list[Any], offsets: list[float], offset: float, leading: float) -> None:
    """Kind 1 (runs of several fonts or colours): ``_putFragLine``'s font, colour and text, run by run."""
    for i, line in enumerate(lines):
        if line.extraSpace <= -1e-8:
            raise _Declined
        shift = offset if i == 0 else offsets[i]
        tx.move(shift)
        if tx.leading != leading:
            tx.leading = leading
            tx.code.append(f"{fp_str(leading)} TL")
        words = line.words
        for f in words:
            if (hasattr(f, "cbDefn") or f.rise or f.us_lines or f.link
                    or getattr(f, "backColor", None)):
                raise _Declined
            if (tx.name, tx.size) != (f.fontName, f.fontSize):
                tx.set_font(f.fontName, f.fontSize, leading)
            if tx.colour != f.textColor:
                tx.colour = f.textColor
                tx.fill(f.textColor)
            tx.text(f.text, f is words[-1])
        tx.move(-shift)


def draw_paragraph_at_once(para: Any) -> bool:
    """``para.drawPara()`` for a plain left-aligned paragraph; False (nothing written) when left to ReportLab.

    Relies on: ``drawPara`` (reportlab 5.1) writing, between ``q`` and ``Q``,
    the bullet's text object (``_drawBullet``), then for kind 0 the fill
    colour and one text object whose lines are ``' '.join(words)`` each
    ended by ``T*``, or for kind 1 a text object that sets the leading once
    and writes each run after its font (nothing, for TrueType) and fill
    colour changes (compared with ``!=``), the line's last run ending in
    ``T*``; a line's offset moved to and back by ``Td``; the first line at
    ``height - fontSize`` (``paraFontSizeHeightOffset``) or its ascent; the
    fragments' ``text``, ``fontName``, ``fontSize``, ``textColor``, ``rise``,
    ``us_lines``, ``link`` and ``cbDefn``. ``tests/test_compat.py`` compares
    the operators with ReportLab's for varied paragraphs.
    """
    canv, style = para.canv, para.style
    if not _plain_style(para, style, canv):
        return False
    bl = para.blPara
    lines = bl.lines
    if not lines:
        return False
    bullet = para.bulletText
    if bullet is not None and type(bullet) is not str:
        return False
    offsets = getattr(para, "_offsets", [0])
    offsets += (len(lines) - len(offsets)) * [offsets[-1]]  # as drawPara lengthens them (in place)
    first = bl if bl.kind == 0 else lines[0]
    y = para.height - (first.fontSize if rl_paragraph.paraFontSizeHeightOffset else getattr(first, "ascent",
                                                                                             first.fontSize))
    out = ["q"]
    try:
        offset = style.firstLineIndent + offsets[0]
        if bl.kind == 0 and (bl.us_lines or bl.link):
            raise _Declined
        if bullet:
            offset = _bullet(out, canv, style, bullet, offset, y)
        tx = _Text(canv, style.leftIndent, y)
        if bl.kind == 0:
            out.append(fill_operator(canv, bl.textColor))
            tx.set_font(bl.fontName, bl.fontSize, style.leading)
            _one_style_lines(tx, lines, offsets, offset)
        else:
            _frag_lines(tx, lines, offsets, offset, style.leading)
    except _Declined:
        return False
    out.append(tx.done())
    out.append("Q")
    canv._code.extend(out)
    return True


class OneStepParagraph:
    """A paragraph mixin (``class P(OneStepParagraph, Paragraph)``): plain paragraphs drawn with
    ``draw_paragraph_at_once``; anything it leaves (or a debug drawing) is drawn by ReportLab's ``drawPara``."""

    def drawPara(self, debug=0):
        if debug or not draw_paragraph_at_once(self):
            super().drawPara(debug)
