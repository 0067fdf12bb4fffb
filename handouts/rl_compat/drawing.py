"""A line of text drawn in one step: what ``Canvas.drawString`` writes, without its text object (part of the wall).

A sheet draws about a hundred single lines (routine table cells, chart
labels, the letterhead), each through a fresh ``PDFTextObject``: a dozen
Python calls to write one short run of operators. ``draw_string_at_once``
writes the same operators directly when the text is plain and fits in one
subset of a TrueType font; anything else is left to ReportLab; a routine
table's row of lines looks its font up once (``draw_lines_at_once``).
Circles (the chart labels' anchor dots) drawn again in the same place reuse
the operators written the first time (``KeptCircles``), as do a label's
leader and dot (``draw_leader``) and a chart form placed where it was
placed before (``place_form``).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from handouts.rl_compat.document_fonts import fonts_of
from handouts.rl_compat.numbers import numbers_text


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
    finds the codes the first one assigned. A line whose characters all have
    codes already is encoded in one step (``DocumentFonts.encode``), and
    the text's head (subset name, size and leading) is made once per
    document, font, size and leading, once the font is named in it.
    ``tests/test_compat.py`` compares the two.
    """
    if type(text) is not str or not text or not canv.bottomup:
        return False
    fonts = fonts_of(canv._doc)
    key = (canv._fontname, canv._fontsize, canv._leading)
    found = fonts.heads.get(key)
    if found is not None:  # a TrueType font, named in this document already (nearly every line)
        font = found[0]
        data = fonts.encode(font, text)
        if data is not None:
            canv._code.append(_line(x, y, found[1], canv._escape(data)))
            return True
    else:
        font = pdfmetrics.getFont(canv._fontname)
        if not getattr(font, "_dynamicFont", 0):
            return False
        data = fonts.encode(font, text)
    if data is not None:  # every character has a code in the first subset already
        subset = 0
    else:
        parts = font.splitString(text, canv._doc)
        if len(parts) != 1:
            return False
        subset, data = parts[0]
    head = f"{fonts.name(font, subset)} {size_operands(canv._fontsize, canv._leading)}"
    if subset == 0:
        fonts.heads[key] = (font, head)
    canv._code.append(_line(x, y, head, canv._escape(data)))
    return True


def _line(x: float, y: float, head: str, escaped: str) -> str:
    """The text object ``drawString`` writes for one line: placed at ``(x, y)``, in ``head`` (subset name, size
    and leading), holding ``escaped`` (its bytes as ``canv._escape`` writes them)."""
    return f"BT 1 0 0 1 {numbers_text(x, y)} Tm {head} ({escaped}) Tj T* ET"


@functools.lru_cache(maxsize=256)
def size_operands(size: float, leading: float) -> str:
    """``fp_str(size) Tf fp_str(leading) TL``, what follows a subset's name, made once per size and leading
    (``fp_str`` formats a number by its value: equal keys, equal text)."""
    return f"{numbers_text(size)} Tf {numbers_text(leading)} TL"


class OneStepText:
    """A canvas mixin (``class C(OneStepText, Canvas)``): plain lines drawn with ``draw_string_at_once``.

    About a hundred lines a sheet (routine table cells, chart labels, the
    letterhead) go through these three methods; a line with a mode, spacing,
    direction or shaping, or that ``draw_string_at_once`` leaves, is drawn by
    ReportLab's own method. Right and centred lines start where ReportLab
    starts them: ``x`` less the line's ``stringWidth`` (or half of it).
    """

    def drawString(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None, shaping=False):
        if not (_plain(mode, charSpace, direction, wordSpace, shaping) and draw_string_at_once(self, x, y, text)):
            super().drawString(x, y, text, mode, charSpace, direction, wordSpace, shaping)

    def drawRightString(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None, shaping=False):
        if not (_plain(mode, charSpace, direction, wordSpace, shaping) and type(text) is str
                and draw_string_at_once(self, x - pdfmetrics.stringWidth(text, self._fontname, self._fontsize),
                                        y, text)):
            super().drawRightString(x, y, text, mode, charSpace, direction, wordSpace, shaping)

    def drawCentredString(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None, shaping=False):
        if not (_plain(mode, charSpace, direction, wordSpace, shaping) and type(text) is str
                and draw_string_at_once(self, x - 0.5 * pdfmetrics.stringWidth(text, self._fontname,
                                                                                self._fontsize), y, text)):
            super().drawCentredString(x, y, text, mode, charSpace, direction, wordSpace, shaping)


