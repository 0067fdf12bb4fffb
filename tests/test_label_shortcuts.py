"""Label placement keeps answers for the process and skips work that cannot change its result: a label's
preferred height and cheapest leader ends are kept across charts, heights whose leaders cannot win are not
worked out, a column placed before is not placed again. Every chart must get exactly the labels the plain
method gives (every height worked out, nothing kept between columns): the same lines, boxes, sizes and
leader ends, to the last bit, or the PDFs would differ between a warm worker and a fresh process.
"""

from __future__ import annotations

import itertools
import math
import random

import pytest

from handouts.charts import column, placement
from handouts.charts.column import PREFER_STEPS, Column, LabelRequest
from handouts.charts.draw import FootChart
from handouts.charts.stacking import stack_centred, stack_down
from handouts.render.theme import make_theme

GOALS = ["stress", "sleep", "circulation", "muscle-comfort", "digestion", "lower-back", "head-neck"]


def _plain_preferred(self: Column, req: LabelRequest) -> float:
    """Every height worked out; the first of the cheapest kept."""
    found = self.prefer.get(req.key)
    if found is None:
        step = self.heights[req.key] + self.gap
        heights = [req.anchor[1] + k * step for k in range(-PREFER_STEPS, PREFER_STEPS + 1)]
        heights = [y for y in heights if self.column[1] <= y <= self.column[3]] or [req.anchor[1]]
        found = min(heights, key=lambda y: self.best_end(req, self.start_at(y))[1])
        self.prefer[req.key] = found
    return found


def _plain_best_end(self: Column, req: LabelRequest, start: tuple[float, float]) -> tuple[tuple[float, float], float]:
    """Every end tried nearest first (until one is further than the cheapest leader), kept for this column only."""
    key = (req.key, round(start[1], 2))
    found = self.memo.get(key)
    if found is None:
        best_end, best = req.anchor, math.inf
        for end in sorted(req.ends, key=lambda e: math.dist(start, e)):
            if math.dist(start, end) >= best:
                break
            cost = self.cost(req.key, start, end, best)
            if cost < best:
                best_end, best = end, cost
        found = (best_end, best)
        self.memo[key] = found
    return found


def _plain_layout(self: Column, order: list[LabelRequest], frozen: dict | None = None):
    """The stack worked out afresh for every order, every leader's cost asked of ``cost``."""
    wanted = sorted((self.preferred(r) for r in order), reverse=True)
    stack = stack_centred if self.centred else stack_down
    tops = stack([self.heights[r.key] for r in order], wanted, self.column[1], self.column[3], self.gap)
    if tops is None:
        return None
    ends, total = [], 0.0
    for req, top in zip(order, tops, strict=True):
        start = self.start(req.key, top)
        if frozen is not None:
            best, cost = frozen[req.key], self.cost(req.key, start, frozen[req.key], math.inf)
        else:
            best, cost = self.best_end(req, start)
        ends.append(best)
        total += cost
    return tops, ends, total


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Column, "preferred", _plain_preferred)
    monkeypatch.setattr(Column, "best_end", _plain_best_end)
    monkeypatch.setattr(Column, "layout", _plain_layout)
    monkeypatch.setattr(Column, "held_cost", lambda self, key, top, end: self.cost(key, self.start(key, top), end,
                                                                                    math.inf))
    monkeypatch.setattr(placement, "_kept_column", lambda _key, place: place())


def _forget() -> None:
    column._BEST_ENDS.clear()
    column._PREFERRED.clear()
    placement._COLUMNS.clear()


