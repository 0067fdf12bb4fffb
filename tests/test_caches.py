"""The process-wide caches (parsed paragraphs, broken lines, chart label layouts, form operators) never change
output: a sheet drawn cold, with every cache empty, is byte-identical to the same sheet drawn warm."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys

import pytest

from handouts.build import chart_pdf, sheet_from_plan
from handouts.catalog.chart_geometry import point_in_polygon
from handouts.catalog.loader import load_catalog
from handouts.catalog.stored import geometry_key
from handouts.charts import column, draw, layouts, paint, placement
from handouts.charts.obstacles import FootObstacles, _crosses_ring, _near_line
from handouts.files.cache import cache_root
from handouts.plan.planner import make_plan
from handouts.render import logo, table
from handouts.rl_compat import CachedParagraph, kept_drawings, numbers

from .conftest import client, pdf_text, squash


def _clear() -> None:
    """Every cache empty: this process's, and the label layouts kept on disk for the next process."""
    CachedParagraph._parsed.clear()
    CachedParagraph._lines.clear()
    layouts._LAYOUTS.clear()
    placement._FEET.clear()
    placement._COLUMNS.clear()
    column._BEST_ENDS.clear()
    column._PREFERRED.clear()
    root = cache_root()
    if root is not None:
        shutil.rmtree(root / layouts.STORE, ignore_errors=True)
    paint._FORM_CODE.clear()
    paint._OUTLINE_PATHS.clear()
    paint._HIGHLIGHT_CODE.clear()
    table._WIDTHS.clear()
    logo._DRAWN.clear()
    logo._KEPT.clear()
    kept_drawings._KEPT.clear()
    numbers.numbers_text.cache_clear()


def test_cold_and_warm_sheets_are_the_same_bytes(workspace):
    catalog = load_catalog(workspace)
    plan = make_plan(catalog, client(catalog, conditions=["diabetes"], notes="Drink water after."))
    _clear()
    cold = sheet_from_plan(catalog, workspace, plan)
    assert CachedParagraph._parsed and CachedParagraph._lines and paint._FORM_CODE  # the caches filled
    assert paint._HIGHLIGHT_CODE and table._WIDTHS
    warm = sheet_from_plan(catalog, workspace, plan)
    assert cold == warm and cold.startswith(b"%PDF")


def test_charts_of_other_goals_share_feet_placed_alike_and_draw_the_bytes_of_fresh_ones(workspace, monkeypatch):
    """A foot's obstacles are kept for the process: another goal set's chart with a foot in the same place
    and size uses them, and draws what it draws with nothing kept."""
    catalog = load_catalog(workspace)
    plans = [make_plan(catalog, client(catalog, goals=[goal], minutes=30)) for goal in ("stress", "digestion")]
    built: list[FootObstacles] = []

    class Counted(FootObstacles):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            built.append(self)

    monkeypatch.setattr(placement, "FootObstacles", Counted)
    _clear()
    sheet_from_plan(catalog, workspace, plans[0])
    placed, worked_out = len(layouts._LAYOUTS), len(built)
    warm = sheet_from_plan(catalog, workspace, plans[1])
    assert len(layouts._LAYOUTS) > placed  # the second chart's labels were placed anew...
    assert worked_out and len(built) == worked_out  # ...around the feet the first chart's placing worked out
    _clear()
    assert not placement._FEET
    assert sheet_from_plan(catalog, workspace, plans[1]) == warm


def test_cold_and_warm_charts_are_the_same_bytes(workspace):
    catalog = load_catalog(workspace)
    views = list(catalog.charts.views)
    _clear()
    cold = chart_pdf(catalog, workspace, views=views, highlight={"liver": frozenset({"right"})}, labels="all")
    assert layouts._LAYOUTS
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


def test_every_schema_has_a_record_with_the_same_fields_in_the_same_order():
    import inspect

    from pydantic import BaseModel

    from handouts.catalog import entries, models

    schemas = [c for _, c in inspect.getmembers(models, inspect.isclass)
               if issubclass(c, BaseModel) and c is not models.Entry and c.__module__ == models.__name__]
    assert len(schemas) == 12
    for schema in schemas:
        record = getattr(entries, schema.__name__)
        assert issubclass(record, entries.Record)
        assert tuple(schema.model_fields) == record.FIELDS, schema.__name__