def _plain(mode: Any, char_space: float, direction: Any, word_space: Any, shaping: bool) -> bool:
    """A line drawn with none of the options that change its operators."""
    return mode is None and not char_space and direction is None and not word_space and not shaping


CIRCLES = 4096  # circles' operators kept per process: each chart label's anchor dot, a few hundred label places
_CIRCLES: dict[tuple[float, float, float, int, int, int], list[str]] = {}


class KeptCircles:
    """A canvas mixin (``class C(KeptCircles, Canvas)``): a circle drawn again in the same place reuses its operators.

    Every chart label has an anchor dot, and the labels of a goal set sit
    in the same places on every sheet; ReportLab works each dot out anew
    (four Bézier arcs, trigonometry, 13 numbers formatted), a third of
    drawing a label. The operators depend only on the centre, radius, paint
    and fill rule, all in the key; a centre or radius of zero is left to
    ReportLab (``0.0 == -0.0`` as a key, and their signs could be written).

    Relies on: ``Canvas.circle`` only appending its path and paint
    operators to ``self._code`` (no state of the canvas changes), through
    ``ellipse`` and ``_strokeAndFill`` with ``self._fillMode``.
    """

    def circle(self, x_cen, y_cen, r, stroke=1, fill=0):
        key = (x_cen, y_cen, r, stroke, fill, self._fillMode)
        found = _CIRCLES.get(key) if x_cen and y_cen and r else None
        if found is not None:
            self._code.extend(found)
            return
        start = len(self._code)
        super().circle(x_cen, y_cen, r, stroke, fill)
        if x_cen and y_cen and r:
            if len(_CIRCLES) >= CIRCLES:
                _CIRCLES.clear()
            _CIRCLES[key] = self._code[start:]


class QuickStates:
    """A canvas mixin (``class C(QuickStates, Canvas)``): ``saveState`` keeps the graphics state as one tuple.

    A sheet saves and restores the canvas state about a hundred times (every
    flowable drawn, every paragraph, every table); ReportLab copies its 23
    state attributes one by one into a dict each time. Here one C call
    (``operator.itemgetter``) takes them all, and ``zip`` puts them back.
    Relies on: ``Canvas.saveState``/``restoreState`` (and forms) going through
    ``push_state_stack``/``pop_state_stack``, which alone read ``state_stack``
    entries; ``STATE_ATTRIBUTES`` naming the attributes saved, and the state's
    ``_extgstate`` being copied with ``pushCopy``. ``tests/test_compat.py``
    compares the states restored with ReportLab's.
    """

    def push_state_stack(self) -> None:
        self.state_stack.append(_STATE_OF(self.__dict__))
        self._extgstate = self._extgstate.pushCopy()

    def pop_state_stack(self) -> None:
        self.__dict__.update(zip(_STATE_NAMES, self.state_stack.pop(), strict=True))


_STATE_NAMES = tuple(Canvas.STATE_ATTRIBUTES)
_STATE_OF = operator.itemgetter(*_STATE_NAMES)


def colour_operator(colour: Color, operator_name: str) -> str:
    """``fp_str(red, green, blue) rg`` (or ``RG``) for an RGB colour, made once per colour value.

    Colours with equal components write the same operator: ``fp_str``
    formats a number by its value (``1`` and ``1.0`` alike, ``-0.0`` as ``0``).
    """
    return _rgb_operator(colour.red, colour.green, colour.blue, operator_name)