def _charts(catalog) -> list[tuple[str, dict]]:
    """Chart settings a batch and the posters meet: goal sets on both feet or one, two sizes, large print,
    one to four views, every label mode."""
    lit = {g: [z.zone for z in catalog.goals[g].steps] for g in GOALS}
    sets = [[g] for g in GOALS] + [list(p) for p in itertools.combinations(GOALS, 2)][::3]
    out = []
    for i, goals in enumerate(sets):
        zones = {z for g in goals for z in lit[g]}
        feet = [frozenset({"left", "right"}), frozenset({"right"}), frozenset({"left"})][i % 3]
        size = [(480.0, 300.0), (500.0, 330.0)][i % 2]
        out.append(("+".join(goals), {"highlight": dict.fromkeys(zones, feet), "width": size[0], "height": size[1],
                                      "views": ["plantar", "dorsal"] if i % 4 == 0 else ["plantar"],
                                      "large": i % 5 == 0}))
    digestion = dict.fromkeys(lit["digestion"], frozenset({"left", "right"}))
    for labels_mode, views in (("all", ["plantar"]), ("numbers", ["plantar", "medial", "lateral", "dorsal"]),
                               ("all", ["medial", "lateral"])):
        out.append((f"{labels_mode} {'+'.join(views)}", {"highlight": digestion, "width": 520.0, "height": 700.0,
                                                         "views": views, "labels": labels_mode}))
    return out


def _place(catalog, settings: dict) -> tuple[str, list]:
    theme = make_theme(catalog.clinic.colours.primary, catalog.clinic.colours.accent,
                       large_print=settings.get("large", False))
    size = 12.0 if settings.get("large") else 8.0
    chart = FootChart(catalog.charts, catalog.zones, theme, views=settings["views"], highlight=settings["highlight"],
                      labels=settings.get("labels", "highlighted"), width=settings["width"],
                      height=settings["height"], label_size=size, label_min=size, guide_names=True)
    try:
        placed = chart._place_all()
    except ValueError as error:  # does not fit even numbered: the same message either way
        return "error", [str(error)]
    return chart.style, placed


def test_labels_placed_with_kept_answers_are_those_of_the_plain_method(catalog, monkeypatch):
    charts = _charts(catalog)
    _forget()
    with monkeypatch.context() as plain:
        _plain(plain)
        expected = {name: _place(catalog, settings) for name, settings in charts}
    order = charts * 2  # each chart twice: placed afresh, then from what the process kept
    random.Random(3).shuffle(order)
    _forget()
    for name, settings in order:
        assert _place(catalog, settings) == expected[name], name
    assert column._PREFERRED and column._BEST_ENDS and placement._COLUMNS  # the shortcuts were taken
    assert sum(len(placed) for style, placed in expected.values() if style != "error") > 200


def test_a_label_keeps_the_first_of_equally_cheap_heights_and_skips_those_that_cannot_win():
    """Heights are worked out nearest first, yet where two leaders cost the same the first height wins, as
    ``min`` gives; a height further from every end than the cheapest leader found is never worked out."""
    state = Column([], {}, {"a": 10.0}, (0.0, 0.0, 50.0, 100.0), "left", 1.0, lambda *a: 0.0)
    req = LabelRequest("a", "A", (60.0, 50.0))
    starts = [(51.5, 46.0), (51.5, 48.0), (51.5, 50.0), (51.5, 52.0)]  # 9.4, 8.7, 8.5 and 8.7 pt from the anchor
    asked: list[int] = []

    def best_end(_req: LabelRequest, start: tuple[float, float]) -> tuple[tuple[float, float], float]:
        asked.append(starts.index(start))
        return _req.anchor, costs[starts.index(start)]

    state.best_end = best_end  # type: ignore[method-assign]
    costs = [20.0, 12.0, 30.0, 12.0]  # the second and the fourth cheapest: the second wins, though worked out later
    assert state._cheapest_start(req, starts) == 1 and asked == [2, 1, 3, 0]
    asked.clear()
    costs = [30.0, 30.0, 8.6, 30.0]
    assert state._cheapest_start(req, starts) == 2 and asked == [2]


def test_kept_answers_are_bounded(catalog, monkeypatch):
    monkeypatch.setattr(column, "BEST_ENDS_LIMIT", 50)
    monkeypatch.setattr(column, "PREFERRED_LIMIT", 5)
    monkeypatch.setattr(placement, "COLUMNS_LIMIT", 3)
    _forget()
    for _, settings in _charts(catalog)[:8]:
        _place(catalog, settings)
        assert len(column._BEST_ENDS) <= 50 and len(column._PREFERRED) <= 5 and len(placement._COLUMNS) <= 3
