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
that prove nothing overlaps or crosses.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace

from handouts.charts.stacking import stack_centred, stack_down

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Point = tuple[float, float]
Measure = Callable[[str, float], float]  # (text, font size) -> width
# (label key, leader start, leader end, limit) -> cost; once it knows the cost reaches ``limit`` it may stop
# counting and return any value at least that high (the layout asks thousands of times: this keeps it quick)
Cost = Callable[[str, Point, Point, float], float]
PREFER_STEPS = 6  # how many label heights up or down a label may look for a clearer leader
SWAP_ROUNDS = 40  # enough for the ~30 labels of the fullest column; each round is cheap
# The cheapest end of a label's zone for a leader from one start, kept for the process under the caller's name
# for its cost (``place_column``'s ``cost_key``), the label and the exact start: charts for other goal sets put
# the same labels on the same feet and ask again (3,000 sheets of a batch asked 60,698 times, 7,808 different
# questions). All go when full: about 450 bytes each, so 7 MB at most.
_BEST_ENDS: dict[tuple[object, ...], tuple[Point, float]] = {}
BEST_ENDS_LIMIT = 16384
# A label's preferred height (``_Column.preferred``), kept the same way under the cost, the label, its step and
# the column: the same 3,000 sheets asked 5,564 times, 587 different questions (about 1.2 KB each, 5 MB at most)
_PREFERRED: dict[tuple[object, ...], float] = {}
PREFERRED_LIMIT = 4096


