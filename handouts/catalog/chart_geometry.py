"""Foot chart geometry as data: outlines, guide lines and zone shapes per view.

Coordinates live in a normalised frame so that the same numbers serve every
size and both feet:

* plantar and dorsal views: ``x`` runs from the medial edge (0, big toe side)
  to the lateral edge (1, little toe side); ``y`` from the back of the heel (0)
  to the tip of the longest toe (1).
* medial and lateral views: ``x`` runs from the back of the heel (0) to the toe
  tip (1); ``y`` from the floor (0) to the top of the drawing (1).

Each file describes one foot as it appears on the page and names, with ``mirror``,
the foot drawn as its mirror image (docs/charts.md has the whole convention).
Sole and top views are numbers for the right foot (``mirror: left``). A side
view drawn as its numbers say has the heel on the left and the toes pointing
right: the right foot's outer edge, but the left foot's inner edge (the inner
and outer edges of one foot face opposite ways), so medial.yaml says ``mirror:
right``. Each zone's ``foot`` (from the catalog) decides on which foot it
appears. Curves are given as a few points and drawn as smooth closed (or open)
Catmull-Rom splines, turned here once into cubic Béziers. Pure Python: no ReportLab.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.errors import CatalogError, HandoutsError, unknown_id
from handouts.files.paths import display_path

if TYPE_CHECKING:  # YAML is read only when the catalog is not in the store (catalog.stored)
    from handouts.catalog.source import YamlSource

Point = tuple[float, float]
Bezier = tuple[Point, Point, Point, Point]

VIEWS = ("plantar", "medial", "lateral", "dorsal")
CHART_DIR = "charts"


def catmull_rom(points: Sequence[Point], closed: bool, tension: float = 0.5) -> list[Bezier]:
    """Cubic Bézier segments of a smooth curve through ``points``.

    A centripetal-free uniform Catmull-Rom with the usual 1/6 handle rule is
    plenty for hand-placed control points and keeps the data easy to edit.
    """
    pts = list(points)
    n = len(pts)
    if n < 2:
        return []
    segments: list[Bezier] = []
    count = n if closed else n - 1
    k = tension / 3.0
    for i in range(count):
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[i]
        p1 = pts[i]
        p2 = pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else p2
        c1 = (p1[0] + (p2[0] - p0[0]) * k, p1[1] + (p2[1] - p0[1]) * k)
        c2 = (p2[0] - (p3[0] - p1[0]) * k, p2[1] - (p3[1] - p1[1]) * k)
        segments.append((p1, c1, c2, p2))
    return segments


def ellipse_beziers(cx: float, cy: float, rx: float, ry: float) -> list[Bezier]:
    """Four Béziers approximating an ellipse (the standard kappa construction)."""
    kappa = 0.5522847498
    ox, oy = rx * kappa, ry * kappa
    return [
        ((cx + rx, cy), (cx + rx, cy + oy), (cx + ox, cy + ry), (cx, cy + ry)),
        ((cx, cy + ry), (cx - ox, cy + ry), (cx - rx, cy + oy), (cx - rx, cy)),
        ((cx - rx, cy), (cx - rx, cy - oy), (cx - ox, cy - ry), (cx, cy - ry)),
        ((cx, cy - ry), (cx + ox, cy - ry), (cx + rx, cy - oy), (cx + rx, cy)),
    ]


def flatten(segments: Iterable[Bezier], steps: int = 8) -> list[Point]:
    """Sample Bézier segments into a polyline (for hit tests and bounding boxes)."""
    out: list[Point] = []
    for p0, p1, p2, p3 in segments:
        for s in range(steps):
            t = s / steps
            mt = 1 - t
            a, b, c, d = mt**3, 3 * mt * mt * t, 3 * mt * t * t, t**3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def signed_area(poly: Sequence[Point]) -> float:
    """Shoelace area: positive for counter-clockwise polygons."""
    return 0.5 * sum(
        poly[i][0] * poly[(i + 1) % len(poly)][1] - poly[(i + 1) % len(poly)][0] * poly[i][1]
        for i in range(len(poly))
    )


def counter_clockwise(segments: list[Bezier]) -> list[Bezier]:
    """The same closed curve, running counter-clockwise.

    Outline parts (sole and toes) must all turn the same way, or the nonzero
    fill rule would punch holes where a toe overlaps the sole in the clip path.
    """
    if signed_area(flatten(segments, 4)) >= 0:
        return segments
    return [(p3, c2, c1, p0) for p0, c1, c2, p3 in reversed(segments)]


def point_in_polygon(pt: Point, poly: Sequence[Point]) -> bool:
    """Even-odd ray test; good enough for the simple closed curves we draw."""
    x, y = pt
    inside = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


@dataclass(frozen=True)
class Shape:
    """One piece of a zone: a filled closed curve or a stroked open line."""

    kind: str  # "fill" or "stroke"
    segments: tuple[Bezier, ...]
    width: float = 0.0  # stroke width in frame units (fraction of foot length)

    @cached_property
    def _points(self) -> tuple[Point, ...]:
        pts = flatten(self.segments)
        if self.kind == "stroke" and self.segments:
            pts.append(self.segments[-1][3])
        return tuple(pts)

    def samples(self) -> list[Point]:
        """Points along the shape's curve (computed once; geometry never changes)."""
        return list(self._points)

    def centroid(self) -> Point:
        pts = self.samples()
        if self.kind == "stroke":
            return pts[len(pts) // 2]
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


@dataclass(frozen=True)
class ZoneArt:
    """Where a catalog zone is drawn on one view."""

    zone: str
    shapes: tuple[Shape, ...]
    anchor: Point  # where a label's leader line points to

    @cached_property
    def area(self) -> float:
        """Rough area in frame units (strokes count as thin bands)."""
        total = 0.0
        for shape in self.shapes:
            pts = shape.samples()
            if shape.kind == "fill":
                total += abs(signed_area(pts))
            else:
                total += shape.width * sum(distance(a, b) for a, b in itertools.pairwise(pts))
        return total

    def covers(self, pt: Point) -> bool:
        """Is ``pt`` inside one of the filled shapes?"""
        return any(s.kind == "fill" and point_in_polygon(pt, s.samples()) for s in self.shapes)


@dataclass(frozen=True)
class Guide:
    """A transverse guide line (shoulder, diaphragm, waist, heel)."""

    id: str
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class View:
    """One view of the foot: outline parts, guides and zones, in the foot frame."""

    name: str
    aspect: float  # drawn width / drawn height of the frame
    outline: tuple[tuple[Bezier, ...], ...]  # closed parts: sole body, toes, ...
    details: tuple[tuple[Bezier, ...], ...]  # open strokes drawn faintly (nails, ankle bone)
    guides: tuple[Guide, ...]
    zones: dict[str, ZoneArt]
    polygons: tuple[tuple[Point, ...], ...] = field(default=())
    mirror: str = "left"  # the foot drawn as the mirror image of the frame

    def mirrored(self, side: str) -> bool:
        """Is ``side``'s foot drawn as the mirror image of the frame on this view?"""
        return side == self.mirror

    def toes_point(self, side: str) -> str:
        """Which way ("left" or "right" on the page) the toes of a side view point for ``side``'s foot."""
        return "left" if self.mirrored(side) else "right"

    def contains(self, pt: Point, margin: float = 0.0) -> bool:
        """Is ``pt`` inside the outline (any part)?"""
        if any(point_in_polygon(pt, poly) for poly in self.polygons):
            return True
        if margin <= 0:
            return False
        return any(point_in_polygon((pt[0] + dx, pt[1] + dy), poly) for poly in self.polygons
                   for dx, dy in ((margin, 0), (-margin, 0), (0, margin), (0, -margin)))


@dataclass(frozen=True)
class ChartSet:
    """All views that the data defines."""

    views: dict[str, View]
    digest: str = ""  # names the data and code it came from (``catalog.stored``); "" for a set made otherwise
    geometry: str = ""  # the views' own hash (``catalog.stored``): what label layouts are kept under

    def views_of(self, zone_id: str) -> list[str]:
        return [name for name, view in self.views.items() if zone_id in view.zones]

    def auto_views(self, zones: Iterable[str]) -> list[str]:
        """The views a chart of ``zones`` draws: the soles, plus the first view of each zone the soles lack.

        One rule for the chart's ``views="auto"`` and for the caption that names what is drawn.
        """
        views = ["plantar"]
        for zone in zones:
            where = self.views_of(zone)
            if where and "plantar" not in where and where[0] not in views:
                views.append(where[0])
        return views


def _points(value: Any, where: str) -> list[Point]:
    if not isinstance(value, list) or len(value) < 2:
        raise ValueError(f"{where}: expected a list of at least two [x, y] points")
    out = []
    for p in value:
        if not (isinstance(p, list) and len(p) == 2 and all(isinstance(v, int | float) for v in p)):
            raise ValueError(f"{where}: each point must be [x, y] with numbers, got {p!r}")
        out.append((float(p[0]), float(p[1])))
    return out


def _shape(spec: Any) -> Shape:
    if not isinstance(spec, dict) or len(spec) not in (1, 2):
        raise ValueError("a shape is one of: ellipse: [cx, cy, rx, ry], blob: [points], line: [points] (+ width)")
    if "ellipse" in spec:
        e = spec["ellipse"]
        if not (isinstance(e, list) and len(e) == 4 and all(isinstance(v, int | float) for v in e)):
            raise ValueError("ellipse: expected [cx, cy, rx, ry]")
        return Shape("fill", tuple(ellipse_beziers(*map(float, e))))
    if "blob" in spec:
        return Shape("fill", tuple(catmull_rom(_points(spec["blob"], "blob"), closed=True)))
    if "line" in spec:
        width = spec.get("width", 0.03)
        if not isinstance(width, int | float) or width <= 0:
            raise ValueError("line width must be a positive number")
        return Shape("stroke", tuple(catmull_rom(_points(spec["line"], "line"), closed=False)), float(width))
    raise ValueError(f"unknown shape '{next(iter(spec))}': use ellipse, blob or line")


def _parse_zones(src: YamlSource, zone_ids: dict[str, Any], report: Callable[[HandoutsError], None]
                 ) -> dict[str, ZoneArt]:
    """The ``zones`` list of a view file: each catalog zone once, with its shapes and label anchor."""
    data = src.data

    def fail(message: str, path: tuple[Any, ...], fld: str) -> None:
        report(CatalogError(message, file=src.file, line=src.line_of(path), field=fld))

    zones: dict[str, ZoneArt] = {}
    for i, z in enumerate(data.get("zones") or []):
        zone_id = z.get("zone") if isinstance(z, dict) else None
        if zone_id not in zone_ids:
            report(unknown_id("zone", str(zone_id), zone_ids, file=src.file, line=src.line_of(("zones", i, "zone")),
                              field=f"zones[{i}].zone"))
            continue
        if zone_id in zones:
            fail(f"zone '{zone_id}' is drawn twice on this view; list all its shapes under one entry",
                 ("zones", i, "zone"), f"zones[{i}].zone")
            continue
        shapes = []
        for j, spec in enumerate(z.get("shapes") or []):
            try:
                shapes.append(_shape(spec))
            except ValueError as exc:
                fail(str(exc), ("zones", i, "shapes", j), f"{zone_id}.shapes[{j}]")
        if not shapes:
            fail("a zone needs at least one shape", ("zones", i), f"{zone_id}.shapes")
            continue
        anchor = z.get("anchor")
        if anchor is not None:
            try:
                anchor_pt = _points([anchor, anchor], "anchor")[0]
            except ValueError as exc:
                fail(str(exc), ("zones", i, "anchor"), f"{zone_id}.anchor")
                continue
        else:
            anchor_pt = shapes[0].centroid()
        zones[zone_id] = ZoneArt(zone_id, tuple(shapes), anchor_pt)
    return zones


def _parse_view(src: YamlSource, zone_ids: dict[str, Any], report: Callable[[HandoutsError], None]) -> View | None:
    data = src.data
    if not isinstance(data, dict):
        report(CatalogError("expected a mapping with view, aspect, outline and zones", file=src.file, line=1))
        return None

    def fail(message: str, path: tuple[Any, ...], fld: str) -> None:
        report(CatalogError(message, file=src.file, line=src.line_of(path), field=fld))

    name = data.get("view")
    if name not in VIEWS:
        fail(f"view must be one of {', '.join(VIEWS)}", ("view",), "view")
        return None
    aspect = data.get("aspect")
    if not isinstance(aspect, int | float) or not 0.1 <= aspect <= 4:
        fail("aspect must be a number between 0.1 and 4 (drawn width / height)", ("aspect",), "aspect")
        return None
    mirror = data.get("mirror", "left")
    if mirror not in ("left", "right"):
        fail("mirror must be left or right: the foot drawn as the mirror image of these numbers",
             ("mirror",), "mirror")
        return None
    outline: list[tuple[Bezier, ...]] = []
    for i, part in enumerate(data.get("outline") or []):
        try:
            outline.append(tuple(counter_clockwise(catmull_rom(_points(part, "outline"), closed=True))))
        except ValueError as exc:
            fail(str(exc), ("outline", i), f"outline[{i}]")
    if not outline:
        fail("at least one closed outline part is required", ("outline",), "outline")
        return None
    details: list[tuple[Bezier, ...]] = []
    for i, part in enumerate(data.get("details") or []):
        try:
            details.append(tuple(catmull_rom(_points(part, "details"), closed=False)))
        except ValueError as exc:
            fail(str(exc), ("details", i), f"details[{i}]")
    guides: list[Guide] = []
    for i, g in enumerate(data.get("guides") or []):
        try:
            guides.append(Guide(str(g["id"]), str(g["name"]), tuple(_points(g["line"], "guide line"))))
        except (KeyError, TypeError, ValueError) as exc:
            fail(f"a guide needs id, name and line: {exc}", ("guides", i), f"guides[{i}]")
    zones = _parse_zones(src, zone_ids, report)
    polygons = tuple(tuple(flatten(part, 12)) for part in outline)
    return View(name, float(aspect), tuple(outline), tuple(details), tuple(guides), zones, polygons, mirror)


def load_charts(
    data_dirs: Sequence[Path],
    zones: dict[str, Any],
    report: Callable[[HandoutsError], None],
) -> ChartSet:
    """Read ``charts/<view>.yaml`` from the highest-priority folder that has it.

    A view file replaces the lower layer's file whole: geometry is drawn as a
    unit and half of one outline with half of another makes no sense.
    """
    from handouts.catalog.source import load_yaml

    views: dict[str, View] = {}
    for view in VIEWS:
        for folder in reversed(list(data_dirs)):
            path = folder / CHART_DIR / f"{view}.yaml"
            if path.is_file():
                try:
                    parsed = _parse_view(load_yaml(path, display_path(path)), zones, report)
                except HandoutsError as exc:
                    report(exc)
                    parsed = None
                if parsed is not None:
                    views[view] = parsed
                break
    return ChartSet(views)


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def zone_numbers(zones: Mapping[str, Any], charts: ChartSet, views: Sequence[str]) -> dict[str, int]:
    """Zones drawn on these views, counted in catalog order (how many lines a numbered legend needs).

    The numbers a chart prints come from its ``Numbering``, in reading order.
    """
    drawn = [z for z in zones if any(z in charts.views[v].zones for v in views if v in charts.views)]
    return {z: i + 1 for i, z in enumerate(drawn)}
