"""One definition of every closed choice a user types, and of the "did you mean" hint.

Page sizes (with the other ways people write them), chart label modes and
brochure layouts are named here once; the catalog, intake, build, the CLI and
the web forms check against or offer these tuples, and drawing looks the
sizes up in points (``style.PAGE_POINTS``) by the same keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, get_args

from handouts.errors import InputError, did_you_mean

__all__ = ["LABEL_MODES", "LAYOUTS", "PAGE_SIZES", "PAGE_SIZES_CHART", "PAGE_SIZE_ALIASES", "PRESSURES", "PageSize",
           "choice", "did_you_mean", "page_size", "page_size_name"]

PageSize = Literal["a4", "letter"]  # sheets and brochures (the type the clinic's page_size has)
PAGE_SIZES: tuple[str, ...] = get_args(PageSize)
PAGE_SIZES_CHART = (*PAGE_SIZES, "a3")  # the poster may also be A3
# other spellings of a size, written as ``page_size_name`` leaves them (lower case, no spaces)
PAGE_SIZE_ALIASES = {"usletter": "letter", "us-letter": "letter"}
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


def page_size_name(value: str) -> str:
    """The key a page size is known by: lower case, spaces dropped, "US Letter" (however spelt) as ``letter``.

    Sheets, charts, brochures and the clinic file all read a size through
    here, so a spelling that works for one works for all of them.
    """
    key = value.strip().lower().replace(" ", "")
    return PAGE_SIZE_ALIASES.get(key, key)


def page_size(value: str, valid: Sequence[str] = PAGE_SIZES, field: str = "--page-size") -> str:
    """The one of ``valid`` that ``value`` names (see ``page_size_name``), else ``choice``'s error."""
    return choice(page_size_name(value), valid, field)