@dataclass(frozen=True)
class LabelRequest:
    """A label to place: its text, the point its leader ends at, and other points it may end at instead."""

    key: str
    text: str
    anchor: Point
    candidates: tuple[Point, ...] = ()

    @property
    def ends(self) -> tuple[Point, ...]:
        return (self.anchor, *self.candidates)


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


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Do segments ab and cd cross or touch (a shared end point does not count)?

    Written out in full (no helper per orientation): the layout asks this for
    every pair of a column's leaders after each swap.
    """
    if a in (c, d) or b in (c, d):
        return False
    ax, ay = a
    bx, by = b
    cx, cy = c
    dx, dy = d
    d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)  # where a and b lie from cd, c and d from ab
    d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx)
    d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax)
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True
    eps = 1e-9
    return (abs(d1) < eps and _on_segment(c, d, a)) or (abs(d2) < eps and _on_segment(c, d, b)) or \
        (abs(d3) < eps and _on_segment(a, b, c)) or (abs(d4) < eps and _on_segment(a, b, d))


def _on_segment(p: Point, q: Point, r: Point) -> bool:
    return min(p[0], q[0]) - 1e-9 <= r[0] <= max(p[0], q[0]) + 1e-9 and \
        min(p[1], q[1]) - 1e-9 <= r[1] <= max(p[1], q[1]) + 1e-9


def segment_hits_box(a: Point, b: Point, box: Box) -> bool:
    """Does segment ab enter the box (Liang-Barsky clipping)?"""
    x0, y0, x1, y1 = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


@dataclass
class _Column:
    """Working state while one column is laid out."""

    requests: list[LabelRequest]
    wrapped: dict[str, list[str]]
    heights: dict[str, float]
    column: Box
    side: str
    gap: float
    cost: Cost
    cost_key: Hashable | None = None  # names ``cost`` for ``_BEST_ENDS`` (None: answers are not shared)
    memo: dict[tuple[str, float], tuple[Point, float]] = field(default_factory=dict)
    first_starts: dict[tuple[str, float], Point] = field(default_factory=dict)  # ``best_end``'s key -> its start
    prefer: dict[str, float] = field(default_factory=dict)
    centred: bool = False  # overlapping labels move apart about their middle (else: pushed down)
    _held: dict[tuple[str, float, Point], float] = field(default_factory=dict)  # ``held_cost``'s answers
    _wanted: list[float] | None = field(default=None, init=False)  # the preferred heights, highest first
    _tops: dict[tuple[float, ...], list[float] | None] = field(default_factory=dict, init=False)  # ``stacked``

    def preferred(self, req: LabelRequest) -> float:
        """The height at which this label's leader is cheapest: level with its zone, or where it clears others.

        A label for the big toe may do better above the toes than level with
        them, where its leader would cross the other toes. The heights tried
        are noted (``first_starts``) whether or not their leaders are worked
        out, and the answer is kept for the process (``_PREFERRED``).
        """
        found = self.prefer.get(req.key)
        if found is None:
            step = self.heights[req.key] + self.gap
            heights = [req.anchor[1] + k * step for k in range(-PREFER_STEPS, PREFER_STEPS + 1)]
            heights = [y for y in heights if self.column[1] <= y <= self.column[3]] or [req.anchor[1]]
            starts = [self.start_at(y) for y in heights]
            for start in starts:
                self.first_starts.setdefault((req.key, round(start[1], 2)), start)
            shared = None if self.cost_key is None else (self.cost_key, req.key, req.anchor, req.candidates,
                                                         step, self.column, self.side)
            found = None if shared is None else _PREFERRED.get(shared)
            if found is None:
                found = heights[self._cheapest_start(req, starts)]
                if shared is not None:
                    if len(_PREFERRED) >= PREFERRED_LIMIT:
                        _PREFERRED.clear()
                    _PREFERRED[shared] = found
            self.prefer[req.key] = found
        return found

    def _cheapest_start(self, req: LabelRequest, starts: list[Point]) -> int:
        """The index of the start whose best leader costs least (the first of equals), as ``min`` would give.

        Every leader costs at least its length, so a start further from each
        end of the zone than the cheapest leader found so far cannot win: it
        is never worked out. Starts are tried nearest first.
        """
        bounds = [min(math.dist(start, end) for end in req.ends) for start in starts]
        best_i, best = 0, math.inf
        for i in sorted(range(len(starts)), key=bounds.__getitem__):
            if bounds[i] > best:
                break
            cost = self.best_end(req, starts[i])[1]
            if cost < best or (cost == best and i < best_i):
                best_i, best = i, cost
        return best_i

    def start_at(self, y: float) -> Point:
        x = self.column[2] + 1.5 if self.side == "left" else self.column[0] - 1.5
        return (x, y)

    def best_end(self, req: LabelRequest, start: Point) -> tuple[Point, float]:
        """The cheapest point of the zone for a leader from ``start`` (remembered: layouts repeat).

        Remembered by the start's height to 0.01 pt, for the first start that
        height was asked about: ``preferred`` notes the starts it tries
        (``first_starts``) even when it need not work them out.
        """
        key = (req.key, round(start[1], 2))
        found = self.memo.get(key)
        if found is None:
            found = self._cheapest_end(req, self.first_starts.get(key, start))
            self.memo[key] = found
        return found

    def _cheapest_end(self, req: LabelRequest, start: Point) -> tuple[Point, float]:
        """``best_end`` worked out, or the answer kept for the same cost, label and start (``_BEST_ENDS``)."""
        shared = None if self.cost_key is None else (self.cost_key, req.key, req.anchor, req.candidates, start)
        found = None if shared is None else _BEST_ENDS.get(shared)
        if found is not None:
            return found
        best_end, best = req.anchor, math.inf
        for end in sorted(req.ends, key=lambda e: math.dist(start, e)):
            if math.dist(start, end) >= best:
                break  # every cost is at least the leader's length
            cost = self.cost(req.key, start, end, best)
            if cost < best:
                best_end, best = end, cost
        found = (best_end, best)
        if shared is not None:
            if len(_BEST_ENDS) >= BEST_ENDS_LIMIT:
                _BEST_ENDS.clear()
            _BEST_ENDS[shared] = found
        return found

    def start(self, key: str, top: float) -> Point:
        x = self.column[2] + 1.5 if self.side == "left" else self.column[0] - 1.5
        return (x, top - self.heights[key] / 2)

    def layout(self, order: list[LabelRequest], frozen: dict[str, Point] | None = None
               ) -> tuple[list[float], list[Point], float] | None:
        """Tops, leader ends and total cost for labels stacked in ``order``.

        Each place in the stack aims at the same height whichever label takes
        it (the n-th highest anchor), so swapping two labels of one height
        leaves every box where it was and only the two leaders change. With
        ``frozen``, leaders keep the given ends instead of choosing again.
        """
        tops = self.stacked(order)
        if tops is None:
            return None
        ends, total = [], 0.0
        for req, top in zip(order, tops, strict=True):
            if frozen is not None:
                best, cost = frozen[req.key], self.held_cost(req.key, top, frozen[req.key])
            else:
                best, cost = self.best_end(req, self.start(req.key, top))
            ends.append(best)
            total += cost
        return tops, ends, total

    def stacked(self, order: list[LabelRequest]) -> list[float] | None:
        """The boxes' tops for labels stacked in ``order`` (None: they do not fit).

        The places aim at the labels' preferred heights, highest first,
        whichever label takes them, so the tops depend only on the labels'
        heights in order: worked out once per sequence of heights (swaps
        among labels of one height ask for the same tops again and again).
        """
        heights = tuple([self.heights[r.key] for r in order])
        if heights in self._tops:
            return self._tops[heights]
        if self._wanted is None:
            self._wanted = sorted((self.preferred(r) for r in order), reverse=True)
        stack = stack_centred if self.centred else stack_down
        tops = stack(list(heights), self._wanted, self.column[1], self.column[3], self.gap)
        self._tops[heights] = tops
        return tops

    def held_cost(self, key: str, top: float, end: Point) -> float:
        """What the leader of label ``key`` costs from its box at ``top`` to a held end (remembered per column)."""
        found = self._held.get((key, top, end))
        if found is None:
            found = self.cost(key, self.start(key, top), end, math.inf)
            self._held[(key, top, end)] = found
        return found

    def crossing(self, order: list[LabelRequest], tops: list[float], ends: list[Point]) -> tuple[int, int] | None:
        starts = [self.start(r.key, t) for r, t in zip(order, tops, strict=True)]
        for i in range(len(order)):
            for j in range(i + 1, len(order)):
                if segments_cross(starts[i], ends[i], starts[j], ends[j]):
                    return i, j
        return None


def _uncross(state: _Column, order: list[LabelRequest], frozen: dict[str, Point] | None
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


def _arrange(state: _Column) -> tuple[list[LabelRequest], list[float], list[Point]] | None:
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


def _arrange_cheapest(state: _Column) -> tuple[list[LabelRequest], list[float], list[Point]] | None:
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


def _unmoved(state: _Column, arranged: tuple[list[LabelRequest], list[float], list[Point]]) -> bool:
    """Does every label stand where it wanted to (its box centred on its preferred height, or at the top)?"""
    order, tops, _ = arranged
    wanted = sorted((state.preferred(r) for r in order), reverse=True)
    return all(abs(top - min(want + state.heights[r.key] / 2, state.column[3])) < 1e-6
               for r, top, want in zip(order, tops, wanted, strict=True))


def _total_cost(state: _Column, arranged: tuple[list[LabelRequest], list[float], list[Point]]) -> float:
    """What the leaders of an arrangement cost together (the caller's ``cost``: zones crossed and length)."""
    return sum(state.held_cost(r.key, top, end) for r, top, end in zip(*arranged, strict=True))


def _better_ends(state: _Column, order: list[LabelRequest], tops: list[float], frozen: dict[str, Point]) -> bool:
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
        state = _Column(list(requests), wrapped, heights, column, side, gap * size / 7.5, cost, cost_key)
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


def overlaps(a: Box, b: Box) -> bool:
    """Do two boxes overlap (touching edges do not count)?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