@functools.lru_cache(maxsize=1024)
def _rgb_operator(red: float, green: float, blue: float, operator_name: str) -> str:
    return f"{numbers_text(red, green, blue)} {operator_name}"


class QuickColours:
    """A canvas mixin (``class C(QuickColours, Canvas)``): a plain RGB colour set with its operator made once.

    A sheet sets a fill or stroke colour some seventy times (chart labels,
    table rows, the letterhead), nearly always one of a clinic's few colours
    and fully opaque; ReportLab checks its kind, formats it and sets its
    alpha again each time. Relies on: ``setFillColor``/``setStrokeColor`` for
    a ``Color`` (not CMYK) with no ``alpha`` argument and no colour hook
    (``_enforceColorSpace``) keeping it as ``_fillColorObj``/``_strokeColorObj``,
    writing ``colour_operator`` (``rg``/``RG``) and then setting the colour's
    alpha, if any: that asks the document for PDF 1.4 and writes a ``gs``
    operator only when the alpha differs from the state's ``ca``/``CA``
    (``ExtGState.getValue``; then ReportLab's own method runs).
    ``tests/test_compat.py`` compares operators, state and file with ReportLab's.
    """

    def setFillColor(self, aColor, alpha=None):
        if not (alpha is None and type(aColor) is Color and _same_alpha(self, aColor.alpha, "ca")):
            super().setFillColor(aColor, alpha)
            return
        self._fillColorObj = aColor
        self._code.append(colour_operator(aColor, "rg"))

    def setStrokeColor(self, aColor, alpha=None):
        if not (alpha is None and type(aColor) is Color and _same_alpha(self, aColor.alpha, "CA")):
            super().setStrokeColor(aColor, alpha)
            return
        self._strokeColorObj = aColor
        self._code.append(colour_operator(aColor, "RG"))


def _same_alpha(canv: Any, alpha: Any, name: str) -> bool:
    """No colour hook, and setting ``alpha`` writes nothing (asking for PDF 1.4 if there is one, as ReportLab does).

    Relies on: ``ensureMinPdfVersion`` only raising the document's
    ``_pdfVersion`` (a tuple) to the version asked, so a document at that
    version already need not be asked again (a colour is set some seventy
    times a sheet).
    """
    if canv._enforceColorSpace:
        return False
    if alpha is None:
        return True
    if type(alpha) not in (int, float) or alpha != canv._extgstate.getValue(name):
        return False
    doc = canv._doc
    version = doc._pdfVersion
    if type(version) is not tuple or version < TRANSPARENCY:  # else asking again changes nothing
        doc.ensureMinPdfVersion("transparency")
    return True


TRANSPARENCY = pdfdoc.PDF_SUPPORT_VERSION["transparency"]


LEADERS = 4096  # leaders' operators kept per process: a chart label's each, a few hundred label places
_LEADERS: dict[tuple[object, ...], str] = {}


