"""One definition of every closed choice a user types, and of the "did you mean" hint.

Page sizes, chart label modes and brochure layouts are named here once;
intake, build and the CLI check against these tuples, and render looks the
sizes up in points (``render/theme.py``) by the same keys.
"""

from __future__ import annotations

from collections.abc import Iterable

from handouts.errors import InputError, did_you_mean

__all__ = ["LABEL_MODES", "LAYOUTS", "PAGE_SIZES", "PAGE_SIZES_CHART", "PRESSURES", "choice", "did_you_mean"]

PAGE_SIZES = ("a4", "letter")  # sheets and brochures
PAGE_SIZES_CHART = ("a4", "letter", "a3")  # the poster may also be A3
LABEL_MODES = ("all", "highlighted", "numbers", "none")  # how a chart names its zones
LAYOUTS = ("trifold", "booklet", "flyer")  # brochure layouts
PRESSURES = ("gentle", "medium", "firm")  # how firmly a client works their feet


def choice(value: str, valid: Iterable[str], field: str) -> str:
    """The one of ``valid`` that ``value`` names (case and spaces ignored: ``A4`` is ``a4``), else an error
    naming the field and the nearest choice."""
    valid = list(valid)
    wanted = value.strip().casefold()
    for option in valid:
        if option.casefold() == wanted:
            return option
    raise InputError(f"unknown value '{value}'", field=field, hint=did_you_mean(wanted, valid))
