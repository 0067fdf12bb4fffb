"""Which zones a leader line runs through, and where on its zone it may end.

A leader that crosses three zones on its way makes a reader guess which one
it names. The label layout asks this module how many other zones a straight
leader would cross, and offers it several end points inside each zone (near
its edges as well as its centre) so the leader can stop at the side facing
its label. Everything is in page coordinates for one foot on one view. Pure
geometry, no ReportLab.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from handouts.catalog.chart_geometry import Point, View, point_in_polygon

INSET = 0.6  # end points sit this far from a shape's centre towards its edge
END_MARGIN = 3.5  # pt: a leader's end keeps this far from every other zone
STROKE_KEEP = 0.2  # a band's leader ends no nearer its ends than this fraction of its length


@dataclass(frozen=True)
class Obstacle:
    """One zone's shapes on the page: filled polygons and stroked polylines with half their width."""

    zone: str
    fills: tuple[tuple[Point, ...], ...]
    strokes: tuple[tuple[tuple[Point, ...], float], ...]
    bbox: tuple[float, float, float, float]
    fill_boxes: tuple[tuple[float, float, float, float], ...] = ()

    def hit(self, a: Point, b: Point) -> bool:
        """Does the segment ab enter this zone?"""
        x0, y0, x1, y1 = self.bbox
        lo_x, hi_x = (a[0], b[0]) if a[0] <= b[0] else (b[0], a[0])
        lo_y, hi_y = (a[1], b[1]) if a[1] <= b[1] else (b[1], a[1])
        if hi_x < x0 or lo_x > x1 or hi_y < y0 or lo_y > y1:
            return False
        return self._hit_inside(a, b, lo_x, hi_x, lo_y, hi_y)

    def _hit_inside(self, a: Point, b: Point, lo_x: float, hi_x: float, lo_y: float, hi_y: float) -> bool:
        """``hit`` for a segment (with its bounding box) already known to reach this zone's box."""
        for poly, box in zip(self.fills, self.fill_boxes, strict=True):
            if hi_x < box[0] or lo_x > box[2] or hi_y < box[1] or lo_y > box[3]:
                continue  # clear of this shape's box: it can neither cross its edge nor start inside it
            # no crossing of the edge: the segment is wholly inside or wholly outside (as ``a`` is)
            if _crosses_ring(a, b, poly) or (_in_box(a, box) and point_in_polygon(a, poly)):
                return True
        return any(_near_line(a, b, line, half) for line, half in self.strokes)


def _near_line(a: Point, b: Point, line: Sequence[Point], half: float) -> bool:
    """Does segment ab come within ``half`` of the polyline (crossing it, or passing close to a vertex)?"""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy or 1e-12
    for qx, qy in line:
        t = max(0.0, min(1.0, ((qx - ax) * dx + (qy - ay) * dy) / length2))
        if (ax + t * dx - qx) ** 2 + (ay + t * dy - qy) ** 2 < half * half:
            return True
    px, py = line[0]
    side_p = dx * (py - ay) - dy * (px - ax)
    for qx, qy in line[1:]:
        side_q = dx * (qy - ay) - dy * (qx - ax)
        if (side_p > 0) != (side_q > 0):
            ex, ey = qx - px, qy - py
            if (ex * (ay - py) - ey * (ax - px) > 0) != (ex * (b[1] - py) - ey * (b[0] - px) > 0):
                return True
        px, py, side_p = qx, qy, side_q
    return False


def _in_box(p: Point, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]


