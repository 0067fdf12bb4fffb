"""Where a foot chart's labels, numbers, guide names and captions go.

Split from the drawing so the rules can be read (and tested) in one place:

* text is never smaller than 8 pt, or 12 pt in large print (``text_floor``);
* each foot's labels stand in a column beside it (one foot drawn for both:
  each label takes the column its leader reaches more cheaply), and every
  leader ends at the point of its zone that crosses the fewest other zones;
* no leader crosses another leader, a label or a caption: columns stop above
  the captions, and ``labels.place_column`` swaps crossing leaders;
* numbers follow reading order (top to bottom, left to right), and one
  ``Numbering`` is shared by every chart of a document, so the poster's second
  page carries on where the first stopped and a zone keeps its number.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts.charts.column import LabelRequest
from handouts.charts.crossings import Box, Point, segments_cross
from handouts.charts.labels import PlacedLabel, place_column
from handouts.charts.obstacles import FootObstacles
from handouts.typeface import BOLD, ITALIC, REGULAR

if TYPE_CHECKING:
    from handouts.charts.draw import FootChart, Row

PRINT_MIN = 8.0  # pt: print shops and older eyes; no chart text is smaller
LARGE_MIN = 12.0  # pt: large print, for everything a client reads on the chart
LARGE_BODY = 14.0  # a theme with a body this big is large print
CROSSING_COST = 260.0  # points of extra leader length worth avoiding one crossed zone
PLACEHOLDER = "00"  # numbered labels are placed before their numbers are known
SIDES = ("left", "right")

Placed = tuple[str, str, PlacedLabel]  # (view, side or "centre", label)


def text_floor(body_size: float) -> float:
    """The smallest chart text allowed with this body size."""
    return LARGE_MIN if body_size >= LARGE_BODY else PRINT_MIN


class Numbering:
    """Numbers for zones, shared by every numbered chart of one document.

    A zone keeps the number it got first; zones a later chart adds continue
    the count, in that chart's reading order.
    """

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def assign(self, zone_ids: Iterable[str]) -> None:
        for zone_id in zone_ids:
            if zone_id not in self.numbers:
                self.numbers[zone_id] = len(self.numbers) + 1


def _first_labels(labels: list[Placed]) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Per zone: where its highest label stands (minus top, left), and the view (row) it stands in."""
    rank: dict[str, tuple[float, float]] = {}
    row: dict[str, str] = {}
    for view, _, label in labels:
        here = (-label.box[3], label.box[0])
        if here < rank.get(label.key, (math.inf, math.inf)):
            rank[label.key], row[label.key] = here, view
    return rank, row


def reading_order(placed: Iterable[Placed]) -> list[str]:
    """Zone ids in the order a reader meets their labels: top to bottom, then left to right.

    A zone is numbered where its label first appears (its highest label), and
    every column should count up, with a zone named in both columns of a row
    (one per foot) having one number. So a zone comes after every zone whose
    first label stands above its own in a column; among the zones free to come
    next, the one whose label stands highest (then furthest left) goes first.
    """
    labels = [(view, side, label) for view, side, label in placed if side != "centre"]
    rank, first_row = _first_labels(labels)
    columns: dict[tuple[str, str, str], list[PlacedLabel]] = {}
    for view, side, label in labels:
        if first_row[label.key] == view:  # later rows repeat a number already given
            columns.setdefault((view, side, label.align), []).append(label)
    after: dict[str, set[str]] = {key: set() for key in rank}
    for column in columns.values():
        column.sort(key=lambda lb: -lb.box[3])
        for i, label in enumerate(column):
            after[label.key].update(lb.key for lb in column[:i] if lb.key != label.key)
    order: list[str] = []
    left = set(rank)
    while left:
        free = [z for z in left if not (after[z] & left)] or list(left)  # a cycle: fall back to height
        pick = min(free, key=lambda z: rank[z])
        order.append(pick)
        left.remove(pick)
    return order


def caption_text(chart: FootChart, row: Row, side: str) -> str:
    """The caption under one foot of a row ("Left foot, inner edge", ...)."""
    caption = chart.captions.get(f"{row.view.name}_{side}") or chart.captions.get(side, "")
    if len(row.boxes) == 1:
        caption = chart.captions.get(f"{row.view.name}_single", caption)
    if side in chart.resting:
        caption = f"{caption} ({chart.captions.get('rest', 'rest')})"
    return caption


