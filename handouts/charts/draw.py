"""The foot chart component: vector drawing of feet, zones and labels.

One flowable serves the routine sheet, the poster and the brochure at any size.
It draws straight on the canvas (measurably cheaper than building a
``reportlab.graphics`` Drawing) and puts the part that never changes for a
given view and size (the outline, the quiet zone colours, guide lines) in a
Form XObject, drawn once per PDF and reused on every page and client.
Highlighted zones are drawn on top in the clinic's accent colour, clipped to
the foot so nothing spills over the outline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handouts.catalog.models import Zone
from handouts.charts.geometry import Bezier, ChartSet, Point, View
from handouts.charts.labels import LabelRequest, PlacedLabel, place_column
from handouts.render.fonts import BOLD, REGULAR
from handouts.render.theme import INK, MUTED, Theme, mix

SKIN = HexColor("#fcf3ea")
OUTLINE = HexColor("#8a6f58")
DETAIL = HexColor("#c9b29c")
GUIDE = HexColor("#a99682")

SYSTEM_COLOURS: dict[str, Color] = {
    "head": HexColor("#a99bd3"),
    "chest": HexColor("#e59a9a"),
    "digestion": HexColor("#e8c95a"),
    "urinary": HexColor("#8fbfe3"),
    "reproductive": HexColor("#d49ac0"),
    "spine-joints": HexColor("#9cc98f"),
    "lymph": HexColor("#7fbfb8"),
}
QUIET = 0.45  # how much of a system colour shows in the quiet base layer

SIDES = ("left", "right")
LABEL_MODES = ("all", "highlighted", "numbers", "none")


@dataclass(frozen=True)
class FootBox:
    """Where one foot's frame lands on the page; the left foot is mirrored."""

    x: float
    y: float
    w: float
    h: float
    mirror: bool

    def map(self, pt: Point) -> Point:
        fx = 1.0 - pt[0] if self.mirror else pt[0]
        return (self.x + fx * self.w, self.y + pt[1] * self.h)

    @property
    def length(self) -> float:
        """The foot's long dimension, which stroke widths are measured against."""
        return max(self.w, self.h)


def _trace(path, segments: Sequence[Bezier], box: FootBox, closed: bool) -> None:
    first = True
    for p0, c1, c2, p3 in segments:
        if first:
            path.moveTo(*box.map(p0))
            first = False
        path.curveTo(*box.map(c1), *box.map(c2), *box.map(p3))
    if closed:
        path.close()


def _outline_path(canv: Canvas, view: View, box: FootBox):
    path = canv.beginPath()
    for part in view.outline:
        _trace(path, part, box, closed=True)
    return path


def _zone_on_side(zone: Zone, side: str) -> bool:
    return zone.foot in ("both", side)


def _fill_zone(canv: Canvas, view: View, zone_id: str, box: FootBox, colour: Color, edge: Color | None) -> None:
    art = view.zones[zone_id]
    for shape in art.shapes:
        path = canv.beginPath()
        if shape.kind == "fill":
            _trace(path, shape.segments, box, closed=True)
            canv.setFillColor(colour)
            if edge is not None:
                canv.setStrokeColor(edge)
                canv.setLineWidth(0.5)
            canv.drawPath(path, stroke=1 if edge is not None else 0, fill=1)
        else:
            _trace(path, shape.segments, box, closed=False)
            canv.setStrokeColor(colour)
            canv.setLineWidth(shape.width * box.length)
            canv.drawPath(path, stroke=1, fill=0)


