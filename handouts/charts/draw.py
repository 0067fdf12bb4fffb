"""The foot chart component: both feet in one or more views, zones, labels.

One flowable serves the routine sheet, the poster and the brochure at any size.
It draws straight on the canvas (measurably cheaper than building a
``reportlab.graphics`` Drawing); paint.py paints each foot (reusing Form
XObjects), placement.py decides where labels, numbers and captions go. This
module splits the height between views, puts the feet and label columns in
each row, and draws the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import white
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from handouts.catalog.chart_geometry import ChartSet, View
from handouts.catalog.entries import Zone
from handouts.charts import layouts
from handouts.charts.ink import INK, MUTED, mix
from handouts.charts.labels import PlacedLabel
from handouts.charts.obstacles import FootObstacles
from handouts.charts.paint import GUIDE, FootBox, draw_highlights, outline_form, quiet_form, zone_on_side
from handouts.charts.placement import (
    LARGE_MIN,
    PLACEHOLDER,
    PRINT_MIN,
    Numbering,
    Placed,
    caption_box,
    caption_text,
    key_heading_height,
    legend_layout,
    place_all,
    text_floor,
    two_line_width,
)
from handouts.choices import LABEL_MODES
from handouts.rl_compat import canvas_translation, draw_leader, place_form
from handouts.style import ChartTheme as Theme
from handouts.typeface import BOLD, ITALIC, REGULAR

SIDES = ("left", "right")
LARGE_NAMES = 0.2  # in large print, label columns wider than this share of the chart turn to numbers
TOP_PAD = 2 * mm  # room between whatever stands above a chart and its first row


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
        own_list: bool = False,
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
        self._layout_key: tuple[object, ...] | None = None  # ``place_labels``' key once placed, for ``rows``
        self.obstacle_cache: dict[tuple[object, ...], FootObstacles] = {}
        self.resting = resting
        self.single_side_views = single_side_views
        self.numbering = numbering if numbering is not None else Numbering()
        # names, or numbers: asked for, or chosen when the names do not fit (then the chart lists them itself)
        self.style = "numbers" if labels == "numbers" else "names"
        self.own_legend = own_list and labels == "numbers"  # numbers listed under the feet by the chart itself
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
        """Split the height between views and place both feet and their label columns.

        Once the labels are placed, the rows depend only on the layout's key
        (``layout_settings`` with the chart set and zones) and the style and
        legend placing chose: sheets for the same goals share them, worked
        out once per process (measuring every label name for the columns'
        width is most of it). The list is shared: callers only read it.
        """
        key = self._rows_key()
        if key is None:
            return self._split_rows()
        return layouts.kept_rows(key, self.charts, self.zones, self._split_rows)

    def _rows_key(self) -> tuple[object, ...] | None:
        """What the rows depend on, once the labels are placed for the chart's present size; else None."""
        if self._layout_key is None or self._placed is None or self._placed[0] != (self.width, self.height):
            return None
        return (self._layout_key, self.style, self.own_legend)

    def _split_rows(self) -> list[Row]:
        height = (self.height if self.height is not None else 100 * mm) - self.legend_height()
        caption_h = self.caption_size * 1.4
        gap_rows = 7 * mm  # a caption belongs to the foot above it, clearly apart from the next foot
        weights = [1.0 if self.charts.views[v].aspect < 1 else (0.75 if self._single(v) else 0.55)
                   for v in self.views]
        usable = height - gap_rows * (len(self.views) - 1) - caption_h * len(self.views) - TOP_PAD
        rows: list[Row] = []
        top = height + self.legend_height() - TOP_PAD  # the ankle of a side view clears what stands above
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
            # labels and leaders stay clearly above the captions
            bottom = caption_y + self.caption_size * 0.8 + max(1.5, self.caption_size * 0.6)
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
            if zone is None or not zone_on_side(zone, side):
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
        settings = self.layout_settings()
        memo = (id(self.charts), id(self.zones), *settings)
        found, on_disk = layouts.recall(memo, self.charts, self.zones, settings)
        if found is not None:
            self.style, self.own_legend, placed, numbers = found
            self.numbering.numbers.update(numbers)
        else:
            placed = self._place_all()
            layout = (self.style, self.own_legend, placed, dict(self.numbering.numbers))
            layouts.remember(memo, on_disk, layout, (self.charts, self.zones))
        self._placed = (key, placed)
        self._layout_key = memo
        return placed

    def _place_all(self) -> list[Placed]:
        if self.style != "numbers" and self.label_min >= LARGE_MIN and self._label_room() > self.width * LARGE_NAMES:
            # large print: names this wide would squeeze the feet smaller than on a normal sheet
            self.style, self.own_legend = "numbers", True
            self.obstacle_cache.clear()
        try:
            return place_all(self)
        except ValueError:
            if self.style == "numbers":
                raise
            self.style, self.own_legend = "numbers", True  # names do not fit: number them, list them below
            self.obstacle_cache.clear()
            return place_all(self)

    def layout_settings(self) -> tuple[object, ...]:
        """Everything label placement depends on besides the chart set and zones (``charts.layouts``' key).

        Sheets for the same goals share one layout; plain values only, in a
        fixed order (feet sorted), so the key is the same in every process.
        The numbers earlier charts of the document gave are part of it: a
        later chart continues their count (the poster's pages, a brochure).
        """
        lit = tuple((zone, tuple(sorted(feet))) for zone, feet in sorted(self.highlight.items()))
        return (self.views, lit, self.labels, self.style, self.width, self.height, self.label_size, self.label_min,
                self.caption_size, self.guide_names, self.guides, self.single_side_views,
                tuple(sorted(self.captions.items())), tuple(sorted(self.resting)), self.own_legend,
                tuple(sorted(self.numbering.numbers.items())))

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
        x, y = canvas_translation(canv)  # translations only: platypus places flowables by translating
        self.drawn_at = (canv.getPageNumber(), x, y)
        placed = self.place_labels()  # first: labels that do not fit turn into numbers, which moves the feet
        rows = self.rows()
        for row in rows:
            for side in SIDES:
                if side not in row.boxes:
                    continue
                box = row.boxes[side]
                outline = outline_form(canv, row.view, box.w, box.h, self.charts.geometry)
                quiet = quiet_form(canv, row.view, self.zones, side, box.w, box.h, self.guides, self.charts.geometry)
                if box.mirror:
                    place_form(canv, outline, box.x + box.w, box.y, mirrored=True)
                else:
                    place_form(canv, outline, box.x, box.y)
                place_form(canv, quiet, box.x, box.y)
                lit = [z for z, feet in self.highlight.items() if side in feet]
                draw_highlights(canv, row.view, self.zones, side, lit, box, self.theme.accent, self.charts.geometry)
                if side in self.resting:
                    self._veil(box)
                caption = caption_text(self, row, side)
                if caption:
                    canv.setFont(BOLD, self.caption_size)
                    canv.setFillColor(MUTED)
                    canv.drawCentredString(box.x + box.w / 2, row.caption_y, caption)
        lit_ink = mix(self.theme.accent, INK, 0.75)  # once per chart, not once per label
        for _view, side, label in placed:
            if side == "centre":
                self._draw_guide_name(label)
            else:
                self._draw_label(label, lit_ink)
        if self.own_legend:
            self._draw_legend()

    def _draw_legend(self) -> None:
        """The list of numbered zones at the chart's foot, in columns, read top to bottom."""
        canv = self.canv
        cols, height, col_w = legend_layout(self)
        entries = self.numbered()
        per_col = -(-len(entries) // cols)
        leading = self.label_size * 1.25
        top = height - key_heading_height(self)
        if top < height:
            canv.setFillColor(INK)
            canv.setFont(BOLD, self.label_size)
            canv.drawString(0, height - self.label_size * 1.2, self.captions["key"])
        for i, (number, zone_id) in enumerate(entries):
            x = (i // per_col) * col_w
            y = top - leading * (i % per_col + 1)
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

    def _draw_label(self, label: PlacedLabel, lit_ink: object) -> None:
        """A zone's name, its leader and anchor dot; a lit zone's name in ``lit_ink`` (the accent mixed into ink)."""
        canv = self.canv
        lit = label.key in self.highlight
        colour = lit_ink if lit else INK
        draw_leader(canv, label.leader_start, label.anchor, MUTED, 0.4, 0.9)
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