def caption_box(chart: FootChart, row: Row, side: str) -> Box | None:
    """The box a foot's caption takes (ascent to descent), or None without a caption."""
    text = caption_text(chart, row, side)
    if not text:
        return None
    box = row.boxes[side]
    size = chart.caption_size
    w = stringWidth(text, BOLD, size)
    cx = box.x + box.w / 2
    return (cx - w / 2, row.caption_y - size * 0.25, cx + w / 2, row.caption_y + size * 0.8)


# (chart set id, view, side, box, zone ids) -> the foot's obstacles and the chart set (held, so its id stays its)
_FEET: OrderedDict[tuple[object, ...], tuple[FootObstacles, object]] = OrderedDict()
FEET_LIMIT = 128  # feet remembered (about 45 KB each): a batch's charts put them in about a hundred places and sizes


def foot_obstacles(chart: FootChart, row: Row, side: str) -> FootObstacles:
    """The zones drawn on one foot of a row, in page coordinates (remembered per row and size).

    Charts of different goal sets mostly put their feet in the same few
    places and sizes, so the obstacles are also kept for the process (the
    least recently used go past ``FEET_LIMIT``, so at most ~6 MB): working them out was a
    twelfth of placing a new goal set's labels, and 600 sheets of a batch met
    100 different feet among 830 new charts. They depend only on the chart
    set's geometry, the view, the side, the box and the zones, the key.
    """
    key = (row.view.name, side, row.boxes[side])
    found = chart.obstacle_cache.get(key)
    if found is None:
        box = row.boxes[side]
        mine = [z for z in row.view.zones if z in chart.zones and chart.zones[z].foot in ("both", side)]
        kept = (id(chart.charts), *key, tuple(mine))
        held = _FEET.get(kept)
        if held is not None and held[1] is chart.charts:
            _FEET.move_to_end(kept)
            found = held[0]
        else:
            found = FootObstacles(row.view, mine, box.map, box.length)
            _FEET[kept] = (found, chart.charts)
            while len(_FEET) > FEET_LIMIT:
                _FEET.popitem(last=False)
        chart.obstacle_cache[key] = found
    return found


# A column's placed labels by everything ``place_column`` is given: the foot (its serial: its zones, hence the
# leaders' costs), the font, the labels, the column and its side, the sizes and spacing. Charts of other goal sets
# often share a column (a goal set with a caution on the other foot, one goal's zones on one foot): 3,000
# sheets of a batch placed 1,451 columns, 850 different ones. The least recently used go past the limit
# (about 4 KB each: 4 MB at most).
_COLUMNS: OrderedDict[tuple[object, ...], list[PlacedLabel]] = OrderedDict()
COLUMNS_LIMIT = 1024


def place_foot(chart: FootChart, row: Row, side: str) -> list[Placed]:
    """Labels for one foot of a row, in its column (or both columns when one foot stands for both)."""
    wanted = chart.wanted(row.view, side)
    if not wanted:
        return []
    box = row.boxes[side]
    obstacles = foot_obstacles(chart, row, side)

    def cost(key: str, a: Point, b: Point, limit: float = math.inf) -> float:
        length = math.dist(a, b)
        most = math.ceil((limit - length) / CROSSING_COST) if limit < math.inf else len(obstacles.obstacles)
        return CROSSING_COST * obstacles.count(key, a, b, max(0, most)) + length

    requests = [LabelRequest(z, chart.label_text(z), box.map(row.view.zones[z].anchor), obstacles.ends[z][1:])
                for z in wanted]
    font = BOLD if chart.style == "numbers" else REGULAR

    def measure(text: str, size: float) -> float:
        return stringWidth(text, font, size)

    groups: dict[str, list[LabelRequest]] = {side: requests}
    if len(row.boxes) == 1:  # one foot for both: each label takes the column its leader reaches more cheaply
        groups = {"left": [], "right": []}
        for req in requests:
            reach = {col: min(cost(req.key, (row.columns[col][2] if col == "left" else row.columns[col][0],
                                             req.anchor[1]), end) for end in req.ends) for col in SIDES}
            groups[min(SIDES, key=lambda col, r=reach: (r[col], col))].append(req)
    placed: list[Placed] = []
    for column, mine in groups.items():
        # numbers are one short line of digits (no descenders): they may stand closer than names
        spacing = {"gap": 0.8, "line_height": 1.05} if chart.style == "numbers" else {}
        key = (obstacles.serial, font, tuple(mine), row.columns[column], column, chart.label_size, chart.label_min,
               tuple(spacing.items()))
        labels = _kept_column(key, lambda mine=mine, column=column, spacing=spacing: place_column(
            mine, row.columns[column], column, measure, size=chart.label_size, min_size=chart.label_min, cost=cost,
            cost_key=obstacles.serial, **spacing))
        placed += [(row.view.name, side, label) for label in labels]
    return placed


