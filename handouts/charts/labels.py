"""Label placement: labels in columns beside the feet, leaders that never cross.

Each foot's labels stand in a column on its outer side. Labels start in the
order of the height of the zone they name and are pushed apart just enough to
clear each other: downwards, or about the middle of a crowded group
(``stacking``), whichever gives the cheaper leaders. Each leader then ends
at the point of its zone that costs least: the caller's ``cost`` counts the
other zones a leader would run through, so a leader stops at the near edge
of a big zone instead of crossing half the foot to its centre. Two leaders that cross swap places in the column, and
neighbours swap when that makes the leaders cheaper, until no two cross. When
a column cannot hold its labels at the starting size, the size steps down (to
no less than ``min_size``) and the text wraps, until it fits.

Pure geometry: boxes and leaders are returned for drawing and for the tests
that prove nothing overlaps or crosses. ``column`` answers where a label
would like to stand and where its leader ends; ``crossings`` whether two
leaders cross.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace

from handouts.charts.column import Column, Cost, LabelRequest
from handouts.charts.crossings import Box, Point, segments_cross

Measure = Callable[[str, float], float]  # (text, font size) -> width
SWAP_ROUNDS = 40  # enough for the ~30 labels of the fullest column; each round is cheap


@dataclass(frozen=True)
class PlacedLabel:
    """A placed label: its wrapped lines, box, font size and leader (from ``leader_start`` to ``anchor``)."""

    key: str
    lines: tuple[str, ...]
    box: Box
    size: float
    anchor: Point
    align: str  # "left" or "right": the side of the box nearest the foot
    leader_start: Point



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



def _uncross(state: Column, order: list[LabelRequest], frozen: dict[str, Point] | None
             ) -> tuple[list[LabelRequest], tuple[list[float], list[Point], float]] | None:
    """Swap crossing leaders until none cross; None if that does not settle."""
    result = state.layout(order, frozen)
    if result is None:
        return None
    for _ in range(SWAP_ROUNDS * max(1, len(order))):
        pair = state.crossing(order, result[0], result[1])
        if pair is None:
            return order, result
        i, j = pair
        order = order.copy()
        order[i], order[j] = order[j], order[i]
        result = state.layout(order, frozen) or result
    return None


def _arrange(state: Column) -> tuple[list[LabelRequest], list[float], list[Point]] | None:
    """Order the column so no two leaders cross, then improve ends and order while none cross.

    Leaders choose their ends for the first stacking, and those ends are held
    while crossing leaders swap places (on fixed ends every swap of two
    crossing leaders of one height shortens them, so it settles). Then each
    leader may move its end to a cheaper point, and neighbours may swap, as
    long as that crosses nothing.
    """
    order = sorted(state.requests, key=lambda r: (-state.preferred(r), r.key))
    first = state.layout(order)
    if first is None:
        return None
    frozen = {r.key: end for r, end in zip(order, first[1], strict=True)}
    found = _uncross(state, order, frozen)
    if found is None:
        frozen = {r.key: r.anchor for r in order}
        found = _uncross(state, order, frozen)
    if found is None:
        raise ValueError("the labels' leaders cannot be drawn without crossing; number the labels instead")
    order, result = found
    for _ in range(SWAP_ROUNDS):
        improved = _better_ends(state, order, result[0], frozen)
        for i in range(len(order) - 1):
            trial = [*order[:i], order[i + 1], order[i], *order[i + 2:]]
            tried = state.layout(trial, frozen)
            if tried is not None and tried[2] < result[2] - 1e-6 and state.crossing(trial, tried[0], tried[1]) is None:
                order, improved = trial, True
        result = state.layout(order, frozen) or result
        if not improved:
            break
    return order, result[0], result[1]


def _arrange_cheapest(state: Column) -> tuple[list[LabelRequest], list[float], list[Point]] | None:
    """``_arrange`` with labels pushed down where they meet, and again with them moving apart about their
    middle; the arrangement whose leaders cost less in all (fewer zones crossed, then shorter) is kept.

    Neither wins everywhere: pushed down, the labels for the big toe end up level with the small toes
    and their leaders cross them; centred, a crowded column may push a label up past a clear path.
    """
    best = _arrange(state)
    if best is None or _unmoved(state, best):
        return best  # no label was pushed from where it wanted to be: centring would change nothing
    centred = replace(state, centred=True)  # the memo of leader ends is shared: the same geometry
    try:
        other = _arrange(centred)
    except ValueError:  # cannot be drawn without crossings this way: keep the first
        return best
    if best is None or (other is not None and _total_cost(centred, other) < _total_cost(state, best) - 1e-6):
        return other
    return best


def _unmoved(state: Column, arranged: tuple[list[LabelRequest], list[float], list[Point]]) -> bool:
    """Does every label stand where it wanted to (its box centred on its preferred height, or at the top)?"""
    order, tops, _ = arranged
    wanted = sorted((state.preferred(r) for r in order), reverse=True)
    return all(abs(top - min(want + state.heights[r.key] / 2, state.column[3])) < 1e-6
               for r, top, want in zip(order, tops, wanted, strict=True))


def _total_cost(state: Column, arranged: tuple[list[LabelRequest], list[float], list[Point]]) -> float:
    """What the leaders of an arrangement cost together (the caller's ``cost``: zones crossed and length)."""
    return sum(state.held_cost(r.key, top, end) for r, top, end in zip(*arranged, strict=True))


def _better_ends(state: Column, order: list[LabelRequest], tops: list[float], frozen: dict[str, Point]) -> bool:
    """Move leader ends to cheaper points of their zones where that crosses no other leader."""
    starts = [state.start(r.key, t) for r, t in zip(order, tops, strict=True)]
    moved = False
    for i, req in enumerate(order):
        end, cost = state.best_end(req, starts[i])
        if end == frozen[req.key] or cost >= state.held_cost(req.key, tops[i], frozen[req.key]) - 1e-6:
            continue
        others = (j for j in range(len(order)) if j != i)
        if not any(segments_cross(starts[i], end, starts[j], frozen[order[j].key]) for j in others):
            frozen[req.key] = end
            moved = True
    return moved


def place_column(
    requests: Sequence[LabelRequest],
    column: Box,
    side: str,
    measure: Measure,
    size: float = 8.0,
    min_size: float = 8.0,
    gap: float = 1.5,
    cost: Cost | None = None,
    max_lines: int = 2,
    line_height: float = 1.18,
    cost_key: Hashable | None = None,
) -> list[PlacedLabel]:
    """Place labels in ``column``; ``side`` is where the column is ("left" of its foot or "right").

    ``cost_key`` names ``cost``: columns placed with the same key share the
    cheapest leader ends found (a key must always stand for the same costs).

    Raises ValueError when the labels do not fit, or a name would wrap onto
    more than ``max_lines`` lines (a name in four pieces does not read).
    """
    if not requests:
        return []
    x0, _, x1, _ = column
    width = x1 - x0
    cost = cost or (lambda _key, a, b, _limit: math.dist(a, b))
    while True:
        leading = size * line_height
        wrapped = {r.key: wrap(r.text, width, size, measure) for r in requests}
        heights = {k: len(lines) * leading for k, lines in wrapped.items()}
        too_long = [r.text for r in requests if len(wrapped[r.key]) > max_lines]
        state = Column(list(requests), wrapped, heights, column, side, gap * size / 7.5, cost, cost_key)
        arranged = None if too_long else _arrange_cheapest(state)
        if arranged is not None or size <= min_size:
            break
        size = max(min_size, size - 0.5)
    if too_long:
        raise ValueError(f"the label '{too_long[0]}' needs more than {max_lines} lines beside the foot; make the "
                         "chart wider, or number the labels (labels=\"numbers\")")
    if arranged is None:
        raise ValueError(f"{len(requests)} labels do not fit beside the foot at {size:g} pt; make the chart taller, "
                         "or number the labels (labels=\"numbers\")")
    placed: list[PlacedLabel] = []
    align = "right" if side == "left" else "left"
    for req, top, end in zip(*arranged, strict=True):
        lines = wrapped[req.key]
        h = heights[req.key]
        text_w = max(measure(line, size) for line in lines)
        bx0, bx1 = (x1 - text_w, x1) if align == "right" else (x0, x0 + text_w)
        placed.append(PlacedLabel(req.key, tuple(lines), (bx0, top - h, bx1, top), size, end, align,
                                  state.start(req.key, top)))
    return placed