def draw_base(
    canv: Canvas, view: View, zones: Mapping[str, Zone], side: str, box: FootBox, guides: bool = True
) -> None:
    """The quiet layer: outline, zones in soft system colours, guides, details."""
    outline = _outline_path(canv, view, box)
    # Stroke first, then fill each part: the fills hide the strokes where parts overlap,
    # leaving one clean outline around sole and toes together.
    canv.setLineJoin(1)
    canv.setLineCap(1)
    canv.setStrokeColor(OUTLINE)
    canv.setLineWidth(max(0.8, box.length * 0.006) * 2)
    canv.drawPath(outline, stroke=1, fill=0)
    canv.setFillColor(SKIN)
    canv.drawPath(outline, stroke=0, fill=1)
    canv.saveState()
    canv.clipPath(_outline_path(canv, view, box), stroke=0, fill=0)
    for zone_id in view.zones:
        zone = zones.get(zone_id)
        if zone is None or not _zone_on_side(zone, side):
            continue
        _fill_zone(canv, view, zone_id, box, mix(SYSTEM_COLOURS[zone.system], SKIN, QUIET), None)
    canv.setStrokeColor(DETAIL)
    canv.setLineWidth(max(0.4, box.length * 0.0025))
    for detail in view.details:
        path = canv.beginPath()
        _trace(path, detail, box, closed=False)
        canv.drawPath(path, stroke=1, fill=0)
    if guides:
        canv.setStrokeColor(GUIDE)
        canv.setLineWidth(0.5)
        canv.setDash(2, 2)
        for guide in view.guides:
            path = canv.beginPath()
            path.moveTo(*box.map(guide.points[0]))
            for pt in guide.points[1:]:
                path.lineTo(*box.map(pt))
            canv.drawPath(path, stroke=1, fill=0)
        canv.setDash()
    canv.restoreState()


def draw_highlights(
    canv: Canvas, view: View, zone_ids: Iterable[str], box: FootBox, accent: Color
) -> None:
    """This client's zones in the accent colour, clipped to the foot."""
    ids = [z for z in zone_ids if z in view.zones]
    if not ids:
        return
    canv.saveState()
    canv.clipPath(_outline_path(canv, view, box), stroke=0, fill=0)
    edge = mix(accent, HexColor("#000000"), 0.7)
    deep = mix(accent, HexColor("#000000"), 0.72)
    # Largest first, so small points (pituitary in the brain area) stay visible on top,
    # in a deeper shade of the accent where they sit on another highlighted zone.
    ids.sort(key=lambda z: -view.zones[z].area)
    drawn: list[str] = []
    for zone_id in ids:
        nested = any(view.zones[z].covers(view.zones[zone_id].anchor) for z in drawn)
        _fill_zone(canv, view, zone_id, box, deep if nested else accent, edge)
        drawn.append(zone_id)
    canv.restoreState()


def base_form(canv: Canvas, view: View, zones: Mapping[str, Zone], side: str, w: float, h: float,
              guides: bool) -> str:
    """Name of the Form XObject holding the base layer; defined on first use in this PDF."""
    name = f"foot_{view.name}_{side}_{round(w * 10)}x{round(h * 10)}_{'g' if guides else 'n'}"
    defined: set[str] = canv.__dict__.setdefault("_handouts_forms", set())
    if name not in defined:
        pad = 6.0
        canv.beginForm(name, -pad, -pad, w + pad, h + pad)
        # The form's drawing operators depend only on the geometry, the zones' systems and
        # the size, so they are computed once per process and replayed into each new PDF.
        key = (name, id(view), tuple((z, zones[z].foot, zones[z].system) for z in view.zones if z in zones))
        code = _FORM_CODE.get(key)
        if code is None:
            start = len(canv._code)
            draw_base(canv, view, zones, side, FootBox(0, 0, w, h, side == "left"), guides)
            _FORM_CODE[key] = list(canv._code[start:])
        else:
            canv._code.extend(code)
        canv.endForm()
        defined.add(name)
    return name


_FORM_CODE: dict[tuple[object, ...], list[str]] = {}


@dataclass(frozen=True)
class Row:
    """One view drawn for both feet, with its label columns."""

    view: View
    boxes: dict[str, FootBox]
    columns: dict[str, tuple[float, float, float, float]]
    caption_y: float


