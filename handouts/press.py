"""Press sheets described as plain data: which panel goes where on each printed side, and in which order.

Render draws the marks for these sides and post moves the panels onto them,
so both read the same description without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """One panel's place on a sheet side: its index in the panel file (None: blank) and x offset in the trim."""

    panel: int | None
    x: float
    bleeds: str = "tb"  # the panel's edges on the sheet's outside (l, r, t, b): its artwork runs into the bleed there


@dataclass(frozen=True)
class Side:
    """One printed side: its trim size and the panels on it, left to right."""

    width: float
    height: float
    slots: tuple[Slot, ...]


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """Reader pages (1-based) paired left/right on each printed side of a saddle-stitched booklet.

    For 8 pages: (8, 1), (2, 7), (6, 3), (4, 5). ``pages`` must be a multiple of 4.
    """
    if pages % 4:
        raise ValueError("a saddle-stitched booklet needs a multiple of 4 pages")
    order = []
    for sheet in range(pages // 4):
        low, high = 2 * sheet + 1, pages - 2 * sheet
        order.append((high, low))          # outside of the folded sheet
        order.append((low + 1, high - 1))  # inside
    return order


@dataclass(frozen=True)
class OutputIntent:
    """The printing condition a CMYK file was made for: the ICC profile and its name."""

    profile: bytes
    name: str