def test_catalog_entries_are_plain_frozen_records(catalog):
    from handouts.catalog.entries import Caution, Record, RulesOut

    caution = catalog.cautions["diabetes"]
    assert type(caution) is Caution and type(caution.rules_out) is RulesOut
    assert all(isinstance(step, Record) for goal in catalog.goals.values() for step in goal.steps)
    with pytest.raises(AttributeError):
        caution.action = "refer"
    with pytest.raises(TypeError, match="exactly the fields"):
        Caution(id="x")
    assert caution == copy.deepcopy(caution) and caution != catalog.cautions["fever"]


@pytest.mark.slow  # starts separate processes
def test_a_stored_catalog_loads_without_pydantic_or_yaml(tmp_path):
    code = ("import sys; import handouts.catalog.loader as L, handouts.files.search_path as W; "
            "c = L.load_catalog(W.find_workspace()); assert c.zones['liver'].foot == 'right'; "
            "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml')}))")
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                           cwd=tmp_path).stdout.strip() for _ in range(2)]
    assert runs == ["['pydantic', 'yaml']", "[]"]  # the first loads the YAML and stores it; the second reads it


def test_a_damaged_store_entry_is_ignored(tmp_path, monkeypatch, workspace):
    from handouts.catalog import stored
    from handouts.files.cache import read_stored

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    key = stored.catalog_key(workspace, "en")
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / f"{key}.pickle").write_bytes(b"not a pickle")
    assert load_catalog.__wrapped__(workspace).zones  # loaded from YAML instead
    assert read_stored(stored.STORE, key) is not None  # and stored again, whole


def _chart(workspace, catalog, zone: str) -> bytes:
    return chart_pdf(catalog, workspace, views=["plantar"], highlight={zone: frozenset({"left", "right"})},
                     labels="highlighted")


def test_a_cached_layout_is_never_used_for_other_highlights(workspace):
    catalog = load_catalog(workspace)
    _clear()
    cold_kidneys = _chart(workspace, catalog, "kidney")
    _clear()
    _chart(workspace, catalog, "liver")  # a layout for the liver in the cache first
    warm_kidneys = _chart(workspace, catalog, "kidney")
    assert len(layouts._LAYOUTS) == 2  # one layout per highlight set, not one shared
    assert len({key[3] for key in paint._HIGHLIGHT_CODE}) == 2  # and highlight operators per set too
    assert warm_kidneys == cold_kidneys
    assert "Kidney" in squash(pdf_text(warm_kidneys)) and "Liver" not in squash(pdf_text(warm_kidneys))


def test_the_layout_cache_is_bounded_and_keeps_what_was_used_last(workspace, monkeypatch):
    catalog = load_catalog(workspace)
    monkeypatch.setattr(layouts, "LAYOUT_LIMIT", 3)
    _clear()

    def lit() -> list[str]:
        return [next(iter(dict(key[3]))) for key in layouts._LAYOUTS]

    for zone in ("liver", "kidney", "bladder"):
        _chart(workspace, catalog, zone)
    _chart(workspace, catalog, "liver")  # used again: now the most recent
    _chart(workspace, catalog, "heart")  # one too many: the least recently used (kidney) goes
    assert lit() == ["bladder", "liver", "heart"]


def test_a_layout_kept_on_disk_draws_the_same_bytes_without_placing_anything(workspace, monkeypatch, tmp_path):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))  # its own: the other worker stores too
    catalog = load_catalog(workspace)
    assert catalog.charts.geometry  # a loaded catalog names its chart geometry
    _clear()
    placed = _chart(workspace, catalog, "kidney")
    stored = list((cache_root() / layouts.STORE).glob("*.pickle"))
    assert len(stored) == 1
    layouts._LAYOUTS.clear()  # a new process: nothing in memory, the layout on disk

    def no_placing(self):
        raise AssertionError("labels placed again")

    monkeypatch.setattr(draw.FootChart, "_place_all", no_placing)
    assert _chart(workspace, catalog, "kidney") == placed
    with pytest.raises(AssertionError, match="placed again"):
        _chart(workspace, catalog, "liver")  # another highlight: never the kidney's layout


