"""Where the page heads' and footers' lines go: worked out once per clinic, theme and paper, not once per page.

What a letterhead or footer holds and where its lines break depends only
on the clinic's strings, the sizes and the room; a batch draws the same
ones on every page, so the answers are kept (``functools.lru_cache``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.render.fonts import BOLD, ITALIC, REGULAR


@lru_cache(maxsize=256)
def letterhead_fit(name: str, contact_lines: tuple[str, ...], room: float, name_size: float,
                   fine: float) -> tuple[tuple[str, ...], float]:
    """The letterhead's contact lines and name size (``page_heads``), worked out once per clinic, room and size:
    they depend on nothing else (font metrics only), and each is a few dozen width lookups."""
    def widest(lines: Iterable[str]) -> float:
        return max((stringWidth(line, REGULAR, fine) for line in lines), default=0.0)

    contact = list(contact_lines)
    if widest(contact) + stringWidth(name, BOLD, name_size) + 4 * mm > room:
        contact = [part for line in contact for part in line.split(" \u00b7 ")]
    contact = contact[:4]
    name_room = room - widest(contact) - 4 * mm
    while name_size > fine and stringWidth(name, BOLD, name_size) > name_room:
        name_size -= 0.5
    return tuple(contact), name_size


@lru_cache(maxsize=256)
def footer_layout(page_label: str, note: str, fine: float, width: float) -> tuple[float, tuple[str, ...]]:
    """The page number's width and the footer note's (at most two) lines, for a label, note, size and width.

    Every page of a batch draws the same footer: wrapping the note measured
    each of its words again on every page, a tenth of drawing the page heads.
    """
    number_w = stringWidth(page_label.replace("{page}", "00").replace("{pages}", "00"), REGULAR, fine)
    lines = simpleSplit(note, ITALIC, fine, width - number_w - 4 * mm) if note else []
    return number_w, tuple(lines[:2])
