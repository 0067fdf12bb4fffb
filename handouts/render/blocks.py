"""Story blocks that need the catalog: the foot chart and its legends.

Kept apart from the core vocabulary in ``story.py`` because they draw on the
catalog and chart geometry; every document that has a catalog (sheet, poster,
brochure) registers them the same way, so a ``<chart>`` means the same thing
in every template.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from handouts.catalog.loader import Catalog
from handouts.charts.draw import FootChart
from handouts.charts.legend import SystemLegend
from handouts.charts.placement import Numbering
from handouts.render.story import Handler, Node, StoryBuilder, layout_table, parse_length
from handouts.render.theme import INK, RULE, Theme
from handouts.render.xml_text import escape

SYSTEMS = ("head", "chest", "digestion", "urinary", "reproductive", "spine-joints", "lymph")


def parse_highlight(value: str) -> dict[str, frozenset[str]]:
    """``liver:right brain:left+right`` (or just ``liver``: both feet) -> zone -> feet."""
    out: dict[str, frozenset[str]] = {}
    for item in value.split():
        zone, _, feet = item.partition(":")
        out[zone] = frozenset(feet.split("+")) if feet else frozenset(("left", "right"))
    return out


def _views(catalog: Catalog, attrs: Mapping[str, str], highlight: Mapping[str, frozenset[str]]) -> list[str]:
    value = attrs.get("views", "plantar")
    if value != "auto":
        return [v.strip() for v in value.replace(" ", ",").split(",") if v.strip()]
    return catalog.charts.auto_views(highlight)


def chart_from_attrs(catalog: Catalog, theme: Theme, attrs: Mapping[str, str], width: float,
                     probe: list[FootChart] | None = None, numbering: Numbering | None = None) -> FootChart:
    """Build the chart a ``<chart>`` element asks for; ``probe`` collects the charts made."""
    highlight = parse_highlight(attrs.get("highlight", ""))
    unknown = [z for z in highlight if z not in catalog.zones]
    if unknown:
        raise ValueError(f"unknown zone '{unknown[0]}' in highlight")
    views = _views(catalog, attrs, highlight)
    height_attr = attrs.get("height", "90")
    height: float | None = None
    if height_attr != "fill":
        height = float(height_attr) * mm
        if attrs.get("views") == "auto":
            height *= 1 + 0.3 * (len(views) - 1)
    t = catalog.strings
    captions = {"left": t["left_foot"], "right": t["right_foot"], "rest": t["rest_foot"], "key": t["chart_key"]}
    for view in ("medial", "lateral", "dorsal"):
        for side in ("left", "right"):
            label = t.get(f"view_{view}")
            if label:
                captions[f"{view}_{side}"] = f"{captions[side]}, {label}"
        single = t.get(f"view_{view}_single")
        if single:
            captions[f"{view}_single"] = single
    chart = FootChart(
        catalog.charts,
        catalog.zones,
        theme,
        views=views,
        highlight=highlight,
        labels=attrs.get("labels", "highlighted"),
        width=width,
        height=height,
        captions=captions,
        guides=attrs.get("guides", "1") == "1",
        guide_names=attrs.get("guide-names", "0") == "1",
        resting=frozenset(attrs.get("rest", "").split()),
        reserve=parse_length(attrs.get("reserve", "0"), 0),
        label_size=float(attrs.get("label-size", "8")),
        label_min=float(attrs.get("label-min", "8")),
        single_side_views=attrs.get("side-views", "pairs") == "single",
        numbering=numbering,
        own_list=attrs.get("list", "0") == "1",
    )
    if height is not None and chart.labels != "none":
        chart.place_labels()  # labels that cannot fit are the template's mistake: say so now, with its line
    if probe is not None:
        probe.append(chart)
    return chart


class ZoneLegend(Flowable):
    """The numbered list under a numbered chart: numbers are known once the chart is laid out.

    A chart that fills the rest of its page learns its height, and with it where
    its labels go and in which order they are numbered, only when platypus wraps
    it; this legend comes after it and builds its table then.
    """

    def __init__(self, chart: FootChart, names: Mapping[str, str], style: ParagraphStyle, cols: int,
                 width: float) -> None:
        super().__init__()
        self.chart, self.names, self.style, self.cols, self.width = chart, names, style, cols, width
        self._table: Flowable | None = None

    def _build(self) -> Flowable:
        # a list read from across a room: in ink, never smaller than the chart's own labels
        size = max(self.style.fontSize, self.chart.label_size)
        style = ParagraphStyle("zone-list", parent=self.style, textColor=INK, fontSize=size, leading=size * 1.2)
        cells = [Paragraph(f"<b>{n}</b>&#160;&#160;{escape(self.names[z])}", style)
                 for n, z in self.chart.numbered()]
        per_col = max(1, -(-len(cells) // self.cols))
        grid = [[cells[c * per_col + r] if c * per_col + r < len(cells) else "" for c in range(self.cols)]
                for r in range(per_col)]
        return layout_table(grid, [self.width / self.cols] * self.cols, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
            ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._table = self._build()
        return self._table.wrap(avail_width, avail_height)

    def draw(self) -> None:
        if self._table is not None:
            self._table.drawOn(self.canv, 0, 0)


def catalog_blocks(catalog: Catalog, theme: Theme, probe: list[FootChart] | None = None
                   ) -> dict[str, tuple[set[str], Handler]]:
    """The ``chart``, ``legend`` and ``zone-legend`` elements for a StoryBuilder.

    Numbered charts of one document share one numbering: a later chart (the
    poster's second page) carries on where the one before stopped.
    """
    numbering = Numbering()
    numbered: list[FootChart] = []

    def chart(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
        try:
            made = chart_from_attrs(catalog, theme, node.attrs, width, probe, numbering)
        except ValueError as exc:
            raise b.fail(node, str(exc)) from None
        if made.labels == "numbers":
            numbered.append(made)
        return [made]

    def legend(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
        names = {s: catalog.strings.get(f"system_{s}", s) for s in SYSTEMS}
        accent_name = catalog.strings.get("legend_highlight", "") if node.attrs.get("highlight") == "1" else ""
        return [SystemLegend(names, width, theme.accent, accent_name)]

    def zone_legend(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
        if not numbered:
            raise b.fail(node, "zone-legend lists the numbers of a chart with labels=\"numbers\" before it; "
                               "there is none")
        names = {z: zone.name for z, zone in catalog.zones.items()}
        cols = int(node.attrs.get("cols", "3"))
        return [ZoneLegend(numbered[-1], names, b.theme.styles["label"], cols, width)]

    return {
        "chart": ({"views", "highlight", "labels", "height", "guides", "guide-names", "rest", "reserve",
                   "label-size", "label-min", "side-views", "list"}, chart),
        "legend": ({"highlight"}, legend),
        "zone-legend": ({"views", "cols"}, zone_legend),
    }