class FootChart(Flowable):
    """Both feet in one or more views, zones coloured, this client's highlighted."""

    def __init__(
        self,
        charts: ChartSet,
        zones: Mapping[str, Zone],
        theme: Theme,
        *,
        views: Sequence[str] = ("plantar",),
        highlight: Mapping[str, Iterable[str]] | None = None,
        labels: str = "highlighted",
        width: float,
        height: float,
        captions: Mapping[str, str] | None = None,
        guides: bool = True,
        label_size: float = 7.5,
        resting: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        missing = [v for v in views if v not in charts.views]
        if missing:
            raise ValueError(f"no chart geometry for view '{missing[0]}'; known: {', '.join(charts.views)}")
        if labels not in LABEL_MODES:
            raise ValueError(f"labels must be one of {', '.join(LABEL_MODES)}")
        self.charts = charts
        self.zones = zones
        self.theme = theme
        self.views = tuple(views)
        self.highlight = {z: frozenset(f) for z, f in (highlight or {}).items()}
        self.labels = labels
        self.width = width
        self.height = height
        self.captions = dict(captions or {})
        self.guides = guides
        self.label_size = label_size
        self.resting = resting
        self.drawn_at: tuple[int, float, float] | None = None  # page, x, y of the origin once drawn
        self._placed: list[PlacedLabel] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    # -- layout -----------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        """Split the height between views and place both feet and their label columns."""
        caption_h = 11.0
        gap_rows = 4 * mm
        weights = [1.0 / max(self.charts.views[v].aspect, 0.25) for v in self.views]
        usable = self.height - gap_rows * (len(self.views) - 1) - caption_h * len(self.views)
        rows: list[Row] = []
        top = self.height
        for view_name, weight in zip(self.views, weights, strict=True):
            view = self.charts.views[view_name]
            row_h = usable * weight / sum(weights)
            foot_h = row_h
            foot_w = foot_h * view.aspect
            between = max(6 * mm, self.width * 0.04)
            label_min = self.width * 0.22 if self.labels in ("all", "highlighted") else 4 * mm
            if 2 * foot_w + between + 2 * label_min > self.width:  # too wide: shrink the feet
                foot_w = (self.width - between - 2 * label_min) / 2
                foot_h = foot_w / view.aspect
            y = top - row_h + (row_h - foot_h) / 2
            cx = self.width / 2
            boxes = {
                "left": FootBox(cx - between / 2 - foot_w, y, foot_w, foot_h, True),
                "right": FootBox(cx + between / 2, y, foot_w, foot_h, False),
            }
            margin = 3 * mm
            columns = {
                "left": (0.0, top - row_h - caption_h * 0.5, boxes["left"].x - margin, top),
                "right": (boxes["right"].x + foot_w + margin, top - row_h - caption_h * 0.5, self.width, top),
            }
            rows.append(Row(view, boxes, columns, top - row_h - caption_h + 2))
            top -= row_h + caption_h + gap_rows
        return rows

    def zone_point(self, view: str, side: str, zone_id: str, centre: bool = False) -> tuple[float, float]:
        """Where a zone's label anchor (or the centre of its first shape) lands on the page."""
        if self.drawn_at is None:
            raise RuntimeError("the chart has not been drawn yet")
        row = next(r for r in self.rows() if r.view.name == view)
        art = row.view.zones[zone_id]
        x, y = row.boxes[side].map(art.shapes[0].centroid() if centre else art.anchor)
        return self.drawn_at[1] + x, self.drawn_at[2] + y

    def _label_text(self, zone_id: str) -> str:
        return self.zones[zone_id].name

    def _wanted(self, view: View, side: str) -> list[str]:
        if self.labels == "none":
            return []
        out = []
        for zone_id in view.zones:
            zone = self.zones.get(zone_id)
            if zone is None or not _zone_on_side(zone, side):
                continue
            if self.labels == "highlighted" and side not in self.highlight.get(zone_id, ()):
                continue
            out.append(zone_id)
        return out

    def place_labels(self) -> list[tuple[str, str, PlacedLabel]]:
        """Every label as (view, side, placed label); used for drawing and by the tests."""
        placed: list[tuple[str, str, PlacedLabel]] = []
        if self.labels in ("numbers", "none"):
            return placed
        for row in self.rows():
            for side in SIDES:
                box = row.boxes[side]
                requests = [
                    LabelRequest(z, self._label_text(z), box.map(row.view.zones[z].anchor))
                    for z in self._wanted(row.view, side)
                ]
                for label in place_column(requests, row.columns[side], side,
                                          lambda s, size: stringWidth(s, REGULAR, size), size=self.label_size):
                    placed.append((row.view.name, side, label))
        return placed

    # -- drawing ----------------------------------------------------------------------------
    def draw(self) -> None:
        canv = self.canv
        matrix = canv._currentMatrix  # translations only: platypus places flowables by translating
        self.drawn_at = (canv.getPageNumber(), matrix[4], matrix[5])
        accent = self.theme.accent
        rows = self.rows()
        for row in rows:
            for side in SIDES:
                box = row.boxes[side]
                name = base_form(canv, row.view, self.zones, side, box.w, box.h, self.guides)
                canv.saveState()
                canv.translate(box.x, box.y)
                canv.doForm(name)
                canv.restoreState()
                lit = [z for z, feet in self.highlight.items() if side in feet]
                draw_highlights(canv, row.view, lit, box, accent)
                caption = self.captions.get(f"{row.view.name}_{side}") or self.captions.get(side)
                if side in self.resting:
                    self._veil(box)
                    caption = f"{caption} ({self.captions.get('rest', 'rest')})"
                if caption:
                    canv.setFont(BOLD, 7.5)
                    canv.setFillColor(MUTED)
                    canv.drawCentredString(box.x + box.w / 2, row.caption_y, caption)
        for _view, _side, label in self.place_labels():
            self._draw_label(label)
        if self.labels == "numbers":
            self._draw_numbers(rows)

    def _veil(self, box: FootBox) -> None:
        """Fade a foot that must rest (injury, infection) so nobody works it by mistake."""
        canv = self.canv
        canv.saveState()
        canv.setFillColor(white)
        canv.setFillAlpha(0.7)
        canv.rect(box.x - 3, box.y - 3, box.w + 6, box.h + 6, stroke=0, fill=1)
        canv.restoreState()

    def _draw_label(self, label: PlacedLabel) -> None:
        canv = self.canv
        lit = any(label.key == z for z in self.highlight)
        colour = mix(self.theme.accent, INK, 0.75) if lit else INK
        canv.setStrokeColor(MUTED)
        canv.setLineWidth(0.4)
        canv.line(*label.leader_start, *label.anchor)
        canv.setFillColor(MUTED)
        canv.circle(*label.anchor, 0.9, stroke=0, fill=1)
        canv.setFillColor(colour)
        canv.setFont(BOLD if lit else REGULAR, label.size)
        leading = label.size * 1.18
        y = label.box[3] - label.size
        for line in label.lines:
            if label.align == "right":
                canv.drawRightString(label.box[2], y, line)
            else:
                canv.drawString(label.box[0], y, line)
            y -= leading

    def number_of(self) -> dict[str, int]:
        """Marker numbers for ``labels="numbers"``: one per zone, in catalog order."""
        order = [z for z in self.zones if any(z in self.charts.views[v].zones for v in self.views)]
        return {z: i + 1 for i, z in enumerate(order)}

    def _draw_numbers(self, rows: list[Row]) -> None:
        canv = self.canv
        numbers = self.number_of()
        radius = 4.2
        for row in rows:
            for side in SIDES:
                box = row.boxes[side]
                for zone_id in row.view.zones:
                    zone = self.zones.get(zone_id)
                    if zone is None or not _zone_on_side(zone, side):
                        continue
                    x, y = box.map(row.view.zones[zone_id].anchor)
                    lit = side in self.highlight.get(zone_id, ())
                    canv.setFillColor(self.theme.accent if lit else white)
                    canv.setStrokeColor(OUTLINE)
                    canv.setLineWidth(0.4)
                    canv.circle(x, y, radius, stroke=1, fill=1)
                    canv.setFillColor(white if lit else INK)
                    canv.setFont(BOLD, 5.2)
                    canv.drawCentredString(x, y - 1.8, str(numbers[zone_id]))