def _kept_column(key: tuple[object, ...], place: Callable[[], list[PlacedLabel]]) -> list[PlacedLabel]:
    """The column placed under ``key`` before in this process (``_COLUMNS``), else ``place()``'s, kept."""
    labels = _COLUMNS.get(key)
    if labels is not None:
        _COLUMNS.move_to_end(key)
        return labels
    labels = place()
    _COLUMNS[key] = labels
    while len(_COLUMNS) > COLUMNS_LIMIT:
        _COLUMNS.popitem(last=False)
    return labels


def guide_labels(chart: FootChart, row: Row) -> list[Placed]:
    """Guide names centred in the gap between the feet, level with each line's inner end."""
    left, right = row.boxes["left"], row.boxes["right"]
    x0, x1 = left.x + left.w, right.x
    size = chart.guide_size
    out: list[Placed] = []
    for guide in row.view.guides:
        inner = min(guide.points, key=lambda p: p[0])  # the medial end faces the gap
        y = right.map(inner)[1]
        w = stringWidth(guide.name, ITALIC, size)
        cx = (x0 + x1) / 2
        box = (cx - w / 2, y - size * 0.3, cx + w / 2, y + size * 0.9)
        out.append((row.view.name, "centre",
                    PlacedLabel(f"guide:{guide.id}", (guide.name,), box, size, (cx, y), "centre", (cx, y))))
    return out


def _swap_pair(chart: FootChart, column: list[Placed], i: int) -> bool:
    """Swap the places of two neighbouring numbers (column[i] above column[i + 1]) if their leaders can
    still end somewhere in their zones without crossing any other leader; True if done."""
    (view, side, upper), (_, _, lower) = column[i], column[i + 1]
    if abs((upper.box[3] - upper.box[1]) - (lower.box[3] - lower.box[1])) > 1e-6:
        return False
    row = next(r for r in chart.rows() if r.view.name == view)
    obstacles = foot_obstacles(chart, row, side)
    others = [lb for j, (_, _, lb) in enumerate(column) if j not in (i, i + 1)]
    best: tuple[float, Point, Point] | None = None
    for end_up in obstacles.ends[upper.key]:  # the upper label moves down into the lower's place
        if any(segments_cross(lower.leader_start, end_up, o.leader_start, o.anchor) for o in others):
            continue
        for end_low in obstacles.ends[lower.key]:
            if segments_cross(lower.leader_start, end_up, upper.leader_start, end_low) or any(
                    segments_cross(upper.leader_start, end_low, o.leader_start, o.anchor) for o in others):
                continue
            cost = sum(CROSSING_COST * len(obstacles.crossed(k, a, b)) + math.dist(a, b) for k, a, b in (
                (upper.key, lower.leader_start, end_up), (lower.key, upper.leader_start, end_low)))
            if best is None or cost < best[0]:
                best = (cost, end_up, end_low)
    if best is None:
        return False
    column[i] = (view, side, replace(lower, box=upper.box, leader_start=upper.leader_start, anchor=best[2]))
    column[i + 1] = (view, side, replace(upper, box=lower.box, leader_start=lower.leader_start, anchor=best[1]))
    return True