def test_a_numbered_poster_is_kept_with_the_numbers_its_earlier_charts_gave(workspace, monkeypatch, tmp_path):
    """The poster's later charts continue the first one's numbers: kept under those numbers, drawn the same."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))  # its own: the other worker stores too
    catalog = load_catalog(workspace)
    views = sorted(catalog.charts.views)
    _clear()
    probe: list = []
    cold = chart_pdf(catalog, workspace, views=views, highlight={}, labels="numbers", probe=probe)
    assert len(probe) > 1 and any(chart.numbering.numbers for chart in probe[1:])
    assert len(list((cache_root() / layouts.STORE).glob("*.pickle"))) == len(probe)
    layouts._LAYOUTS.clear()  # a new process
    monkeypatch.setattr(draw.FootChart, "_place_all", lambda self: pytest.fail("labels placed again"))
    assert chart_pdf(catalog, workspace, views=views, highlight={}, labels="numbers") == cold


def test_a_clinic_that_edits_its_wording_keeps_its_layouts(tmp_path, workspace, monkeypatch):
    """Layouts are named by the chart geometry and zones, not by every data file: a goal's new wording
    (validate, then the next sheet) places no label again; a new zone name does."""
    from handouts.build import open_workspace
    from handouts.files.paths import shipped_data

    clinic = tmp_path / "clinic"
    shutil.copytree(shipped_data(), clinic / "data")
    catalog = load_catalog(open_workspace(data_dir=clinic / "data", cwd=tmp_path))
    _clear()
    kept = _chart(workspace, catalog, "kidney")
    goals = clinic / "data" / "goals.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace("Better sleep", "Sleep better"), encoding="utf-8")
    edited = load_catalog.__wrapped__(open_workspace(data_dir=clinic / "data", cwd=tmp_path))
    assert edited.charts.digest != catalog.charts.digest  # a new catalog...
    assert edited.charts.geometry == catalog.charts.geometry  # ...with the same geometry
    layouts._LAYOUTS.clear()
    with monkeypatch.context() as patched:
        patched.setattr(draw.FootChart, "_place_all", lambda self: pytest.fail("labels placed again"))
        assert _chart(workspace, edited, "kidney") == kept
    zones = clinic / "data" / "zones.yaml"
    zones.write_text(zones.read_text(encoding="utf-8").replace("name: Kidneys", "name: Both kidneys"), encoding="utf-8")
    renamed = load_catalog.__wrapped__(open_workspace(data_dir=clinic / "data", cwd=tmp_path))
    assert renamed.zones["kidney"].name == "Both kidneys"
    assert "Both kidneys" in pdf_text(_chart(workspace, renamed, "kidney"))


def test_a_layout_on_disk_is_named_by_the_content_it_was_placed_for(catalog):
    import dataclasses

    from handouts.catalog.entries import Zone

    settings = (("plantar",), (("liver", ("right",)),), "highlighted")
    key = layouts.stored_key(catalog.charts, catalog.zones, settings)
    assert key == layouts.stored_key(catalog.charts, dict(catalog.zones), settings)  # by content, not object
    other_data = dataclasses.replace(catalog.charts, geometry="other views")
    fields = {n: getattr(catalog.zones["liver"], n) for n in Zone.FIELDS}
    renamed = {**catalog.zones, "liver": Zone(**{**fields, "name": "Liver (hepar)"})}
    assert len({key, layouts.stored_key(other_data, catalog.zones, settings),
                layouts.stored_key(catalog.charts, renamed, settings),
                layouts.stored_key(catalog.charts, catalog.zones, (*settings[:2], "all"))}) == 4
    assert layouts.stored_key(dataclasses.replace(catalog.charts, geometry=""), catalog.zones, settings) is None
    assert catalog.charts.geometry == geometry_key(dataclasses.replace(catalog.charts, digest="", geometry=""))


def test_layouts_need_no_store(workspace, monkeypatch):
    catalog = load_catalog(workspace)
    _clear()
    kept = _chart(workspace, catalog, "liver")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    layouts._LAYOUTS.clear()
    assert _chart(workspace, catalog, "liver") == kept


def test_a_clean_printable_check_is_kept_and_any_template_edit_checks_again(tmp_path, monkeypatch):
    from handouts.build import open_workspace
    from handouts.catalog import printable
    from handouts.errors import HandoutsError
    from handouts.files.paths import shipped_templates

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    shutil.copytree(shipped_templates(), templates)
    ws = open_workspace(templates_dir=templates, cwd=tmp_path)
    catalog = load_catalog.__wrapped__(ws)
    printable.check_sources(catalog, ws)
    assert len(list((tmp_path / "cache" / printable.STORE).glob("*.pickle"))) == 1
    printable._CHECKED.clear()  # a new process
    monkeypatch.setattr(printable, "unprintable_sources", lambda *a: pytest.fail("checked again"))
    printable.check_sources(catalog, ws)  # the kept result
    monkeypatch.undo()
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    printable._CHECKED.clear()
    sheet = next(templates.glob("sheet*.j2"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n🌿\n", encoding="utf-8")
    with pytest.raises(HandoutsError, match="U\\+1F33F"):
        printable.check_sources(catalog, ws)


def test_the_fonts_stamp_follows_the_font_files(tmp_path, monkeypatch):
    from handouts import typeface
    from handouts.files.paths import FONTS_DIR

    fonts = tmp_path / "fonts"
    shutil.copytree(FONTS_DIR, fonts)
    monkeypatch.setattr(typeface, "FONTS_DIR", fonts)
    before = typeface.fonts_stamp()
    assert before == typeface.fonts_stamp()
    regular = fonts / typeface.FILES[typeface.REGULAR]
    regular.write_bytes(regular.read_bytes() + b"\0")
    assert typeface.fonts_stamp() != before


def test_a_kept_fingerprint_is_the_hash_of_every_byte_and_any_data_edit_counts(tmp_path, monkeypatch):
    import os

    from handouts.batch import manifest
    from handouts.build import open_workspace
    from handouts.files.paths import shipped_data

    data = tmp_path / "data"
    shutil.copytree(shipped_data(), data)
    ws = open_workspace(data_dir=data, cwd=tmp_path)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    computed = manifest.fingerprint(ws)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    assert manifest.fingerprint(ws) == computed == manifest.fingerprint(ws)  # the second one read back
    assert len(list((tmp_path / "cache" / manifest.STORE).glob("*.pickle"))) == 1
    faq = data / "faq.yaml"
    info = faq.stat()
    text = faq.read_bytes()
    faq.write_bytes(text.replace(b"a", b"e", 1))  # same size, same time: only the bytes tell
    os.utime(faq, ns=(info.st_atime_ns, info.st_mtime_ns))
    edited = manifest.fingerprint(ws)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    assert edited == manifest.fingerprint(ws) != computed


def test_the_fingerprint_reads_the_files_rglob_found_in_its_order(tmp_path):
    """The fingerprint's own listing (os.scandir) must find what ``rglob`` did, in the same order, or every
    sheet recorded in a clinic's history would carry a new fingerprint for the same files."""
    from handouts.batch import manifest
    from handouts.files.paths import PACKAGE_DIR, shipped_data

    for name in ["a.py", ".py", "..py", "b.yaml", "c.YAML", "x.py.", "sub/d.j2", "sub/__pycache__/e.py",
                 "sub/__pycache__/e.cpython-311.pyc", ".hidden/f.yml", "sub/deep/h.ttf", "Z.yml", "sub.py/i.j2"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    (tmp_path / "linked").symlink_to(tmp_path / "sub")  # a link to a folder is not entered
    (tmp_path / "link.py").symlink_to(tmp_path / "a.py")  # a link to a file counts
    (tmp_path / "broken.py").symlink_to(tmp_path / "nowhere")

    def by_rglob(folder):
        return [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in manifest.FINGERPRINTED]

    for folder in (tmp_path, PACKAGE_DIR, shipped_data(), tmp_path / "missing"):
        assert manifest._files_below(folder) == by_rglob(folder)
    assert [str(p.relative_to(tmp_path)) for p in manifest._files_below(tmp_path)] == [
        "..py", ".hidden/f.yml", "Z.yml", "a.py", "b.yaml", "link.py", "sub/__pycache__/e.py", "sub/d.j2",
        "sub/deep/h.ttf", "sub.py/i.j2"]


def _reference_count(obs, target, a, b, limit):
    """Zones crossed, shape by shape, with no box tests at all: what ``FootObstacles.count`` must agree with."""
    found = 0
    for zone_id, ob in obs.obstacles.items():
        if zone_id == target:
            continue
        hit = any(_crosses_ring(a, b, poly) or point_in_polygon(a, poly) for poly in ob.fills) or any(
            _near_line(a, b, line, half) for line, half in ob.strokes)
        found += hit
        if found >= limit:
            break
    return found


def test_zone_crossings_counted_with_box_tests_match_a_shape_by_shape_count(catalog):
    import random

    view = catalog.charts.views["plantar"]
    zones = [z for z in view.zones if z in catalog.zones]
    obs = FootObstacles(view, zones, lambda p: (40 + 120 * p[0], 30 + 260 * p[1]), 260.0)
    rng = random.Random(13)
    crossing = 0
    for _ in range(3000):
        a = (rng.uniform(0, 200), rng.uniform(0, 320))
        b = (rng.uniform(0, 200), rng.uniform(0, 320))
        target, limit = rng.choice(zones), rng.choice((1, 2, 5, 99))
        expected = _reference_count(obs, target, a, b, limit)
        assert obs.count(target, a, b, limit) == expected
        crossing += expected > 0
    assert crossing > 1000  # the segments did run through zones, not past the foot


def test_remembered_crossing_counts_answer_every_limit_as_a_fresh_count(catalog, monkeypatch):
    """``FootObstacles.count`` keeps its answers; one cut short at a limit must still answer higher limits right."""
    import random

    from handouts.charts import obstacles

    view = catalog.charts.views["plantar"]
    zones = [z for z in view.zones if z in catalog.zones]
    obs = FootObstacles(view, zones, lambda p: (40 + 120 * p[0], 30 + 260 * p[1]), 260.0)
    rng = random.Random(29)
    questions = [((rng.uniform(0, 200), rng.uniform(0, 320)), (rng.uniform(0, 200), rng.uniform(0, 320)),
                  rng.choice(zones)) for _ in range(400)]
    monkeypatch.setattr(obstacles, "COUNTED_LIMIT", 1000)  # cleared once or twice on the way
    obstacles._COUNTED.clear()
    worked_out = 0
    _count = FootObstacles._count

    def counted(self, *args):
        nonlocal worked_out
        worked_out += 1
        return _count(self, *args)

    monkeypatch.setattr(FootObstacles, "_count", counted)
    asked, several = 0, 0
    for _ in range(6):
        for a, b, target in questions:
            limit = rng.choice((0, 1, 2, 3, 5, 99))
            expected = _reference_count(obs, target, a, b, max(limit, 1))
            assert obs.count(target, a, b, limit) == expected, (a, b, target, limit)
            asked += 1
            several += expected > 1
    assert several > 100 and worked_out < asked / 2  # most answers came from what was kept


def test_a_logo_is_converted_to_operators_once_only_when_they_are_plain_paths(tmp_path, monkeypatch):
    """A logo's operators are replayed in later files only when they name no resource (font, transparency)."""
    import io

    import pypdf
    from reportlab.pdfgen.canvas import Canvas

    from handouts.render.fonts import register_fonts

    register_fonts()  # the canvas's first font is the family's, as in every document handouts makes
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    shape = '<rect x="2" y="2" width="36" height="16" fill="#336699"{}/>'
    plain, faded = tmp_path / "plain.svg", tmp_path / "faded.svg"
    for path, extra in ((plain, ""), (faded, ' fill-opacity="0.5"')):
        path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">{shape.format(extra)}</svg>',
                        encoding="utf-8")

    def page(path) -> pypdf.PageObject:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        assert logo.draw_logo(canvas, path, 10, 100, 80, 40) > 0
        canvas.showPage()
        canvas.save()
        return pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages[0]

    logo._DRAWN.clear()
    first = page(plain).get_contents().get_data()
    assert logo._DRAWN and b"re" in first
    assert page(plain).get_contents().get_data() == first  # replayed: the same operators
    logo._DRAWN.clear()
    for _ in range(2):
        drawn = page(faded)
        assert not logo._DRAWN  # names a transparency state: drawn anew in every file
        states = drawn["/Resources"]["/ExtGState"]
        assert any(state.get("/ca") == 0.5 for state in states.values())


