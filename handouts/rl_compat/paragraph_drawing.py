"""A paragraph drawn in one step: what ``Paragraph.drawPara`` writes, without its text objects (part of the wall).

A sheet draws some thirty-five paragraphs, and ReportLab draws each through
one or two ``PDFTextObject``s: per line and per run of bold or colour a dozen
Python calls (font, colour and alpha set again, the cursor moved, the text
split into font subsets and escaped) to write a few short operators; about a
sixth of a batch sheet. ``draw_paragraph_at_once`` writes the same operators
for the paragraphs handouts draws: left aligned, TrueType fonts, plain RGB
colours, plain text runs, a bullet given as text. Most of a sheet's
paragraphs are the same on every sheet, with the same broken lines
(``CachedParagraph``), so what they write is planned once per process and
only the text's bytes, which depend on the codes each document gives its
characters, are made at each drawing. Anything else (links, underlines,
images, a background, another alignment, a colour hook, translucency) is
left to ReportLab, before anything is written.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl_paragraph

from handouts.rl_compat.document_fonts import fonts_of
from handouts.rl_compat.drawing import colour_operator, size_operands
from handouts.rl_compat.numbers import numbers_text

PLANS = 4096  # paragraphs' plans kept per process: a few hundred distinct paragraphs a clinic
_PLANS: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}  # key -> (lines, style: kept alive; plan or None)

# What a paragraph writes, worked out once: (alphas its colours set, parts), each part either an operator
# or a text object's entries: operators, and runs of text (font, "size Tf leading TL", text, ends a line,
# font just set) whose bytes depend on the document's codes and so are made at each drawing
Entry = str | tuple[Any, str, str, bool, bool]
Plan = tuple[tuple[float, ...], tuple[str | tuple[Entry, ...], ...]]


class _Declined(Exception):
    """The paragraph holds something this module leaves to ReportLab."""


class _Text:
    """One text object being planned: its entries, and the font, size, leading and colour set in it."""

    __slots__ = ("alphas", "colour", "entries", "font", "leading", "name", "reset", "size")

    def __init__(self, x: float, y: float, alphas: set[float]) -> None:
        self.entries: list[Entry] = ["BT", f"1 0 0 1 {numbers_text(x, y)} Tm"]
        self.alphas = alphas
        self.name: str | None = None
        self.font: Any = None
        self.size: float | None = None
        self.leading: float | None = None
        self.reset = True
        self.colour: Any = None

    def set_font(self, name: str, size: float, leading: float) -> None:
        """A TrueType font writes nothing until text is drawn in it (then with its subset's name)."""
        font = pdfmetrics.getFont(name)
        if not getattr(font, "_dynamicFont", 0):
            raise _Declined
        self.name, self.font, self.size, self.leading, self.reset = name, font, size, leading, True

    def text(self, text: Any, line_end: bool) -> None:
        """``PDFTextObject._textOut``: made at each drawing (``_text_operators``)."""
        if type(text) is not str:
            raise _Declined
        self.entries.append((self.font, size_operands(self.size, self.leading), text, line_end, self.reset))
        self.reset = False

    def move(self, dx: float) -> None:
        """``setXPos``: a Td when the move is more than a millionth; one right after another Td is declined
        (ReportLab merges the two)."""
        if dx > 1e-6 or dx < -1e-6:
            last = self.entries[-1]
            if type(last) is str and last.endswith(" Td"):
                raise _Declined
            self.entries.append(f"{numbers_text(dx, 0)} Td")

    def fill(self, colour: Any) -> None:
        self.entries.append(fill_operator(colour, self.alphas))


def fill_operator(colour: Any, alphas: set[float]) -> str:
    """The ``rg`` operator ``setFillColor(colour)`` writes for a plain RGB colour; its alpha goes in ``alphas``.

    Relies on: ``setFillColor`` (canvas and text object alike) writing
    ``fp_str(red, green, blue) rg`` (``colour_operator``) for a ``Color``, then setting the
    colour's alpha, which asks the document for PDF 1.4 and writes a ``gs``
    operator only when the alpha differs from the graphics state's ``ca``
    (``ExtGState.getValue``): checked when the paragraph is drawn. A colour of
    another kind is declined.
    """
    if type(colour) is not Color:
        raise _Declined
    alpha = colour.alpha
    if alpha is not None:
        if type(alpha) not in (int, float):
            raise _Declined
        alphas.add(alpha)
    return colour_operator(colour, "rg")


def _plain_style(para: Any, style: Any) -> bool:
    """Left aligned, no background or border, no dots, not right to left, leading as given."""
    auto = getattr(para, "autoLeading", getattr(style, "autoLeading", ""))
    return (style.alignment == TA_LEFT and not style.backColor and not style.endDots
            and not (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
            and style.wordWrap != "RTL" and auto not in ("min", "max")
            and "preformatted" not in type(para).__name__.lower())


def _bullet(parts: list[Any], style: Any, text: str, offset: float, y: float, alphas: set[float]) -> float:
    """``_drawBullet`` for text anchored at its start: its own text object; returns the first line's offset."""
    if style.bulletAnchor != "start":
        raise _Declined
    x = style.bulletIndent - 0
    tx = _Text(x, y + getattr(style, "bulletOffsetY", 0), alphas)
    tx.set_font(style.bulletFontName, style.bulletFontSize, style.bulletFontSize * 1.2)
    tx.fill(getattr(style, "bulletColor", style.textColor))
    tx.text(text, False)
    parts.append(tuple(tx.entries))
    end = x + pdfmetrics.stringWidth(text, style.bulletFontName, style.bulletFontSize)
    return max(offset, end + style.bulletFontSize * 0.6 - style.leftIndent)


def _spread(tx: _Text, extra: float, spaces: int) -> bool:
    """A line too long for its width has its word spacing narrowed by ``extra`` over its spaces (``Tw``);
    True when set (``setWordSpace``), to be set back to 0 after the line."""
    if spaces <= 0:
        return False
    tx.entries.append(f"{numbers_text(extra / float(spaces))} Tw")
    return True


def _one_style_lines(tx: _Text, lines: list[Any], offsets: list[float], offset: float) -> None:
    """Kind 0 (the paragraph in one font and colour): each line's words joined by spaces."""
    for i, (extra, words) in enumerate(lines):
        shift = offset if i == 0 else offsets[i]
        text = " ".join(words)
        tx.move(shift)
        spread = extra <= -1e-8 and _spread(tx, extra, len(words) + text.count("\xa0") - 1)
        tx.text(text, True)
        if spread:
            tx.entries.append("0 Tw")
        tx.move(-shift)


def _frag_lines(tx: _Text, lines: list[Any], offsets: list[float], offset: float, leading: float) -> None:
    """Kind 1 (runs of several fonts or colours): ``_putFragLine``'s font, colour and text, run by run."""
    for i, line in enumerate(lines):
        shift = offset if i == 0 else offsets[i]
        tx.move(shift)
        words = line.words
        spread = (line.extraSpace <= -1e-8 and not getattr(line, "preformatted", False)
                  and _spread(tx, line.extraSpace, line.wordCount - 1 + sum(
                      f.text.count("\xa0") for f in words if not hasattr(f, "cbDefn"))))
        if tx.leading != leading:
            tx.leading = leading
            tx.entries.append(f"{numbers_text(leading)} TL")
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
        if spread:
            tx.entries.append("0 Tw")
        tx.move(-shift)


def _plan(para: Any, style: Any, bl: Any, bullet: str | None, offsets: list[float], y: float) -> Plan | None:
    """What ``drawPara`` would write, text bytes aside; None when it holds something left to ReportLab."""
    alphas: set[float] = set()
    parts: list[Any] = ["q"]
    try:
        if not _plain_style(para, style) or (bl.kind == 0 and (bl.us_lines or bl.link)):
            raise _Declined
        offset = style.firstLineIndent + offsets[0]
        if bullet:
            offset = _bullet(parts, style, bullet, offset, y, alphas)
        tx = _Text(style.leftIndent, y, alphas)
        if bl.kind == 0:
            parts.append(fill_operator(bl.textColor, alphas))
            tx.set_font(bl.fontName, bl.fontSize, style.leading)
            _one_style_lines(tx, bl.lines, offsets, offset)
        else:
            _frag_lines(tx, bl.lines, offsets, offset, style.leading)
    except _Declined:
        return None
    parts.append(tuple(tx.entries))
    parts.append("Q")
    return tuple(alphas), tuple(parts)


def _text_operators(entries: tuple[Entry, ...], doc: Any, escape: Any) -> str:
    """A planned text object's operators: ``PDFTextObject._formatText`` for each run, with this document's codes.

    Relies on: ``_formatText`` for a TrueType font writing, per piece of
    ``font.splitString(text, doc)``, the subset's internal name and
    ``size Tf leading TL`` when the subset differs from the text object's
    current one (none after a font is set), then ``(escaped bytes) Tj``,
    joined by spaces; ``_textOut`` adding `` T*`` at a line's end. A run
    whose characters all have codes in the first subset already (nearly
    every run) is encoded here in one step (``DocumentFonts.encode``).
    """
    code = []
    current = -1
    fonts = fonts_of(doc)
    for entry in entries:
        if type(entry) is str:
            code.append(entry)
            continue
        font, sizes, text, line_end, reset = entry
        if reset:
            current = -1
        data = fonts.encode(font, text) if text else None
        if data is not None:  # one piece, in the first subset
            run = f"({escape(data)}) Tj"
            if current != 0:
                run = f"{fonts.name(font, 0)} {sizes} {run}"
                current = 0
        else:
            runs = []
            for subset, data in font.splitString(text, doc):
                if subset != current:
                    runs.append(f"{fonts.name(font, subset)} {sizes}")
                    current = subset
                runs.append(f"({escape(data)}) Tj")
            run = " ".join(runs)
        code.append(run + " T*" if line_end else run)
    return " ".join(code) + " ET"


def draw_paragraph_at_once(para: Any, origin: tuple[float, float] | None = None) -> bool:
    """``para.drawPara()`` for a plain left-aligned paragraph; False (nothing written) when left to ReportLab.
    With an ``origin``, what ``Flowable.drawOn`` writes around it too: ``q``, the translation to the
    origin (``translate``: a ``cm`` after the ``q``, so never merged with an earlier one) and ``Q``.

    Relies on: ``drawPara`` (reportlab 5.1) writing, between ``q`` and ``Q``,
    the bullet's text object (``_drawBullet``), then for kind 0 the fill
    colour and one text object whose lines are ``' '.join(words)`` each
    ended by ``T*``, or for kind 1 a text object that sets the leading once
    and writes each run after its font (nothing, for TrueType) and fill
    colour changes (compared with ``!=``), the line's last run ending in
    ``T*``; a line's offset moved to and back by ``Td``; the first line at
    ``height - fontSize`` (``paraFontSizeHeightOffset``) or its ascent; the
    fragments' ``text``, ``fontName``, ``fontSize``, ``textColor``, ``rise``,
    ``us_lines``, ``link`` and ``cbDefn``; and on the style's settings and
    the broken lines (``blPara``, kept by ``CachedParagraph``) not changing
    once drawn, so what they write is planned once per process (``_plan``)
    and only the text's bytes are made per drawing. ``tests/test_compat.py``
    compares the operators with ReportLab's for varied paragraphs.
    """
    canv, style, bl = para.canv, para.style, para.blPara
    if not bl.lines or not canv.bottomup or getattr(canv, "_enforceColorSpace", None):
        return False
    bullet = para.bulletText
    if bullet is not None and type(bullet) is not str:
        return False
    offsets = getattr(para, "_offsets", [0])
    offsets += (len(bl.lines) - len(offsets)) * [offsets[-1]]  # as drawPara lengthens them (in place)
    first = bl if bl.kind == 0 else bl.lines[0]
    y = para.height - (first.fontSize if rl_paragraph.paraFontSizeHeightOffset else getattr(first, "ascent",
                                                                                             first.fontSize))
    key = (id(bl), id(style), bullet, tuple(offsets), y, type(para), getattr(para, "autoLeading", None))
    found = _PLANS.get(key)
    if found is None or found[0] is not bl or found[1] is not style:
        if len(_PLANS) >= PLANS:
            _PLANS.clear()
        found = _PLANS[key] = (bl, style, _plan(para, style, bl, bullet, offsets, y))
    plan = found[2]
    if plan is None:
        return False
    alphas, parts = plan
    if alphas:
        state = canv._extgstate.getValue("ca")
        if any(alpha != state for alpha in alphas):  # setting it would write a gs operator
            return False
        canv._doc.ensureMinPdfVersion("transparency")
    doc, escape = canv._doc, canv._escape
    code = [part if type(part) is str else _text_operators(part, doc, escape) for part in parts]
    if origin is not None:
        code = ["q", f"{numbers_text(1, 0, 0, 1, *origin)} cm", *code, "Q"]
    canv._code.extend(code)
    return True


class OneStepParagraph:
    """A paragraph mixin (``class P(OneStepParagraph, Paragraph)``): plain paragraphs drawn with
    ``draw_paragraph_at_once``; anything it leaves (or a debug drawing) is drawn by ReportLab's ``drawPara``.

    ``drawOn`` writes the saved state and translation around the paragraph in the same step, rather than
    saving, translating and restoring the canvas's state in Python (nothing in a planned paragraph reads
    them). Relies on: ``Flowable.drawOn`` adjusting ``x`` (``_hAlignAdjust``), saving the state,
    translating, drawing with ``self.canv`` set, and restoring; a boundary shown (``_showBoundary``) is
    left to it.
    """

    def drawOn(self, canvas, x, y, _sW=0):
        x = self._hAlignAdjust(x, _sW)
        if not getattr(self, "_showBoundary", None) and not getattr(self, "debug", 0):
            self.canv = canvas
            try:
                if draw_paragraph_at_once(self, (x, y)):
                    return
            finally:
                del self.canv
        super().drawOn(canvas, x, y)

    def drawPara(self, debug=0):
        if debug or not draw_paragraph_at_once(self):
            super().drawPara(debug)