def _tidy_columns(chart: FootChart, placed: list[Placed]) -> list[Placed]:
    """Where the two feet disagree on which of two zones comes first, swap neighbours so each column counts
    up from top to bottom (when their leaders allow it)."""
    numbers = chart.numbering.numbers
    _, home = _first_labels([item for item in placed if item[1] != "centre"])
    columns: dict[tuple[str, str, str], list[Placed]] = {}
    rest: list[Placed] = []
    for item in placed:
        if item[1] == "centre":
            rest.append(item)
        else:
            columns.setdefault((item[0], item[1], item[2].align), []).append(item)
    for column in columns.values():
        column.sort(key=lambda item: -item[2].box[3])
        for _ in range(len(column)):
            swapped = False
            for i in range(len(column) - 1):
                upper, lower = column[i][2].key, column[i + 1][2].key
                if home[upper] != column[i][0] or home[lower] != column[i][0]:
                    continue  # a number repeated from a row above keeps its place
                if numbers[upper] > numbers[lower] and _swap_pair(chart, column, i):
                    swapped = True
            if not swapped:
                break
        rest.extend(column)
    return rest


def number_labels(chart: FootChart, placed: list[Placed]) -> list[Placed]:
    """Give numbered labels their numbers, in reading order, continuing the document's numbering."""
    chart.numbering.assign(reading_order(placed))
    placed = _tidy_columns(chart, placed)
    out: list[Placed] = []
    for view, side, label in placed:
        if side == "centre":
            out.append((view, side, label))
            continue
        text = str(chart.numbering.numbers[label.key])
        w = stringWidth(text, BOLD, label.size)
        x0, y0, x1, y1 = label.box
        box = (x1 - w, y0, x1, y1) if label.align == "right" else (x0, y0, x0 + w, y1)
        out.append((view, side, replace(label, lines=(text,), box=box)))
    return out


def place_all(chart: FootChart) -> list[Placed]:
    """Every label of the chart as (view, side, label); guide names have side "centre"."""
    placed: list[Placed] = []
    for row in chart.rows():
        for side in SIDES:
            if side in row.boxes:
                placed += place_foot(chart, row, side)
        if chart.guide_names and row.view.name in ("plantar", "dorsal") and len(row.boxes) == 2:
            placed += guide_labels(chart, row)
    if chart.style == "numbers":
        placed = number_labels(chart, placed)
    return placed


def two_line_width(text: str, font: str, size: float) -> float:
    """The narrowest column that holds ``text`` on at most two lines."""
    words = text.split()
    return min(
        (max(stringWidth(" ".join(words[:i]), font, size), stringWidth(" ".join(words[i:]), font, size))
         for i in range(1, len(words))),
        default=stringWidth(text, font, size),
    )


def legend_layout(chart: FootChart) -> tuple[int, float, float]:
    """Columns, height and column width of the list a chart prints when it numbers in place of names."""
    names = {chart.zones[z].name for v in chart.views for side in SIDES
             for z in chart.wanted(chart.charts.views[v], side)}
    size = chart.label_size
    # an entry is its number (right-aligned in 1.4 sizes), 0.5 of a size, then the name (see FootChart._draw_legend);
    # columns are 0.6 of a size apart: as many as fit, so a large-print list is not one long column
    entry = max((stringWidth(n, REGULAR, size) for n in names), default=0.0) + 1.9 * size
    gap = 0.6 * size
    cols = max(1, min(4, int((chart.width + gap) // (entry + gap)), len(names)))
    rows = -(-len(names) // cols)
    return cols, rows * size * 1.25 + size + key_heading_height(chart), (chart.width + gap) / cols


def key_heading_height(chart: FootChart) -> float:
    """Room for the line that heads the list ("Key to the numbers"), if the template's words give one.

    Without it a two-column list sits right under the two feet's captions and
    reads as "these numbers are on the left foot, those on the right".
    """
    return chart.label_size * 1.9 if chart.captions.get("key") else 0.0


def leader_report(chart: FootChart) -> list[tuple[str, str, str, Point, Point, list[str]]]:
    """Each leader as (view, side, zone, start, end, zones it runs through): for tests and measurements."""
    rows = {r.view.name: r for r in chart.rows()}
    out = []
    for view, side, label in chart.place_labels():
        if side == "centre":
            continue
        crossed = foot_obstacles(chart, rows[view], side).crossed(label.key, label.leader_start, label.anchor)
        out.append((view, side, label.key, label.leader_start, label.anchor, crossed))
    return out
