"""Story markup for each document: the template context built, the template rendered.

One function per document (for the sheet, a ``SheetMarkup`` called once
per layout), each returning ``(markup, template path)``; the path lets
render point an unknown element at its template line. Every
template context lives in ``compose`` (``context`` for the sheet and the
brochure, here for the chart poster).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from handouts.catalog.chart_geometry import zone_numbers
from handouts.catalog.loader import Catalog
from handouts.compose.context import brochure_context, clinic_context, sheet_context
from handouts.compose.environment import load_template, render_loaded, render_template
from handouts.plan.planner import Plan
from handouts.style import MM, PAGE_POINTS

SHEET_TEMPLATE = "sheet.xml.j2"
CHART_TEMPLATE = "chart.xml.j2"
BROCHURE_TEMPLATE = "brochure.xml.j2"
SOLE_VIEWS = ("plantar",)

Markup = tuple[str, Path | None]


class SheetMarkup:
    """One client's sheet markup in any layout, its template context made once for all the layouts tried.

    A sheet is often rendered in two or three layouts before one fits
    (``render.sheet_fit``); the context (words, dates, steps, cautions) is the
    same for all of them but for the layout's own values, which are laid over
    a copy. The context's lists and dicts are shared between the tries: a
    template only reads them.
    """

    def __init__(self, env: SandboxedEnvironment, catalog: Catalog, plan: Plan) -> None:
        self.env, self.catalog, self.plan = env, catalog, plan
        self._context: dict[str, Any] | None = None
        self._template: jinja2.Template | None = None  # looked up (and its file checked for edits) once a sheet

    @property
    def context(self) -> dict[str, Any]:
        """The layout-free context, made on first use."""
        if self._context is None:
            self._context = sheet_context(self.catalog, self.plan)
        return self._context

    def __call__(self, compact: bool = False, complements: int | None = None, chart_at: str = "goals",
                 chart_scale: float = 1.0) -> Markup:
        """The routine sheet in one layout: compact or not, the first ``complements`` items, the chart's place."""
        context = dict(self.context)
        context["compact"] = compact
        if complements is not None:
            context["complements"] = context["complements"][:complements]
        context["chart_at"] = chart_at
        context["chart_scale"] = chart_scale  # large print: a smaller chart before an extra page
        if self._template is None:
            self._template = load_template(self.env, SHEET_TEMPLATE)
        return render_loaded(self._template, SHEET_TEMPLATE, context)

    def compact_complements(self) -> int:
        """How many "also good for you" items the compact layout shows at most (the layout does not change it)."""
        return len(self.context["complements"])


AVERAGE_GLYPH = 0.55  # Open Sans: a name's width is about this many ems a character (no font metrics here)
POSTER_MARGINS = 36 * MM  # left plus right page margin of the poster (render.document.Margins)


def list_lines(names: Sequence[str], cols: int, width: float, size: float) -> int:
    """Lines the numbered list takes: names too long for their column wrap onto a second line."""
    room = width / cols - size * 3
    lines = sum(2 if len(n) * size * AVERAGE_GLYPH > room else 1 for n in names)
    return -(-lines // cols) + 1


def chart_pages(views: Sequence[str], labels: str, catalog: Catalog, legend_cols: int, width: float = 0.0,
                size: float = 8.8) -> list[dict[str, object]]:
    """Group views into pages: the sole first, then the side and top views together.

    With numbered labels each page keeps room for its list under the feet,
    counting the names that will wrap in their column.
    """
    pages = []
    sole = [v for v in views if v in SOLE_VIEWS]
    rest = [v for v in views if v not in SOLE_VIEWS]
    for kind, group in (("sole", sole), ("sides", rest)):
        if not group:
            continue
        reserve = "3mm"
        if labels == "numbers":
            names = [catalog.zones[z].name for z in zone_numbers(catalog.zones, catalog.charts, group)]
            rows = list_lines(names, legend_cols, width, size) if width else -(-len(names) // legend_cols)
            reserve = f"{6 + rows * (size * 1.2 + 1.2) / MM:.0f}mm"
        pages.append({"kind": kind, "views": group, "reserve": reserve})
    return pages


def chart_context(catalog: Catalog, views: Sequence[str], highlight: Mapping[str, frozenset[str]], labels: str,
                  page_size: str) -> dict[str, Any]:
    """Everything ``chart.xml.j2`` prints: pages of views, lit zones, label mode, legend columns."""
    legend_cols = 4 if page_size == "a3" else 3
    return {
        "t": catalog.strings,
        "clinic": clinic_context(catalog),
        "pages": chart_pages(views, labels, catalog, legend_cols, PAGE_POINTS[page_size][0] - POSTER_MARGINS,
                             10.0 if page_size == "a3" else 8.8),
        "labels": labels,
        "highlight": " ".join(f"{z}:{'+'.join(sorted(f))}" for z, f in sorted(highlight.items())),
        "legend_cols": legend_cols,
        "label_size": "10" if page_size == "a3" else "8",  # a wall poster is read from further away
    }


def chart_markup(env: SandboxedEnvironment, catalog: Catalog, views: Sequence[str],
                 highlight: Mapping[str, frozenset[str]], labels: str, page_size: str) -> Markup:
    """The chart poster's story."""
    return render_template(env, CHART_TEMPLATE, chart_context(catalog, views, highlight, labels, page_size))


def brochure_markup(env: SandboxedEnvironment, catalog: Catalog, layout: str) -> Markup:
    """The brochure's story for one layout."""
    return render_template(env, BROCHURE_TEMPLATE, brochure_context(catalog, layout))
