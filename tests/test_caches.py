"""The process-wide caches (parsed paragraphs, broken lines, chart label layouts, form operators) never change
output: a sheet drawn cold, with every cache empty, is byte-identical to the same sheet drawn warm."""

from __future__ import annotations

from handouts.build import chart_pdf, sheet_from_plan
from handouts.catalog.loader import load_catalog
from handouts.charts import draw, paint
from handouts.plan.planner import make_plan
from handouts.rl_compat import CachedParagraph

from .conftest import client


def _clear() -> None:
    CachedParagraph._parsed.clear()
    CachedParagraph._lines.clear()
    draw._LAYOUTS.clear()
    paint._FORM_CODE.clear()
    paint._OUTLINE_PATHS.clear()


def test_cold_and_warm_sheets_are_the_same_bytes(workspace):
    catalog = load_catalog(workspace)
    plan = make_plan(catalog, client(catalog, conditions=["diabetes"], notes="Drink water after."))
    _clear()
    cold = sheet_from_plan(catalog, workspace, plan)
    assert CachedParagraph._parsed and CachedParagraph._lines and paint._FORM_CODE  # the caches filled
    warm = sheet_from_plan(catalog, workspace, plan)
    assert cold == warm and cold.startswith(b"%PDF")


def test_cold_and_warm_charts_are_the_same_bytes(workspace):
    catalog = load_catalog(workspace)
    views = list(catalog.charts.views)
    _clear()
    cold = chart_pdf(catalog, workspace, views=views, highlight={"liver": frozenset({"right"})}, labels="all")
    assert draw._LAYOUTS
    warm = chart_pdf(catalog, workspace, views=views, highlight={"liver": frozenset({"right"})}, labels="all")
    assert cold == warm
