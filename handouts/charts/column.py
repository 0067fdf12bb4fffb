"""One column of labels while it is laid out: where each label would like to stand, where its leader ends,
how the column stacks in a given order.

A label prefers the height, within a few label heights of its zone, from
which its leader is cheapest; a leader ends at the point of its zone that
costs least from where its label stands. The same labels on the same foot
are asked about again by charts of other goal sets, so the answers are kept
for the process under a name the caller gives its costs (``cost_key``).
``labels`` decides the order; this module answers its questions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from handouts.charts.crossings import Box, Point, segments_cross
from handouts.charts.stacking import stack_centred, stack_down

# (label key, leader start, leader end, limit) -> cost; once it knows the cost reaches ``limit`` it may stop
# counting and return any value at least that high (the layout asks thousands of times: this keeps it quick)
Cost = Callable[[str, Point, Point, float], float]
PREFER_STEPS = 6  # how many label heights up or down a label may look for a clearer leader
# The cheapest end of a label's zone for a leader from one start, kept for the process under the caller's name
# for its cost (``place_column``'s ``cost_key``), the label and the exact start: charts for other goal sets put
# the same labels on the same feet and ask again (3,000 sheets of a batch asked 60,698 times, 7,808 different
# questions). All go when full: about 450 bytes each, so 7 MB at most.
_BEST_ENDS: dict[tuple[object, ...], tuple[Point, float]] = {}
BEST_ENDS_LIMIT = 16384
# A label's preferred height (``Column.preferred``), kept the same way under the cost, the label, its step and
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


@dataclass
class Column:
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
