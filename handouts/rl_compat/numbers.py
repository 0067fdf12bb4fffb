"""The numbers in PDF operators, formatted once per process (part of the wall).

Every position, width and matrix a page's operators hold goes through
ReportLab's ``fp_str``: C code, but through the C library's exact decimal
conversion, about five per cent of a batch sheet's instructions. The same
few thousand values recur on every sheet (a frame's columns, a table's
rows, the rules, the letterhead): 400 batch sheets format some 250,000
numbers, 4,300 of them distinct, in 9,600 distinct calls. ``numbers_text``
keeps the text of each call (``functools.lru_cache``, in C) for callers
that pass numbers only (``rl_compat``'s writers); ``kept_fp_str`` takes a
sequence too, as ``fp_str`` does, and ``kept_numbers`` puts it in the place
of ``fp_str`` where ReportLab's canvas, text objects and paths look it up.
(Making a new call's text from each number's kept text was tried: more
instructions, not fewer.)

Relies on: ``fp_str``'s text depending only on its numbers' values (``1``
and ``1.0`` alike, ``-0.0`` as ``0``; equal keys, equal text), and on the
canvas, text object, path and PDF document modules calling it by the name
they imported it under. A call with an unhashable argument (a list:
``setDash``) is formatted anew. ``tests/test_compat.py`` compares the two.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.rl_accel import fp_str

NUMBERS = 16384  # calls kept per process: 400 sheets make some 9,600 distinct ones
numbers_text = functools.lru_cache(maxsize=NUMBERS)(fp_str)  # ``fp_str(*numbers)`` for numbers only


def kept_fp_str(*numbers: Any) -> str:
    """``fp_str(*numbers)``, formatted once per process for each set of values."""
    try:
        return numbers_text(*numbers)
    except TypeError:  # an unhashable argument (a list of numbers)
        return fp_str(*numbers)


def kept_numbers() -> None:
    """Have ReportLab's canvas, text objects, paths and PDF document format numbers with ``kept_fp_str``."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas, pathobject, textobject

    for module in (canvas, textobject, pathobject, pdfdoc):
        if getattr(module, "fp_str", None) is fp_str:
            module.fp_str = kept_fp_str
