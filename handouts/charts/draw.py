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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import Flowable

from handouts.catalog.models import Zone
from handouts.charts.geometry import Bezier, ChartSet, Point, View
from handouts.charts.labels import PlacedLabel
from handouts.charts.obstacles import FootObstacles
from handouts.charts.placement import (
    PLACEHOLDER,
    PRINT_MIN,
    Numbering,
    Placed,
    caption_box,
    caption_text,
    legend_layout,
    place_all,
    text_floor,
    two_line_width,
)
from handouts.render.fonts import BOLD, ITALIC, REGULAR
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
NESTED = 0.3  # how much more of it shows on a zone that lies inside a bigger zone of the same colour

SIDES = ("left", "right")
LABEL_MODES = ("all", "highlighted", "numbers", "none")


@dataclass(frozen=True)
class FootBox:
    """Where one foot's frame lands on the page; ``mirror`` draws the frame's mirror image (the view decides)."""

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


_OUTLINE_PATHS: dict[tuple[int, FootBox], PDFPathObject] = {}


def _outline_path(canv: Canvas, view: View, box: FootBox) -> PDFPathObject:
    """The outline as a path at ``box``; cached, since sheets put the chart at the same place."""
    key = (id(view), box)
    path = _OUTLINE_PATHS.get(key)
    if path is None:
        if len(_OUTLINE_PATHS) > 256:
            _OUTLINE_PATHS.clear()
        path = canv.beginPath()
        for part in view.outline:
            _trace(path, part, box, closed=True)
        _OUTLINE_PATHS[key] = path
    return path


def _zone_on_side(zone: Zone, side: str) -> bool:
    return zone.foot in ("both", side)


def _fill_zone(canv: Canvas, view: View, zone_id: str, box: FootBox, colour: Color, edge: Color | None) -> None:
    """One zone: fills with a thin edge, strokes as a band with a darker casing, so each stays visible."""
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
            width = shape.width * box.length
            if edge is not None:
                canv.setStrokeColor(edge)
                canv.setLineWidth(width + 1.0)
                canv.drawPath(path, stroke=1, fill=0)
            canv.setStrokeColor(colour)
            canv.setLineWidth(width)
            canv.drawPath(path, stroke=1, fill=0)


def drawing_order(view: View, zone_ids: Iterable[str]) -> list[str]:
    """Largest zones first, so a small zone is never hidden under a big one (gallbladder on the liver)."""
    return sorted(zone_ids, key=lambda z: -view.zones[z].area)


def draw_outline(canv: Canvas, view: View, box: FootBox) -> None:
    """The foot's outline: stroke first, then fill all parts.

    The fill hides the strokes where parts overlap, leaving one clean outline
    around sole and toes together. It must use the nonzero rule (ReportLab's
    default is even-odd, which would punch a hole where a toe overlaps the
    sole); the geometry turns every part the same way for that.
    """
    outline = _outline_path(canv, view, box)
    canv.setLineJoin(1)
    canv.setLineCap(1)
    canv.setStrokeColor(OUTLINE)
    canv.setLineWidth(max(0.8, box.length * 0.006) * 2)
    canv.drawPath(outline, stroke=1, fill=0)
    canv.setFillColor(SKIN)
    canv.drawPath(outline, stroke=0, fill=1, fillMode=FILL_NON_ZERO)


