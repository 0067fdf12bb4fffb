"""Label placement: labels in columns beside the feet, never overlapping.

Each foot's labels stand in a column on its outer side. Labels are sorted by
the height of the point they name and pushed apart just enough to clear each
other (top-down, then bottom-up so the stack stays inside the column), so a
leader line runs from each label nearly straight to its zone. When a column
cannot hold its labels at the starting size, the size steps down and the
text wraps, until it fits. Pure geometry: boxes are returned for drawing and
for the tests that prove nothing overlaps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Measure = Callable[[str, float], float]  # (text, font size) -> width


@dataclass(frozen=True)
class LabelRequest:
    """A label to place: its text and the point its leader line ends at."""

    key: str
    text: str
    anchor: tuple[float, float]


@dataclass(frozen=True)
class PlacedLabel:
    """A placed label: its wrapped lines, box, font size and leader start."""

    key: str
    lines: tuple[str, ...]
    box: Box
    size: float
    anchor: tuple[float, float]
    align: str  # "left" or "right": the side of the box nearest the foot
    leader_start: tuple[float, float]


def wrap(text: str, width: float, size: float, measure: Measure) -> list[str]:
    """Greedy word wrap; a single over-long word is kept whole on its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and measure(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def _stack(heights: list[float], wanted: list[float], low: float, high: float, gap: float) -> list[float] | None:
    """Top edges for boxes sorted top to bottom, as near ``wanted`` as possible."""
    tops: list[float] = []
    for h, want in zip(heights, wanted, strict=True):
        top = min(want + h / 2, high)
        if tops:
            top = min(top, tops[-1] - heights[len(tops) - 1] - gap)
        tops.append(top)
    # push back up from the bottom if the stack ran out of the column
    floor = low
    for i in range(len(tops) - 1, -1, -1):
        if tops[i] - heights[i] < floor:
            tops[i] = floor + heights[i]
        floor = tops[i] + gap
    if tops and tops[0] > high + 1e-6:
        return None
    return tops


def place_column(
    requests: Sequence[LabelRequest],
    column: Box,
    side: str,
    measure: Measure,
    size: float = 7.5,
    min_size: float = 5.5,
    gap: float = 1.5,
) -> list[PlacedLabel]:
    """Place labels in ``column``; ``side`` is where the column is ("left" of its foot or "right")."""
    x0, y0, x1, y1 = column
    width = x1 - x0
    ordered = sorted(requests, key=lambda r: (-r.anchor[1], r.key))
    if not ordered:
        return []
    while True:
        leading = size * 1.18
        wrapped = [wrap(r.text, width, size, measure) for r in ordered]
        heights = [len(lines) * leading for lines in wrapped]
        tops = _stack(heights, [r.anchor[1] for r in ordered], y0, y1, gap * size / 7.5)
        if tops is not None or size <= min_size:
            break
        size = max(min_size, size - 0.5)
    if tops is None:
        raise ValueError(f"{len(ordered)} labels do not fit beside the foot at {size:g} pt; make the chart taller "
                         "or allow smaller labels (label-min)")
    placed: list[PlacedLabel] = []
    align = "right" if side == "left" else "left"
    for req, lines, h, top in zip(ordered, wrapped, heights, tops, strict=True):
        text_w = max(measure(line, size) for line in lines)
        bx0, bx1 = (x1 - text_w, x1) if align == "right" else (x0, x0 + text_w)
        box = (bx0, top - h, bx1, top)
        start = (bx1 + 1.5, top - h / 2) if align == "right" else (bx0 - 1.5, top - h / 2)
        placed.append(PlacedLabel(req.key, tuple(lines), box, size, req.anchor, align, start))
    return placed


def overlaps(a: Box, b: Box) -> bool:
    """Do two boxes overlap (touching edges do not count)?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