def test_parsed_faces_are_kept_and_any_font_byte_names_a_new_entry(tmp_path, monkeypatch):
    from reportlab.pdfbase import ttfonts

    from handouts.files.paths import FONTS_DIR
    from handouts.render import fonts as render_fonts

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "fonts"
    shutil.copytree(FONTS_DIR, folder)
    monkeypatch.setattr(render_fonts, "FONTS_DIR", folder)
    parsed: list[str] = []
    real_init = ttfonts.TTFontFace.__init__

    def counting_init(self, filename, *args, **kwargs):
        parsed.append(os.path.basename(filename))
        real_init(self, filename, *args, **kwargs)

    monkeypatch.setattr(ttfonts.TTFontFace, "__init__", counting_init)
    cold = render_fonts._fonts()
    assert len(parsed) == 4 and len(list((tmp_path / "cache" / render_fonts.STORE).iterdir())) == 1
    warm = render_fonts._fonts()
    assert len(parsed) == 4  # nothing parsed again
    for a, b in zip(cold, warm, strict=True):
        assert a.fontName == b.fontName and a.face.filename == b.face.filename
        assert a.face.filename.startswith(str(folder)) and a.face.charWidths == b.face.charWidths
        assert a.face.makeSubset([0, 65, 66]) == b.face.makeSubset([0, 65, 66])
    bold = folder / "OpenSans-Bold.ttf"
    bold.write_bytes(bold.read_bytes() + b"\0")  # one byte more at the end: ReportLab reads it as before
    render_fonts._fonts()
    assert len(parsed) == 8 and len(list((tmp_path / "cache" / render_fonts.STORE).iterdir())) == 2


