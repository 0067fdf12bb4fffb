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


def test_stored_catalog_is_the_loaded_one_and_any_edit_makes_a_new_key(tmp_path, monkeypatch):
    import shutil

    from handouts.build import open_workspace
    from handouts.catalog import stored
    from handouts.files.paths import shipped_data

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(shipped_data(), data)
    ws = open_workspace(data_dir=data, cwd=tmp_path)
    fresh = load_catalog.__wrapped__(ws)  # no stored entry yet: loaded from YAML, then stored
    key = stored.catalog_key(ws, "en")
    assert (tmp_path / "cache" / "catalogs" / f"{key}.pickle").is_file()
    again = load_catalog.__wrapped__(ws)  # from the store
    assert again is not fresh and again == fresh
    zones = data / "zones.yaml"
    zones.write_text(zones.read_text(encoding="utf-8").replace("name: ", "name: X", 1), encoding="utf-8")
    assert stored.catalog_key(ws, "en") != key
    edited = load_catalog.__wrapped__(ws)
    assert edited != fresh and any(z.name.startswith("X") for z in edited.zones.values())
    (data / "extra.txt").write_text("a new file counts too", encoding="utf-8")
    assert stored.catalog_key(ws, "en") != stored.catalog_key(open_workspace(cwd=tmp_path), "en")


def test_a_damaged_store_entry_is_ignored(tmp_path, monkeypatch, workspace):
    from handouts.catalog import stored

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    key = stored.catalog_key(workspace, "en")
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / f"{key}.pickle").write_bytes(b"not a pickle")
    assert load_catalog.__wrapped__(workspace).zones  # loaded from YAML instead
    assert stored.read_stored(key) is not None  # and stored again, whole
