"""Caches a long-running process keeps in memory (the front desk runs for days and reloads edited data).

Several are keyed by an object's ``id`` for speed. An id is unique only while
its object lives: a catalog reloaded after an edit can be given the id a
freed one had. These tests hand each cache an entry made for another object
under the new object's id, as id reuse would, and check it is not taken.
"""

from __future__ import annotations

import shutil

import pytest
from reportlab.pdfgen.canvas import Canvas

from handouts.build import open_workspace
from handouts.catalog import printable
from handouts.catalog.loader import load_catalog
from handouts.charts import paint
from handouts.charts.paint import FootBox
from handouts.errors import HandoutsError
from handouts.files.paths import shipped_templates


def test_a_clean_check_of_a_freed_catalog_is_not_taken_for_a_new_one(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    templates = tmp_path / "templates"
    shutil.copytree(shipped_templates(), templates)
    ws = open_workspace(templates_dir=templates, cwd=tmp_path)
    clean = load_catalog.__wrapped__(ws)
    printable.check_sources(clean, ws)
    sheet = next(templates.glob("sheet*.j2"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n🌿\n", encoding="utf-8")  # the editor's change
    edited = load_catalog.__wrapped__(ws)
    printable._CHECKED[id(edited)] = clean  # what the table holds if the new catalog got the old one's id
    with pytest.raises(HandoutsError, match="U\\+1F33F"):
        printable.check_sources(edited, ws)


def test_a_kept_outline_is_only_used_for_the_view_it_was_made_for(workspace):
    views = load_catalog(workspace).charts.views
    first, other = views["plantar"], views["medial"]
    box = FootBox(0, 0, 100, 200, False)
    canvas = Canvas(None)
    made = paint._outline_path(canvas, first, box)
    paint._OUTLINE_PATHS[(id(other), box)] = (first, made)  # the entry id reuse would leave behind
    assert paint._outline_path(canvas, other, box) is not made
    assert paint._outline_path(canvas, first, box) is made