def test_a_plain_logo_is_written_from_the_kept_operators_in_a_later_process(tmp_path, monkeypatch):
    """A later process writes a plain-path logo's kept operators: the same page, no drawing made, any edit redrawn."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from handouts.render.fonts import register_fonts

    register_fonts()
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "logo.svg"
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
           '<rect width="36" height="16" fill="{}"/></svg>')
    path.write_text(svg.format("#336699"), encoding="utf-8")

    def page() -> tuple[bytes, float]:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        width = logo.draw_logo(canvas, path, 10, 100, 80, 40)
        canvas.showPage()
        canvas.save()
        return buffer.getvalue(), width

    def fresh_process() -> None:
        logo._DRAWN.clear()
        logo._KEPT.clear()
        logo._CACHE.clear()

    fresh_process()
    drawn = page()
    assert len(list((tmp_path / "cache" / logo.OPERATORS).iterdir())) == 1
    fresh_process()
    with monkeypatch.context() as patched:
        patched.setattr(logo, "letterhead_logo", lambda _: pytest.fail("the drawing was made again"))
        assert page() == drawn and drawn[1] == 80
    assert drawn[0].startswith(b"%PDF-1.4")  # svglib's opacity of 1 asks for 1.4; the replay asks again
    path.write_text(svg.format("#993366"), encoding="utf-8")  # another colour, the same size
    fresh_process()
    recoloured = page()
    assert recoloured[0] != drawn[0]  # not the kept operators of the old file
    assert len(list((tmp_path / "cache" / logo.OPERATORS).iterdir())) == 2


def test_a_store_goes_down_to_its_limit_only_once_it_is_an_eighth_over(tmp_path):
    """Writing one entry lists the folder's names only; past limit + limit/8 the oldest go, down to the limit."""
    from handouts.files.cache import write_private

    for n in range(18):
        write_private(tmp_path / f"{n:02d}.pickle", b"x", limit=16)
        os.utime(tmp_path / f"{n:02d}.pickle", ns=(n * 10**9, n * 10**9))  # written a second apart
    assert len(list(tmp_path.glob("*.pickle"))) == 18  # 16 + 2: not yet over
    write_private(tmp_path / "18.pickle", b"x", limit=16)
    kept = sorted(p.name for p in tmp_path.glob("*.pickle"))
    assert kept == [f"{n:02d}.pickle" for n in range(3, 19)]  # the three oldest went
    (tmp_path / "other.txt").write_text("not of this kind")
    write_private(tmp_path / "19.pickle", b"x", limit=2)
    assert (tmp_path / "other.txt").exists() and len(list(tmp_path.glob("*.pickle"))) == 2
