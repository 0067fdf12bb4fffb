"""Which zones a leader line runs through, and where on its zone it may end.

A leader that crosses three zones on its way makes a reader guess which one
it names. The label layout asks this module how many other zones a straight
leader would cross, and offers it several end points inside each zone (near
its edges as well as its centre) so the leader can stop at the side facing
its label. Everything is in page coordinates for one foot on one view. Pure
geometry, no ReportLab.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from handouts.charts.geometry import Point, View, point_in_polygon
from handouts.charts.labels import segments_cross

INSET = 0.6  # end points sit this far from a shape's centre towards its edge


@dataclass(frozen=True)
class Obstacle:
    """One zone's shapes on the page: filled polygons and stroked polylines with half their width."""

    zone: str
    fills: tuple[tuple[Point, ...], ...]
    strokes: tuple[tuple[tuple[Point, ...], float], ...]
    bbox: tuple[float, float, float, float]

    def hit(self, a: Point, b: Point) -> bool:
        """Does the segment ab enter this zone?"""
        x0, y0, x1, y1 = self.bbox
        if max(a[0], b[0]) < x0 or min(a[0], b[0]) > x1 or max(a[1], b[1]) < y0 or min(a[1], b[1]) > y1:
            return False
        for poly in self.fills:
            if point_in_polygon(a, poly) or point_in_polygon(b, poly):
                return True
            if any(segments_cross(a, b, poly[i - 1], poly[i]) for i in range(len(poly))):
                return True
        return any(
            _segment_distance(a, b, line[i - 1], line[i]) < half
            for line, half in self.strokes for i in range(1, len(line))
        )


def _point_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _segment_distance(a: Point, b: Point, c: Point, d: Point) -> float:
    if segments_cross(a, b, c, d):
        return 0.0
    return min(_point_segment(a, c, d), _point_segment(b, c, d), _point_segment(c, a, b), _point_segment(d, a, b))


class FootObstacles:
    """The zones of one foot on one view, placed on the page by ``to_page``."""

    def __init__(self, view: View, zone_ids: Iterable[str], to_page: Callable[[Point], Point], length: float):
        self.obstacles: dict[str, Obstacle] = {}
        self.ends: dict[str, tuple[Point, ...]] = {}
        for zone_id in zone_ids:
            art = view.zones[zone_id]
            fills, strokes, ends = [], [], [to_page(art.anchor)]
            for shape in art.shapes:
                pts = tuple(to_page(p) for p in shape.samples())
                if shape.kind == "fill":
                    fills.append(pts)
                    cx, cy = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
                    ends += [(cx + INSET * (p[0] - cx), cy + INSET * (p[1] - cy)) for p in pts[::max(1, len(pts) // 8)]]
                else:
                    strokes.append((pts, shape.width * length / 2))
                    ends += [*list(pts[::max(1, len(pts) // 6)]), pts[-1]]
            xs = [p[0] for poly in fills for p in poly] + [p[0] for line, _ in strokes for p in line]
            ys = [p[1] for poly in fills for p in poly] + [p[1] for line, _ in strokes for p in line]
            pad = max((half for _, half in strokes), default=0.0)
            bbox = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
            self.obstacles[zone_id] = Obstacle(zone_id, tuple(fills), tuple(strokes), bbox)
            self.ends[zone_id] = tuple(dict.fromkeys(ends))

    def crossed(self, target: str, a: Point, b: Point) -> list[str]:
        """The zones other than ``target`` that the segment ab runs through."""
        return [z for z, ob in self.obstacles.items() if z != target and ob.hit(a, b)]


def count_crossings(leaders: Sequence[tuple[FootObstacles, str, Point, Point]]) -> int:
    """Zones crossed by all these leaders together: the number the layout tries to keep small."""
    return sum(len(obs.crossed(zone, a, b)) for obs, zone, a, b in leaders)
