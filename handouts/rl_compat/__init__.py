"""The wall around ReportLab's internals: every private ReportLab API handouts uses, and nowhere else.

A package so that each module stays short: ``writers`` holds the one-step
PDF writers (imported here, so ``handouts.rl_compat.X`` names all of it).
Each function or class below names the public behaviour it relies on;
``tests/test_compat.py`` checks each one, so a ReportLab upgrade that moves
one of them fails there, loudly, instead of silently changing output. The
tested range is pinned in ``pyproject.toml``. Render and charts (both draw
with ReportLab, and charts may not import render) are the only importers.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from handouts.first_use import module_on_first_use


class PatternOnFirstUse:
    """A regular expression compiled the first time one of its methods is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = _real_compile(*self._args)
        return getattr(self._compiled, name)


_real_compile = re.compile


EVERY = -1  # in DEFERRED_PATTERNS: every pattern the module compiles
# module compiling at import -> the flags that mark the patterns of it left for their first use
DEFERRED_PATTERNS = {
    "reportlab.platypus.paragraph": re.IGNORECASE,  # uri_pat: splitting long links (uriWasteReduce)
    "reportlab.lib.textsplit": re.UNICODE,  # rx: the CJK word-wrap recipe cjkwrap
    "reportlab.lib.rl_safe_eval": re.MULTILINE,  # __rl_unsafe_re__: defined, not used by ReportLab itself
    "reportlab.lib.PyFontify": EVERY,  # matchRE, idRE: colouring Python source (PythonPreformatted)
    # standard modules ReportLab loads first on the sheet path, for patterns a sheet never runs:
    "logging": EVERY,  # the format checks of logging's styles (reportlab.platypus.frames makes a logger)
    "textwrap": EVERY,  # TextWrapper's word splitting and dedent (loaded by traceback, which logging loads)
    "platform": EVERY,  # the version parsers of other Pythons (reportlab.lib.utils asks python_implementation)
}


@contextmanager
def patterns_on_first_use() -> Iterator[None]:
    """While ReportLab loads, the patterns it compiles for features no sheet uses wait for their first use.

    Relies on: each module in ``DEFERRED_PATTERNS`` compiling, at import,
    the patterns named there with ``re.compile`` and those flags (the other
    patterns of the module compile as usual; ``EVERY`` marks all of them),
    and using them only through their methods (``uri_pat.match``,
    ``rx.sub``, ``matchRE.search``, ``wordsep_re.split``, ...), never passing
    them to ``re`` itself. The link pattern's case folding over Unicode
    ranges and the CJK pattern's range up to U+FFFF are most of the
    regular-expression work of loading ReportLab (about 30 ms of a cold
    sheet, measured), for features handouts never asks for
    (``uriWasteReduce``, CJK wrapping, Python listings). The standard
    modules listed are deferred only when ReportLab is what loads them first
    (Typer, for one, loads them earlier); they were another 1.2 % of the
    instructions of a cold sheet.
    """

    def compile_(pattern: Any, flags: int = 0) -> Any:
        marked = DEFERRED_PATTERNS.get(sys._getframe(1).f_globals.get("__name__", ""), 0)
        if marked and (marked == EVERY or flags & marked) and isinstance(pattern, str):
            return PatternOnFirstUse(pattern, flags)
        return _real_compile(pattern, flags)

    re.compile = compile_  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = _real_compile


@contextmanager
def pil_image_on_first_use() -> Iterator[None]:
    """While ReportLab loads, ``PIL.Image`` is a stand-in that imports Pillow's image module when first used.

    Relies on: ``reportlab.lib.utils`` doing ``from PIL import Image`` at import
    (its only Pillow import there) and touching ``Image`` only when a bitmap is
    drawn or read (``ImageReader``, ``_isPILImage``); ``haveImages`` only tests
    it against None. Pillow's image module is about a tenth of a cold sheet's
    imports, for the sheets and charts that draw no bitmap. Afterwards the
    stand-in leaves ``sys.modules``: any later ``import PIL.Image`` is the real one.
    """
    with module_on_first_use("PIL.Image"):
        yield


@contextmanager
def tempfile_on_first_use() -> Iterator[None]:
    """While ReportLab loads, ``tempfile`` is a stand-in that imports the real module when first used.

    Relies on: ``reportlab.lib.rltempfile`` (loaded by ``reportlab.lib.utils``)
    doing ``import os, tempfile`` at import and touching ``tempfile`` only
    inside ``get_rl_tempdir`` and ``get_rl_tempfile``, which ReportLab calls
    for its test suite, CID font maps and font-finder caches, never for a
    sheet. ``tempfile`` loads ``shutil``, ``random`` and the bz2 and lzma
    modules: about 2.7 % of a cold sheet's instructions, measured, for
    nothing (handouts writes its own part files, ``files.writing``).
    """
    with module_on_first_use("tempfile"):
        yield


if "reportlab.platypus.paragraph" not in sys.modules:  # render and charts import this module first
    with patterns_on_first_use(), pil_image_on_first_use(), tempfile_on_first_use():
        import reportlab.platypus.paragraph  # noqa: F401