def draw_leader(canv: Any, start: tuple[float, float], end: tuple[float, float], colour: Color, width: float,
                radius: float) -> None:
    """A label's leader line from ``start`` to ``end`` and its dot at ``end``, both in ``colour``.

    What ``setStrokeColor(colour)``, ``setLineWidth(width)``, ``line``,
    ``setFillColor(colour)`` and ``circle(*end, radius, stroke=0, fill=1)``
    draw; the labels of a goal set sit in the same places on every sheet,
    so these operators are kept by value (as one string: a page's operators
    are written joined by newlines) and the colours and width set directly.
    Anything with a zero coordinate (``0.0 == -0.0`` as a key), a colour
    that is not a plain opaque RGB ``Color`` or a colour hook goes through
    the canvas's own methods. Relies on: the same as ``QuickColours`` and
    ``KeptCircles``, and ``setLineWidth`` setting ``_lineWidth`` and writing
    ``w``. ``tests/test_compat.py`` compares the two.
    """
    plain = (type(colour) is Color and all(start) and all(end) and radius
             and _same_alpha(canv, colour.alpha, "CA") and _same_alpha(canv, colour.alpha, "ca"))
    key = (*start, *end, colour.red, colour.green, colour.blue, width, radius, canv._fillMode) if plain else ()
    found = _LEADERS.get(key) if plain else None
    if found is not None:
        canv._code.append(found)
        canv._strokeColorObj = canv._fillColorObj = colour
        canv._lineWidth = width
        return
    mark = len(canv._code)
    canv.setStrokeColor(colour)
    canv.setLineWidth(width)
    canv.line(*start, *end)
    canv.setFillColor(colour)
    canv.circle(*end, radius, stroke=0, fill=1)
    if plain:
        if len(_LEADERS) >= LEADERS:
            _LEADERS.clear()
        _LEADERS[key] = "\n".join(canv._code[mark:])


def draw_lines_at_once(canv: Any, lines: Iterable[tuple[float, float, str]]) -> None:
    """``canv.drawString(x, y, text)`` for each ``(x, y, text)`` in turn, in the canvas's present font.

    A routine table draws some seventy such lines a sheet, a row's in one
    font: the font's head is looked up once for them all, and a line is
    written at once as ``draw_string_at_once`` writes it; any other (a new
    character, the first line of a font in the document, a plain canvas
    before its first line) goes through ``canv.drawString``, in its turn.
    Relies on: the same as ``draw_string_at_once``.
    """
    fonts = fonts_of(canv._doc) if canv.bottomup else None
    key = (canv._fontname, canv._fontsize, canv._leading)
    found = fonts.heads.get(key) if fonts is not None else None
    code, escape = canv._code, canv._escape
    for x, y, text in lines:
        if found is not None and type(text) is str and text:
            data = fonts.encode(found[0], text)
            if data is not None:
                code.append(_line(x, y, found[1], escape(data)))
                continue
        canv.drawString(x, y, text)
        if fonts is not None:
            found = fonts.heads.get(key)


FORM_PLACES = 1024  # form placements' operators kept per process: each chart form where sheets put it
_FORM_PLACES: dict[tuple[str, float, float, bool], str] = {}


def place_form(canv: Any, name: str, dx: float, dy: float, mirrored: bool = False) -> None:
    """Draw Form XObject ``name`` with the origin moved to ``(dx, dy)`` (and mirrored left to right).

    What ``saveState``, ``translate(dx, dy)``, ``scale(-1, 1)`` when
    mirrored, ``doForm(name)`` and ``restoreState`` draw: a chart's feet
    stand in the same places on every sheet, and ReportLab works out the
    joined matrix anew each time (reading back the numbers it has just
    written), so the operators are kept by value (as one string: a page's
    operators are written joined by newlines). An offset of zero goes
    through the canvas's methods (``0.0 == -0.0`` as a key).
    Relies on: that sequence leaving the canvas's state as it found it
    (``restoreState`` puts back all that ``saveState`` kept), writing nothing
    that depends on what came before (``transform`` only joins a matrix to
    an operator its own ``q`` follows), and ``doForm`` noting the form in
    ``_formsinuse``. ``tests/test_compat.py`` compares the two.
    """
    key = (name, dx, dy, mirrored)
    found = _FORM_PLACES.get(key) if dx and dy else None
    if found is not None:
        canv._code.append(found)
        canv._formsinuse.append(name)
        return
    mark = len(canv._code)
    canv.saveState()
    canv.translate(dx, dy)
    if mirrored:
        canv.scale(-1, 1)
    canv.doForm(name)
    canv.restoreState()
    if dx and dy:
        if len(_FORM_PLACES) >= FORM_PLACES:
            _FORM_PLACES.clear()
        _FORM_PLACES[key] = "\n".join(canv._code[mark:])