def _ring_box(ring: Sequence[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _crosses_ring(a: Point, b: Point, ring: Sequence[Point]) -> bool:
    """Does segment ab cross an edge of the closed ring? (Inlined: the label layout asks this a lot.)"""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    px, py = ring[-1]
    side_p = dx * (py - ay) - dy * (px - ax)
    for qx, qy in ring:
        side_q = dx * (qy - ay) - dy * (qx - ax)
        if (side_p > 0) != (side_q > 0):
            ex, ey = qx - px, qy - py
            s1 = ex * (ay - py) - ey * (ax - px)
            s2 = ex * (b[1] - py) - ey * (b[0] - px)
            if (s1 > 0) != (s2 > 0):
                return True
        px, py, side_p = qx, qy, side_q
    return False


def _middle_points(line: Sequence[Point]) -> list[Point]:
    """Points along the middle of a band (not its first or last fifth), where its leader may end: a leader
    at a band's end meets the next band's (thoracic and lumbar spine) and a reader cannot tell them apart."""
    steps = [0.0]
    for a, b in itertools.pairwise(line):
        steps.append(steps[-1] + ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5)
    total = steps[-1] or 1.0
    inner = [p for p, s in zip(line, steps, strict=True) if STROKE_KEEP <= s / total <= 1 - STROKE_KEEP]
    return inner[::max(1, len(inner) // 6)] or [line[len(line) // 2]]


def covers(ob: Obstacle, p: Point, margin: float) -> bool:
    """Is ``p`` inside zone ``ob`` or nearer to it than ``margin``?"""
    x0, y0, x1, y1 = ob.bbox
    if not (x0 - margin <= p[0] <= x1 + margin and y0 - margin <= p[1] <= y1 + margin):
        return False
    for poly in ob.fills:
        if point_in_polygon(p, poly) or _near_ring(p, poly, margin):
            return True
    return any(_near_ring(p, line, half + margin, closed=False) for line, half in ob.strokes)


def _near_ring(p: Point, ring: Sequence[Point], dist: float, closed: bool = True) -> bool:
    """Is ``p`` within ``dist`` of the polyline (closed: a ring)?"""
    pts = list(ring) + ([ring[0]] if closed else [])
    for a, b in itertools.pairwise(pts):
        dx, dy = b[0] - a[0], b[1] - a[1]
        t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy or 1e-12)))
        if (a[0] + t * dx - p[0]) ** 2 + (a[1] + t * dy - p[1]) ** 2 < dist * dist:
            return True
    return False


class FootObstacles:
    """The zones of one foot on one view, placed on the page by ``to_page``."""

    def __init__(self, view: View, zone_ids: Iterable[str], to_page: Callable[[Point], Point], length: float):
        # a number no other foot of this process gets: answers kept for these zones are filed under it, so the
        # tables that keep them (``labels._BEST_ENDS``, ``placement._COLUMNS``) do not keep the foot alive
        self.serial = next(_SERIALS)
        self.obstacles: dict[str, Obstacle] = {}
        self.ends: dict[str, tuple[Point, ...]] = {}
        for zone_id in zone_ids:
            art = view.zones[zone_id]
            fills, strokes, ends = [], [], [to_page(art.anchor)]
            for shape in art.shapes:
                pts = tuple(to_page(p) for p in shape.samples()[::2] or shape.samples())  # coarse is enough
                if shape.kind == "fill":
                    fills.append(pts)
                    cx, cy = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
                    ends += [(cx + INSET * (p[0] - cx), cy + INSET * (p[1] - cy)) for p in pts[::max(1, len(pts) // 8)]]
                else:
                    strokes.append((pts, shape.width * length / 2))
                    ends += _middle_points(pts)
            xs = [p[0] for poly in fills for p in poly] + [p[0] for line, _ in strokes for p in line]
            ys = [p[1] for poly in fills for p in poly] + [p[1] for line, _ in strokes for p in line]
            pad = max((half for _, half in strokes), default=0.0)
            bbox = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
            self.obstacles[zone_id] = Obstacle(zone_id, tuple(fills), tuple(strokes), bbox,
                                               tuple(_ring_box(f) for f in fills))
            self.ends[zone_id] = tuple(dict.fromkeys(ends))
        area = {z: view.zones[z].area for z in self.obstacles}
        self.ends = {z: self._own_ends(z, ends, area) for z, ends in self.ends.items()}
        self._boxes = [(z, ob.bbox, ob) for z, ob in self.obstacles.items()]  # for ``count``, in the same order

    def _own_ends(self, zone_id: str, ends: tuple[Point, ...], area: dict[str, float]) -> tuple[Point, ...]:
        """The end points that lie in no zone drawn over this one (a smaller one), with a margin, so a
        leader never seems to name it (the liver's leader on the gallbladder, the thoracic spine's at the
        lumbar joint); all of them if every one is covered."""
        others = [(ob, ob.bbox[0] - END_MARGIN, ob.bbox[1] - END_MARGIN, ob.bbox[2] + END_MARGIN,
                   ob.bbox[3] + END_MARGIN)
                  for z, ob in self.obstacles.items() if z != zone_id and area[z] <= area[zone_id]]
        # ``covers`` tests the box first too: done here, most zones are passed by without a call
        free = tuple(p for p in ends if not any(x0 <= p[0] <= x1 and y0 <= p[1] <= y1 and covers(ob, p, END_MARGIN)
                                                for ob, x0, y0, x1, y1 in others))
        return free or ends

    def crossed(self, target: str, a: Point, b: Point) -> list[str]:
        """The zones other than ``target`` that the segment ab runs through."""
        return [z for z, ob in self.obstacles.items() if z != target and ob.hit(a, b)]

    def count(self, target: str, a: Point, b: Point, limit: int) -> int:
        """How many zones other than ``target`` the segment ab runs through, counting no further than ``limit``.

        That is ``min(n, max(limit, 1))`` for the true number ``n`` (the first
        zone found is counted whatever the limit). Remembered for the process
        (``_COUNTED``): feet are shared by charts of other goal sets
        (``placement.foot_obstacles``), and their labels try the same
        leaders again; over 300 sheets of a batch, 163,574 questions had
        29,397 different ones. An answer cut short at its limit is kept as
        "at least that many", which answers any lower limit.
        """
        cap = limit if limit > 1 else 1
        key = (self, target, a, b)
        known = _COUNTED.get(key)
        if known is not None:
            if known >= 0:
                return known if known < cap else cap
            if cap <= -known:
                return cap
        found = self._count(target, a, b, limit)
        if len(_COUNTED) >= COUNTED_LIMIT:
            _COUNTED.clear()
        _COUNTED[key] = found if found < cap else -found
        return found

    def _count(self, target: str, a: Point, b: Point, limit: int) -> int:
        """``count`` worked out: the box test is made once per zone, before any shape is looked at (most zones'
        boxes are nowhere near the segment)."""
        lo_x, hi_x = (a[0], b[0]) if a[0] <= b[0] else (b[0], a[0])
        lo_y, hi_y = (a[1], b[1]) if a[1] <= b[1] else (b[1], a[1])
        found = 0
        for zone_id, (x0, y0, x1, y1), ob in self._boxes:
            if hi_x < x0 or lo_x > x1 or hi_y < y0 or lo_y > y1 or zone_id == target:
                continue
            if ob._hit_inside(a, b, lo_x, hi_x, lo_y, hi_y):
                found += 1
                if found >= limit:
                    break
        return found


_SERIALS = itertools.count()  # ``FootObstacles.serial``
# (feet, target zone, a, b) -> the zones ab crosses; negative: at least that many (the count stopped at its limit)
_COUNTED: dict[tuple[object, ...], int] = {}
# answers kept (about 120 bytes each, 16 MB at most); all go when full. At 16,384 they went every 200 sheets or so
# of a varied batch and placing a new goal set's labels took 7 ms, against 4 ms with room for a batch's worth
COUNTED_LIMIT = 131072