def draw_quiet_layer(
    canv: Canvas, view: View, zones: Mapping[str, Zone], side: str, box: FootBox, guides: bool = True
) -> None:
    """Zones in soft system colours, creases and guide lines, clipped to the foot."""
    canv.saveState()
    canv.clipPath(_outline_path(canv, view, box), stroke=0, fill=0, fillMode=FILL_NON_ZERO)
    mine = [z for z in view.zones if z in zones and _zone_on_side(zones[z], side)]
    drawn: list[str] = []
    for zone_id in drawing_order(view, mine):
        system = SYSTEM_COLOURS[zones[zone_id].system]
        # a zone lying on a bigger one of the same colour family gets a deeper tint, or it would vanish
        inset = any(zones[z].system == zones[zone_id].system and view.zones[z].covers(view.zones[zone_id].anchor)
                    for z in drawn)
        fill = mix(system, SKIN, QUIET + (NESTED if inset else 0.0))
        _fill_zone(canv, view, zone_id, box, fill, mix(system, OUTLINE, 0.55))
        drawn.append(zone_id)
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
    canv: Canvas, view: View, zones: Mapping[str, Zone], side: str, zone_ids: Iterable[str], box: FootBox,
    accent: Color,
) -> None:
    """Highlighted zones in the accent colour, clipped to the foot; only zones this foot has."""
    ids = [z for z in zone_ids if z in view.zones and z in zones and _zone_on_side(zones[z], side)]
    if not ids:
        return
    canv.saveState()
    canv.clipPath(_outline_path(canv, view, box), stroke=0, fill=0, fillMode=FILL_NON_ZERO)
    edge = mix(accent, HexColor("#000000"), 0.7)
    deep = mix(accent, HexColor("#000000"), 0.72)
    # Largest first, so small points (pituitary in the brain area) stay visible on top,
    # in a deeper shade of the accent where they sit on another highlighted zone.
    drawn: list[str] = []
    for zone_id in drawing_order(view, ids):
        nested = any(view.zones[z].covers(view.zones[zone_id].anchor) for z in drawn)
        _fill_zone(canv, view, zone_id, box, deep if nested else accent, edge)
        drawn.append(zone_id)
    canv.restoreState()


_FORM_CODE: dict[tuple[object, ...], list[str]] = {}


def _form(canv: Canvas, name: str, w: float, h: float, key: tuple[object, ...],
          paint: Callable[[], None]) -> str:
    """Define Form XObject ``name`` once per PDF.

    Its drawing operators depend only on ``key`` (geometry, zone colours, size),
    so they are computed once per process and replayed into each new PDF.
    """
    defined: set[str] = canv.__dict__.setdefault("_handouts_forms", set())
    if name not in defined:
        pad = 6.0
        canv.beginForm(name, -pad, -pad, w + pad, h + pad)
        # The same artwork in a CMYK print file has other colour operators.
        key = (*key, getattr(canv, "_enforceColorSpace", None))
        code = _FORM_CODE.get(key)
        if code is None:
            start = len(canv._code)
            paint()
            _FORM_CODE[key] = list(canv._code[start:])
        else:
            canv._code.extend(code)
        canv.endForm()
        defined.add(name)
    return name


def outline_form(canv: Canvas, view: View, w: float, h: float) -> str:
    """The outline of one foot, drawn unmirrored; both feet use it (one of them mirrored)."""
    name = f"outline_{view.name}_{round(w * 10)}x{round(h * 10)}"
    return _form(canv, name, w, h, (name, id(view)),
                 lambda: draw_outline(canv, view, FootBox(0, 0, w, h, False)))


def quiet_form(canv: Canvas, view: View, zones: Mapping[str, Zone], side: str, w: float, h: float,
               guides: bool) -> str:
    """The quiet zone layer of one foot (each foot has its own zones)."""
    name = f"zones_{view.name}_{side}_{round(w * 10)}x{round(h * 10)}_{'g' if guides else 'n'}"
    key = (name, id(view), tuple((z, zones[z].foot, zones[z].system) for z in view.zones if z in zones))
    return _form(canv, name, w, h, key,
                 lambda: draw_quiet_layer(canv, view, zones, side, FootBox(0, 0, w, h, view.mirrored(side)),
                                          guides))


def zone_numbers(zones: Mapping[str, Zone], charts: ChartSet, views: Sequence[str]) -> dict[str, int]:
    """Zones drawn on these views, counted in catalog order (how many lines a numbered legend needs).

    The numbers a chart prints come from its ``Numbering``, in reading order.
    """
    drawn = [z for z in zones if any(z in charts.views[v].zones for v in views if v in charts.views)]
    return {z: i + 1 for i, z in enumerate(drawn)}


@dataclass(frozen=True)
class Row:
    """One view drawn for both feet, with its label columns."""

    view: View
    boxes: dict[str, FootBox]
    columns: dict[str, tuple[float, float, float, float]]
    caption_y: float