from handouts.rl_compat.drawing import (  # noqa: E402
    KeptCircles,
    OneStepText,
    QuickColours,
    QuickStates,
    draw_leader,
    draw_lines_at_once,
    draw_string_at_once,
    place_form,
)
from handouts.rl_compat.faces import face_state, font_over_face, restored_face  # noqa: E402
from handouts.rl_compat.formatted import kept_font_objects, kept_forms  # noqa: E402
from handouts.rl_compat.frames import copy_frame  # noqa: E402
from handouts.rl_compat.kept_drawings import draw_kept, plain_paths  # noqa: E402
from handouts.rl_compat.measuring import BlankPages  # noqa: E402
from handouts.rl_compat.numbers import kept_fp_str, kept_numbers  # noqa: E402
from handouts.rl_compat.page_objects import quick_pages, quick_streams  # noqa: E402
from handouts.rl_compat.paragraph_drawing import OneStepParagraph, draw_paragraph_at_once  # noqa: E402
from handouts.rl_compat.paragraphs import CachedParagraph, private_texts  # noqa: E402
from handouts.rl_compat.plain_objects import kept_strings, quick_object_headers, quick_values  # noqa: E402
from handouts.rl_compat.writers import (  # noqa: E402
    fast_dictionary_keys,
    fast_known_text,
    fast_number_arrays,
    fast_pdfdoc_text,
    flate_streams,
    memoize_subsets,
)

__all__ = [
    "BlankPages", "CachedParagraph", "KeptCircles", "OneStepParagraph", "OneStepText", "PatternOnFirstUse",
    "QuickColours", "QuickStates", "ask_pdf_version", "canvas_code_mark", "canvas_code_replay", "canvas_code_since",
    "canvas_colour_space", "canvas_translation", "copy_frame", "draw_kept", "draw_leader", "draw_lines_at_once",
    "draw_paragraph_at_once", "draw_string_at_once", "face_state", "fast_dictionary_keys", "fast_known_text",
    "fast_number_arrays", "fast_pdfdoc_text", "flate_streams", "font_over_face", "kept_font_objects", "kept_forms",
    "kept_fp_str", "kept_numbers", "kept_strings", "memoize_subsets", "patterns_on_first_use", "pdf_version_asked",
    "pil_image_on_first_use", "place_form", "plain_paths", "private_texts", "quick_object_headers", "quick_pages",
    "quick_streams", "quick_values", "restored_face", "stamp_document_date", "tempfile_on_first_use"
]


def stamp_document_date(canv: Any, date: dt.date) -> None:
    """Date the file from the document, not the clock.

    Relies on: the canvas's ``_doc._timeStamp`` (a ``PDFDateFormatter``-fed
    ``TimeStamp``) being what the CreationDate, ModDate and the file ID are made
    from when the document is saved. ``Canvas.setDateFormatter`` only changes
    how a date is printed, not which date.
    """
    ts = canv._doc._timeStamp
    t = int(dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.timezone.utc).timestamp())
    ts.t = t
    ts.lt = time.gmtime(t)
    ts.YMDhms = tuple(ts.lt)[:6]
    ts.dhh = ts.dmm = 0
    ts.tzname = "UTC"


def canvas_code_mark(canv: Any) -> int:
    """Where the canvas's operator list for the current page or form ends now (relies on ``_code``)."""
    return len(canv._code)


def canvas_code_since(canv: Any, start: int) -> list[str]:
    """The PDF operators drawn since ``start`` (relies on ``_code``: a list of operator strings)."""
    return list(canv._code[start:])


def canvas_code_replay(canv: Any, code: list[str]) -> None:
    """Draw recorded operators again (relies on ``_code`` being written out verbatim at page/form end)."""
    canv._code.extend(code)


def pdf_version_asked(canv: Any, draw: Callable[[], object]) -> tuple[int, int]:
    """Run ``draw()`` and return the lowest PDF version what it drew asks the canvas's document for.

    Relies on: the document's ``_pdfVersion`` (a tuple, ``PDF_VERSION_DEFAULT``
    at least) being raised by ``ensureMinPdfVersion`` (a drawing that sets an
    opacity asks for 1.4 even when the opacity writes no operator) and being
    what the file's header is written from. The document keeps the higher of
    what it had and what was asked.
    """
    from reportlab.pdfbase.pdfdoc import PDF_VERSION_DEFAULT

    doc = canv._doc
    before = doc._pdfVersion
    doc._pdfVersion = PDF_VERSION_DEFAULT
    try:
        draw()
    finally:
        asked = tuple(doc._pdfVersion)
        doc._pdfVersion = max(tuple(before), asked)
    return asked  # type: ignore[return-value]


def ask_pdf_version(canv: Any, version: tuple[int, int]) -> None:
    """Raise the document's PDF version to at least ``version``, as drawing what asked for it did."""
    canv._doc._pdfVersion = max(tuple(canv._doc._pdfVersion), tuple(version))


def canvas_colour_space(canv: Any) -> Any:
    """The colour hook the canvas was made with (``enforceColorSpace``), kept as ``_enforceColorSpace``."""
    return getattr(canv, "_enforceColorSpace", None)


def canvas_translation(canv: Any) -> tuple[float, float]:
    """Where the origin sits now (relies on ``_currentMatrix``, the CTM as a 6-tuple, e and f last)."""
    matrix = canv._currentMatrix
    return matrix[4], matrix[5]
