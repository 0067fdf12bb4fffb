"""Painting one foot: outline, quiet zone colours, highlights, as reusable Form XObjects.

The part of a chart that never changes for a given view and size (the
outline, the quiet zone colours, guide lines) goes into a Form XObject, drawn
once per PDF and reused on every page and client. Zones are painted largest
first, each with a thin darker edge, so a small zone always shows on a big
one; a zone inside a bigger one of the same colour family gets a deeper tint.
Highlighted zones go on top in the clinic's accent colour, clipped to the foot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from handouts.catalog.chart_geometry import Bezier, Point, View
from handouts.catalog.entries import Zone
from handouts.charts.kept import kept
from handouts.files.cache import cache_root, code_folder, content_key
from handouts.files.kept_table import KeptTable, drawing_table
from handouts.rl_compat import canvas_code_mark, canvas_code_replay, canvas_code_since, canvas_colour_space
from handouts.style import mix

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
HIGHLIGHT_EDGE = 0.45  # how much of the accent shows in a highlighted zone's edge (the rest is black)
HIGHLIGHT_EDGE_WIDTH = 1.0  # pt
KEPT_STORE = "chart-forms"  # the kind of stored work (``files.cache``): <cache>/chart-forms/<key>.pickle
NESTED = 0.3  # how much more of it shows on a zone that lies inside a bigger zone of the same colour


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


# Keyed by the view's id for speed, with the view kept beside the value: an id is only unique while its object
# lives, and a reloaded catalog (an edited chart in a running front desk) could get a dead view's id.
_OUTLINE_PATHS: dict[tuple[int, FootBox], tuple[View, PDFPathObject]] = {}


def _outline_path(canv: Canvas, view: View, box: FootBox) -> PDFPathObject:
    """The outline as a path at ``box``; cached, since sheets put the chart at the same place."""
    key = (id(view), box)
    kept = _OUTLINE_PATHS.get(key)
    if kept is not None and kept[0] is view:
        return kept[1]
    if len(_OUTLINE_PATHS) > 256:
        _OUTLINE_PATHS.clear()
    path = canv.beginPath()
    for part in view.outline:
        _trace(path, part, box, closed=True)
    _OUTLINE_PATHS[key] = (view, path)
    return path


def zone_on_side(zone: Zone, side: str) -> bool:
    return zone.foot in ("both", side)


def _fill_zone(canv: Canvas, view: View, zone_id: str, box: FootBox, colour: Color, edge: Color | None,
               edge_width: float = 0.5) -> None:
    """One zone: fills with a thin edge, strokes as a band with a darker casing, so each stays visible."""
    art = view.zones[zone_id]
    for shape in art.shapes:
        path = canv.beginPath()
        if shape.kind == "fill":
            _trace(path, shape.segments, box, closed=True)
            canv.setFillColor(colour)
            if edge is not None:
                canv.setStrokeColor(edge)
                canv.setLineWidth(edge_width)
            canv.drawPath(path, stroke=1 if edge is not None else 0, fill=1)
        else:
            _trace(path, shape.segments, box, closed=False)
            width = shape.width * box.length
            if edge is not None:
                canv.setStrokeColor(edge)
                canv.setLineWidth(width + 2 * edge_width)
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
    mine = [z for z in view.zones if z in zones and zone_on_side(zones[z], side)]
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
    accent: Color, geometry: str = "",
) -> None:
    """Highlighted zones in the accent colour, clipped to the foot; only zones this foot has.

    Largest first, so small points (pituitary in the brain area) stay visible
    on top, in a deeper shade of the accent where they sit on another
    highlighted zone. A quiet zone lying on a highlighted one (the gallbladder
    on a highlighted liver) is painted again on top, so it does not vanish.
    The operators are kept once per process and, with the ``geometry`` hash of
    the view's chart set, for the next process too (``kept_forms``, as the
    quiet forms are): working out the order and overlaps of the lit zones was
    about 2 % of a fresh sheet's instructions, measured.
    """
    mine, has, systems = _foot_zones(view, zones, side)
    lit = {z for z in zone_ids if z in has}
    if not lit:
        return
    drawn = (side, box, tuple(sorted(lit)), systems, accent.rgba(), canvas_colour_space(canv))
    key = (id(view), *drawn)
    found = _HIGHLIGHT_CODE.get(key)
    if found is not None and found[0] is view:
        canvas_code_replay(canv, found[1])
        return
    table = kept_forms() if geometry else None
    kept_key = ("highlights", geometry, view.name, side, (box.x, box.y, box.w, box.h, box.mirror), *drawn[2:])
    code = table.get(kept_key) if table is not None else None  # a closed table holds nothing
    if isinstance(code, list) and all(isinstance(op, str) for op in code):
        canvas_code_replay(canv, code)
    else:
        start = canvas_code_mark(canv)
        _paint_highlights(canv, view, zones, mine, lit, box, accent)
        code = ["\n".join(canvas_code_since(canv, start))]  # one string: a page's operators are written
        # joined by newlines, and one string weighs a fraction of a few hundred small ones
        if table is not None:
            table.add(kept_key, code)
    if len(_HIGHLIGHT_CODE) >= HIGHLIGHT_LIMIT:
        _HIGHLIGHT_CODE.clear()
    _HIGHLIGHT_CODE[key] = (view, code)


# What a view and zone set give each foot (``_foot_zones``) and every foot (``_zone_colours``), by the ids of
# the view and zones (and the side), held with them (an id is only unique while its object lives)
FootZones = tuple[list[str], frozenset[str], tuple[object, ...]]
_FOOT_ZONES: dict[Any, tuple[tuple[object, ...], Any]] = {}
_ZONE_COLOURS: dict[Any, tuple[tuple[object, ...], Any]] = {}
KEPT_KEYS = 256


def _per_view(table: dict[Any, Any], view: View, zones: Mapping[str, Zone], side: str,
              make: Callable[[], Any]) -> Any:
    """What ``make()`` gives for this view, zone set and side, kept in ``table`` once per process."""
    return kept(table, (id(view), id(zones), side), (view, zones), make, KEPT_KEYS)


def _foot_zones(view: View, zones: Mapping[str, Zone], side: str) -> FootZones:
    """The view's zones this foot has, in the view's order and as a set, and each with its system
    (``draw_highlights``' key).

    The same for every chart of a view: worked out once per process, not on each of a sheet's feet.
    """
    def make() -> FootZones:
        mine = [z for z in view.zones if z in zones and zone_on_side(zones[z], side)]
        return mine, frozenset(mine), tuple((z, zones[z].system) for z in mine)
    return _per_view(_FOOT_ZONES, view, zones, side, make)


def _zone_colours(view: View, zones: Mapping[str, Zone]) -> tuple[object, ...]:
    """Each of the view's zones with its foot and system: what a quiet form's colours depend on, once per process."""
    return _per_view(_ZONE_COLOURS, view, zones, "",
                     lambda: tuple((z, zones[z].foot, zones[z].system) for z in view.zones if z in zones))


# Highlight operators by everything they depend on (the box is where the foot lands on the page): sheets
# for the same goals put the same zones at the same place, and painting them is half of drawing a chart.
# Only paths and colours go into these operators (no fonts, images or named resources), so they replay
# into any PDF; the view is kept with them, so an id is never matched by a different view.
HIGHLIGHT_LIMIT = 512
_HIGHLIGHT_CODE: dict[tuple[object, ...], tuple[View, list[str]]] = {}


def _paint_highlights(canv: Canvas, view: View, zones: Mapping[str, Zone], mine: list[str], lit: set[str],
                      box: FootBox, accent: Color) -> None:
    canv.saveState()
    canv.clipPath(_outline_path(canv, view, box), stroke=0, fill=0, fillMode=FILL_NON_ZERO)
    # two highlighted zones side by side (solar plexus on the liver) are one colour: a clearly darker
    # edge, thicker than a quiet zone's, keeps them two shapes
    edge = mix(accent, HexColor("#000000"), HIGHLIGHT_EDGE)
    deep = mix(accent, HexColor("#000000"), 0.72)
    drawn: list[str] = []
    for zone_id in drawing_order(view, mine):
        on_lit = any(view.zones[z].covers(view.zones[zone_id].anchor) for z in drawn)
        if zone_id in lit:
            _fill_zone(canv, view, zone_id, box, deep if on_lit else accent, edge, HIGHLIGHT_EDGE_WIDTH)
            drawn.append(zone_id)
        elif on_lit:
            system = SYSTEM_COLOURS[zones[zone_id].system]
            _fill_zone(canv, view, zone_id, box, mix(system, SKIN, QUIET + NESTED), mix(system, OUTLINE, 0.55))
    canv.restoreState()


_FORM_CODE: dict[tuple[object, ...], tuple[View, list[str]]] = {}  # the view kept, as for _OUTLINE_PATHS
_KEPT_FORMS: KeptTable | None = None  # the same operators for the next process: ``kept_forms``


def kept_forms() -> KeptTable | None:
    """The forms' operators kept on disk (``files.kept_table``), named for this package's code and ReportLab's.

    Painting a foot's quiet zones is about 3 ms of a fresh sheet, for the
    same operators every time; they are kept under the chart set's geometry
    hash (``catalog.stored``), the form's name and zones, and the colour space.
    """
    global _KEPT_FORMS
    if _KEPT_FORMS is None and cache_root() is not None:
        from reportlab import Version

        _KEPT_FORMS = drawing_table(KEPT_STORE, content_key(code_folder(__name__), f"reportlab {Version}"))
    return _KEPT_FORMS


def _form(canv: Canvas, name: str, w: float, h: float, view: View, key: tuple[object, ...],
          paint: Callable[[], None], geometry: str = "") -> str:
    """Define Form XObject ``name`` once per PDF.

    Its drawing operators depend only on ``key`` (geometry, zone colours, size),
    so they are computed once per process and replayed into each new PDF; with
    the ``geometry`` hash of the view's chart set (``ChartSet.geometry``), once
    for every process (``kept_forms``). ``Canvas.hasForm`` is true once
    ``endForm`` has added the form to this canvas's document (a ``doForm``
    reference alone does not make it true).
    """
    if not canv.hasForm(name):
        pad = 6.0
        canv.beginForm(name, -pad, -pad, w + pad, h + pad)
        key = (*key, canvas_colour_space(canv))  # the same artwork in a CMYK print file has other colour operators
        code = _kept_code(view, key, geometry)
        if code is None:
            start = canvas_code_mark(canv)
            paint()
            _keep_code(view, key, geometry, canvas_code_since(canv, start))
        else:
            canvas_code_replay(canv, code)
        canv.endForm()
    return name


def _kept_code(view: View, key: tuple[object, ...], geometry: str) -> list[str] | None:
    """A form's operators kept in this process, else by an earlier one (``kept_forms``); None when neither has them."""
    kept = _FORM_CODE.get((*key, id(view)))
    if kept is not None and kept[0] is view:
        return kept[1]
    table = kept_forms() if geometry else None
    code = table.get((geometry, *key)) if table is not None else None  # a closed table holds nothing
    if not (isinstance(code, list) and all(isinstance(op, str) for op in code)):
        return None
    _FORM_CODE[(*key, id(view))] = (view, code)
    return code


