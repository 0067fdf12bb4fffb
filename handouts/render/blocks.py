"""Story blocks that need the catalog: the foot chart and its legends.

Kept apart from the core vocabulary in ``story.py`` because they draw on the
catalog and chart geometry; every document that has a catalog (sheet, poster,
brochure) registers them the same way, so a ``<chart>`` means the same thing
in every template.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from handouts.catalog.loader import Catalog
from handouts.charts.draw import FootChart, SystemLegend, zone_numbers
from handouts.render.story import Handler, Node, StoryBuilder, layout_table, parse_length
from handouts.render.theme import RULE, Theme

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
    views = ["plantar"]
    for zone in highlight:
        where = catalog.charts.views_of(zone)
        if where and "plantar" not in where and where[0] not in views:
            views.append(where[0])
    return views


def chart_from_attrs(catalog: Catalog, theme: Theme, attrs: Mapping[str, str], width: float,
                     probe: list[FootChart] | None = None) -> FootChart:
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
    captions = {"left": t.get("left_foot", "Left foot"), "right": t.get("right_foot", "Right foot"),
                "rest": t.get("rest_foot", "rest")}
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
        label_size=float(attrs.get("label-size", "7.5")),
        label_min=float(attrs.get("label-min", "5.5")),
        single_side_views=attrs.get("side-views", "pairs") == "single",
    )
    if height is not None and chart.labels != "none":
        chart.place_labels()  # labels that cannot fit are the template's mistake: say so now, with its line
    if probe is not None:
        probe.append(chart)
    return chart


def catalog_blocks(catalog: Catalog, theme: Theme, probe: list[FootChart] | None = None
                   ) -> dict[str, tuple[set[str], Handler]]:
    """The ``chart``, ``legend`` and ``zone-legend`` elements for a StoryBuilder."""

    def chart(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
        try:
            return [chart_from_attrs(catalog, theme, node.attrs, width, probe)]
        except ValueError as exc:
            raise b.fail(node, str(exc)) from None

    def legend(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
        names = {s: catalog.strings.get(f"system_{s}", s) for s in SYSTEMS}
        accent_name = catalog.strings.get("legend_highlight", "") if node.attrs.get("highlight") == "1" else ""
        return [SystemLegend(names, width, theme.accent, accent_name)]

    def zone_legend(b: StoryBuilder, node: Node, width: float) -> list[Flowable]:
        views = [v.strip() for v in node.attrs.get("views", "plantar").split(",") if v.strip()]
        unknown = [v for v in views if v not in catalog.charts.views]
        if unknown:
            raise b.fail(node, f"no chart geometry for view '{unknown[0]}'")
        numbers = zone_numbers(catalog.zones, catalog.charts, views)
        cols = int(node.attrs.get("cols", "3"))
        style = b.theme.styles["label"]
        cells = [Paragraph(f"<b>{n}</b>&#160;&#160;{_escape(catalog.zones[z].name)}", style)
                 for z, n in numbers.items()]
        per_col = -(-len(cells) // cols)
        grid = [[cells[c * per_col + r] if c * per_col + r < len(cells) else "" for c in range(cols)]
                for r in range(per_col)]
        return [layout_table(grid, [width / cols] * cols, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
            ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ])]

    return {
        "chart": ({"views", "highlight", "labels", "height", "guides", "guide-names", "rest", "reserve",
                   "label-size", "label-min", "side-views"}, chart),
        "legend": ({"highlight"}, legend),
        "zone-legend": ({"views", "cols"}, zone_legend),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