class FootChart(Flowable):
    """Both feet in one or more views, zones coloured, some highlighted, labels outside."""

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
        height: float | None,
        captions: Mapping[str, str] | None = None,
        guides: bool = True,
        guide_names: bool = False,
        label_size: float = PRINT_MIN,
        label_min: float = PRINT_MIN,
        resting: frozenset[str] = frozenset(),
        reserve: float = 0.0,
        single_side_views: bool = False,
        numbering: Numbering | None = None,
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
        self.height = height  # None: fill the space left on the page, less ``reserve``
        self.spaceAfter = 3 * mm  # the bottom captions' descenders and labels keep clear of the next text
        self.reserve = reserve
        self.captions = dict(captions or {})
        self.guides = guides
        self.guide_names = guide_names and guides
        floor = text_floor(theme.body_size)  # a rule, not a default: no template can ask for less
        self.label_size = max(label_size, floor)
        self.label_min = max(min(label_min, label_size), floor)
        self.caption_size = self.guide_size = floor
        self._placed: tuple[tuple[float, float | None], list[Placed]] | None = None
        self.obstacle_cache: dict[tuple[object, ...], FootObstacles] = {}
        self.resting = resting
        self.single_side_views = single_side_views
        self.numbering = numbering if numbering is not None else Numbering()
        # names, or numbers: asked for, or chosen when the names do not fit (then the chart lists them itself)
        self.style = "numbers" if labels == "numbers" else "names"
        self.own_legend = False
        self.drawn_at: tuple[int, float, float] | None = None  # page, x, y of the origin once drawn

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.height is None:
            self.height = max(avail_height - self.reserve, 60 * mm)
        return self.width, self.height

    # -- layout -----------------------------------------------------------------------------
    def _single(self, view_name: str) -> bool:
        """Draw one foot for this view? Side views show every zone on both feet alike."""
        if not self.single_side_views or view_name not in ("medial", "lateral"):
            return False
        view = self.charts.views[view_name]
        return all(self.zones[z].foot == "both" for z in view.zones if z in self.zones)

    def _gap(self, view: View) -> float:
        """Space between the feet: room for the guide names on sole and top views."""
        gap = max(6 * mm, self.width * 0.04)
        if self.guide_names and view.name in ("plantar", "dorsal"):
            widest = max((stringWidth(g.name, ITALIC, self.guide_size) for g in view.guides), default=0)
            gap = max(gap, widest + 6)
        return gap

    def _label_room(self) -> float:
        """The narrowest label column worth keeping beside the feet: every name fits on two lines."""
        if self.labels == "none":
            return 2 * mm
        if self.style == "numbers":
            return 3 * self.label_size + 3 * mm
        share = self.width * (0.12 if self.labels == "all" else 0.2)
        names = {self.zones[z].name for v in self.views for side in SIDES
                 for z in self.wanted(self.charts.views[v], side)}
        need = max((two_line_width(n, REGULAR, self.label_size) for n in names), default=0.0)
        return min(max(share, need + 2 + 3 * mm), self.width * 0.3)  # the column keeps 3 mm from the foot

    def legend_height(self) -> float:
        """Room the chart's own list of numbers takes at its foot (only when it numbers in place of names)."""
        if not self.own_legend:
            return 0.0
        return legend_layout(self)[1]

    def rows(self) -> list[Row]:
        """Split the height between views and place both feet and their label columns."""
        height = (self.height if self.height is not None else 100 * mm) - self.legend_height()
        caption_h = self.caption_size * 1.4
        gap_rows = 5 * mm
        weights = [1.0 if self.charts.views[v].aspect < 1 else (0.75 if self._single(v) else 0.55)
                   for v in self.views]
        usable = height - gap_rows * (len(self.views) - 1) - caption_h * len(self.views)
        rows: list[Row] = []
        top = height + self.legend_height()
        label_min = self._label_room()
        for view_name, weight in zip(self.views, weights, strict=True):
            view = self.charts.views[view_name]
            row_h = usable * weight / sum(weights)
            foot_h = row_h
            foot_w = foot_h * view.aspect
            feet = 1 if self._single(view_name) else 2
            between = self._gap(view) if feet == 2 else 0.0
            if feet * foot_w + between + 2 * label_min > self.width:  # too wide: shrink the feet
                foot_w = (self.width - between - 2 * label_min) / feet
                foot_h = foot_w / view.aspect
            y = top - row_h + (row_h - foot_h) / 2
            cx = self.width / 2
            if feet == 1:  # one foot stands for both; labels on either side of it
                boxes = {"right": FootBox(cx - foot_w / 2, y, foot_w, foot_h, view.mirrored("right"))}
                left_edge, right_edge = boxes["right"].x, boxes["right"].x + foot_w
            else:
                boxes = {
                    "left": FootBox(cx - between / 2 - foot_w, y, foot_w, foot_h, view.mirrored("left")),
                    "right": FootBox(cx + between / 2, y, foot_w, foot_h, view.mirrored("right")),
                }
                left_edge, right_edge = boxes["left"].x, boxes["right"].x + foot_w
            margin = 3 * mm
            caption_y = y - caption_h
            bottom = caption_y + self.caption_size * 0.8 + 1.5  # labels and leaders stay above the captions
            columns = {
                "left": (0.0, bottom, left_edge - margin, top),
                "right": (right_edge + margin, bottom, self.width, top),
            }
            rows.append(Row(view, boxes, columns, caption_y))
            top -= row_h + caption_h + gap_rows
        return rows

    def zone_point(self, view: str, side: str, zone_id: str, centre: bool = False) -> tuple[float, float]:
        """Where a zone's label anchor (or the centre of its first shape) lands on the page."""
        if self.drawn_at is None:
            raise RuntimeError("the chart has not been drawn yet")
        row = next(r for r in self.rows() if r.view.name == view)
        if side not in row.boxes:
            raise KeyError(f"the {side} foot is not drawn on the {view} view")
        art = row.view.zones[zone_id]
        x, y = row.boxes[side].map(art.shapes[0].centroid() if centre else art.anchor)
        return self.drawn_at[1] + x, self.drawn_at[2] + y

    def label_text(self, zone_id: str) -> str:
        """A label's text; numbers are placed first and numbered in reading order afterwards."""
        return PLACEHOLDER if self.style == "numbers" else self.zones[zone_id].name

    def wanted(self, view: View, side: str) -> list[str]:
        """The zones of this foot and view that get a label."""
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

    def place_labels(self) -> list[Placed]:
        """Every label as (view, side, placed label), guide names included (side "centre").

        Remembered for the chart's size: templates check the labels fit when
        the chart is made, and drawing needs the same placement again.
        """
        key = (self.width, self.height)
        if self._placed is not None and self._placed[0] == key:
            return self._placed[1]
        try:
            placed = place_all(self)
        except ValueError:
            if self.style == "numbers":
                raise
            self.style, self.own_legend = "numbers", True  # names do not fit: number them, list them below
            self.obstacle_cache.clear()
            placed = place_all(self)
        self._placed = (key, placed)
        return placed

    def numbered(self) -> list[tuple[int, str]]:
        """(number, zone) for the zones this chart numbers, in number order (for its legend)."""
        keys = {label.key for _, side, label in self.place_labels() if side != "centre"}
        return sorted((self.numbering.numbers[k], k) for k in keys)

    def caption_boxes(self) -> list[tuple[float, float, float, float]]:
        """Where the captions under the feet are (for tests: no leader may cross one)."""
        return [b for row in self.rows() for side in row.boxes if (b := caption_box(self, row, side))]

    # -- drawing ----------------------------------------------------------------------------
    def draw(self) -> None:
        canv = self.canv
        matrix = canv._currentMatrix  # translations only: platypus places flowables by translating
        self.drawn_at = (canv.getPageNumber(), matrix[4], matrix[5])
        placed = self.place_labels()  # first: labels that do not fit turn into numbers, which moves the feet
        rows = self.rows()
        for row in rows:
            for side in SIDES:
                if side not in row.boxes:
                    continue
                box = row.boxes[side]
                outline = outline_form(canv, row.view, box.w, box.h)
                quiet = quiet_form(canv, row.view, self.zones, side, box.w, box.h, self.guides)
                canv.saveState()
                if box.mirror:
                    canv.translate(box.x + box.w, box.y)
                    canv.scale(-1, 1)
                else:
                    canv.translate(box.x, box.y)
                canv.doForm(outline)
                canv.restoreState()
                canv.saveState()
                canv.translate(box.x, box.y)
                canv.doForm(quiet)
                canv.restoreState()
                lit = [z for z, feet in self.highlight.items() if side in feet]
                draw_highlights(canv, row.view, self.zones, side, lit, box, self.theme.accent)
                if side in self.resting:
                    self._veil(box)
                caption = caption_text(self, row, side)
                if caption:
                    canv.setFont(BOLD, self.caption_size)
                    canv.setFillColor(MUTED)
                    canv.drawCentredString(box.x + box.w / 2, row.caption_y, caption)
        for _view, side, label in placed:
            if side == "centre":
                self._draw_guide_name(label)
            else:
                self._draw_label(label)
        if self.own_legend:
            self._draw_legend()

    def _draw_legend(self) -> None:
        """The list of numbered zones at the chart's foot, in columns, read top to bottom."""
        canv = self.canv
        cols, height, col_w = legend_layout(self)
        entries = self.numbered()
        per_col = -(-len(entries) // cols)
        leading = self.label_size * 1.25
        for i, (number, zone_id) in enumerate(entries):
            x = (i // per_col) * col_w
            y = height - leading * (i % per_col + 1)
            canv.setFillColor(INK)
            canv.setFont(BOLD, self.label_size)
            canv.drawRightString(x + self.label_size * 1.4, y, str(number))
            canv.setFont(REGULAR, self.label_size)
            canv.drawString(x + self.label_size * 1.9, y, self.zones[zone_id].name)

    def _veil(self, box: FootBox) -> None:
        """Fade a foot that must rest (injury, infection) so nobody works it by mistake."""
        canv = self.canv
        canv.saveState()
        canv.setFillColor(white)
        canv.setFillAlpha(0.7)
        canv.rect(box.x - 3, box.y - 3, box.w + 6, box.h + 6, stroke=0, fill=1)
        canv.restoreState()

    def _draw_guide_name(self, label: PlacedLabel) -> None:
        canv = self.canv
        canv.setFont(ITALIC, label.size)
        canv.setFillColor(GUIDE)
        canv.drawCentredString((label.box[0] + label.box[2]) / 2, label.anchor[1] - label.size * 0.3, label.lines[0])

    def _draw_label(self, label: PlacedLabel) -> None:
        canv = self.canv
        lit = label.key in self.highlight
        colour = mix(self.theme.accent, INK, 0.75) if lit else INK
        canv.setStrokeColor(MUTED)
        canv.setLineWidth(0.4)
        canv.line(*label.leader_start, *label.anchor)
        canv.setFillColor(MUTED)
        canv.circle(*label.anchor, 0.9, stroke=0, fill=1)
        canv.setFillColor(colour)
        canv.setFont(BOLD if lit or self.style == "numbers" else REGULAR, label.size)
        leading = label.size * 1.18
        y = label.box[3] - label.size
        for line in label.lines:
            if label.align == "right":
                canv.drawRightString(label.box[2], y, line)
            else:
                canv.drawString(label.box[0], y, line)
            y -= leading


class SystemLegend(Flowable):
    """Colour swatches naming the body systems, in one or more centred lines."""

    def __init__(self, names: Mapping[str, str], width: float, accent: Color | None = None,
                 accent_name: str = "", size: float = 8.0) -> None:
        super().__init__()
        self.items = [(SYSTEM_COLOURS[k], v) for k, v in names.items() if k in SYSTEM_COLOURS]
        if accent is not None and accent_name:
            self.items.append((accent, accent_name))
        self.width = width
        self.size = size
        self._lines = self._layout()
        self.height = len(self._lines) * size * 1.9

    def _layout(self) -> list[list[tuple[Color, str, float]]]:
        lines: list[list[tuple[Color, str, float]]] = [[]]
        used = 0.0
        for colour, name in self.items:
            w = self.size * 1.6 + stringWidth(name, REGULAR, self.size) + self.size * 1.4
            if lines[-1] and used + w > self.width:
                lines.append([])
                used = 0.0
            lines[-1].append((colour, name, w))
            used += w
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        y = self.height - self.size * 1.4
        for line in self._lines:
            x = (self.width - sum(w for *_, w in line)) / 2
            for colour, name, w in line:
                canv.setFillColor(mix(colour, SKIN, QUIET) if colour in SYSTEM_COLOURS.values() else colour)
                canv.setStrokeColor(OUTLINE)
                canv.setLineWidth(0.3)
                canv.roundRect(x, y - 1, self.size * 1.1, self.size * 1.1, 1.5, stroke=1, fill=1)
                canv.setFillColor(INK)
                canv.setFont(REGULAR, self.size)
                canv.drawString(x + self.size * 1.6, y, name)
                x += w
            y -= self.size * 1.9