def _keep_code(view: View, key: tuple[object, ...], geometry: str, code: list[str]) -> None:
    _FORM_CODE[(*key, id(view))] = (view, code)
    table = kept_forms() if geometry else None
    if table is not None:
        table.add((geometry, *key), code)


def outline_form(canv: Canvas, view: View, w: float, h: float, geometry: str = "") -> str:
    """The outline of one foot, drawn unmirrored; both feet use it (one of them mirrored)."""
    name = f"outline_{view.name}_{round(w * 10)}x{round(h * 10)}"
    return _form(canv, name, w, h, view, (name,),
                 lambda: draw_outline(canv, view, FootBox(0, 0, w, h, False)), geometry)


def quiet_form(canv: Canvas, view: View, zones: Mapping[str, Zone], side: str, w: float, h: float,
               guides: bool, geometry: str = "") -> str:
    """The quiet zone layer of one foot (each foot has its own zones)."""
    name = f"zones_{view.name}_{side}_{round(w * 10)}x{round(h * 10)}_{'g' if guides else 'n'}"
    key = (name, _zone_colours(view, zones))
    return _form(canv, name, w, h, view, key,
                 lambda: draw_quiet_layer(canv, view, zones, side, FootBox(0, 0, w, h, view.mirrored(side)),
                                          guides), geometry)
