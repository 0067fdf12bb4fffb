"""Foot charts: geometry that a reflexologist would accept, labels that never collide."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from reportlab.lib.colors import HexColor
from typer.testing import CliRunner

from handouts.build import chart_pdf as render_chart
from handouts.catalog.chart_geometry import point_in_polygon
from handouts.charts.crossings import overlaps
from handouts.cli import app

from .test_sheet_pdf import close, pixel

LEFT_ONLY = ("heart", "spleen", "descending-colon", "sigmoid-colon")
RIGHT_ONLY = ("liver", "gallbladder", "ileocecal-valve", "ascending-colon")
ALL_VIEWS = ["plantar", "medial", "lateral", "dorsal"]


def centre(view, zone):
    return view.zones[zone].shapes[0].centroid()


def test_every_catalog_zone_is_drawn_somewhere(catalog):
    missing = [z for z in catalog.zones if not catalog.charts.views_of(z)]
    assert missing == []
    for zone in catalog.zones.values():  # and on the views the catalog says
        for view in zone.views:
            assert zone.id in catalog.charts.views[view].zones, (zone.id, view)


def test_every_zone_shape_lies_inside_the_foot(catalog):
    for view in catalog.charts.views.values():
        for art in view.zones.values():
            for shape in art.shapes:
                outside = [p for p in shape.samples() if not view.contains(p)]
                assert not outside, (view.name, art.zone, outside[:3])
            assert view.contains(art.anchor), (view.name, art.zone)


def test_outlines_have_five_toes_on_sole_and_top(catalog):
    for name in ("plantar", "dorsal"):
        assert len(catalog.charts.views[name].outline) == 6  # the sole or top, and five toes


def test_known_asymmetries(catalog):
    plantar = catalog.charts.views["plantar"]
    for zone in RIGHT_ONLY:
        assert catalog.zones[zone].foot == "right"
    for zone in LEFT_ONLY:
        assert catalog.zones[zone].foot == "left"
    # where they sit: x runs medial (0) to lateral (1), y heel (0) to toe (1)
    assert centre(plantar, "liver")[0] > 0.5  # outer half of the right sole
    assert centre(plantar, "heart")[0] < 0.45  # inner part of the left ball
    assert centre(plantar, "spleen")[0] > 0.6
    colon = plantar.zones["transverse-colon"].shapes[0].samples()
    assert min(p[0] for p in colon) < 0.3 and max(p[0] for p in colon) > 0.7  # crosses the foot
    for zone in ("ascending-colon", "descending-colon"):
        assert centre(plantar, zone)[0] > 0.7  # up / down the outer edge
    lines = {g.id: g.points[0][1] for g in plantar.guides}
    assert lines["shoulder"] > lines["diaphragm"] > lines["waist"] > lines["heel"]
    assert lines["diaphragm"] < centre(plantar, "lungs")[1]
    assert lines["heel"] > centre(plantar, "pelvis")[1]


def test_spine_runs_along_the_inner_edge_from_toe_to_heel(catalog):
    medial = catalog.charts.views["medial"]
    order = ["cervical-spine", "thoracic-spine", "lumbar-spine", "sacrum-coccyx"]
    xs = [centre(medial, z)[0] for z in order]  # x: heel (0) to toe (1)
    assert xs == sorted(xs, reverse=True)
    assert xs[0] > 0.85 and xs[-1] < 0.35
    assert all(centre(medial, z)[1] < 0.25 for z in order)  # low along the edge


def test_joints_and_reproductive_zones_sit_where_schools_put_them(catalog):
    lateral, medial = catalog.charts.views["lateral"], catalog.charts.views["medial"]
    for zone in ("hip", "knee", "elbow", "shoulder"):
        assert zone in lateral.zones
    xs = [centre(lateral, z)[0] for z in ("shoulder", "elbow", "knee", "hip")]
    assert xs == sorted(xs, reverse=True)  # from below the little toe back to the heel
    ankle = lambda view: sum(p[1] for p in view.details[0][0][:1]) if view.details else 1.0  # noqa: E731
    assert centre(medial, "uterus-prostate")[1] < ankle(medial)
    assert centre(lateral, "ovary-testis")[1] < ankle(lateral)
    assert "uterus-prostate" in medial.zones and "ovary-testis" in lateral.zones


@pytest.fixture(scope="module")
def liver_chart(workspace, catalog):
    probe: list = []
    data = render_chart(catalog, workspace, views=ALL_VIEWS, highlight={"liver": frozenset({"left", "right"})},
                        labels="all", probe=probe)
    return data, probe


def test_liver_is_accent_on_the_right_foot_only(liver_chart, catalog):
    data, probe = liver_chart
    chart = probe[0]
    accent = tuple(round(c * 255) for c in HexColor(catalog.clinic.colours.accent).rgb())
    page = chart.drawn_at[0]
    # even though both feet were asked for, the liver exists on the right foot only
    assert close(pixel(data, page, *chart.zone_point("plantar", "right", "liver", centre=True)), accent)
    assert not close(pixel(data, page, *chart.zone_point("plantar", "left", "liver", centre=True)), accent,
                     tol=40)


def test_outline_is_one_form_reused_for_both_feet(liver_chart):
    data, _ = liver_chart
    reader = pypdf.PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    xobjects = page["/Resources"]["/XObject"]
    outline_names = [n for n in xobjects if "outline_plantar" in n]
    assert len(outline_names) == 1
    assert xobjects[outline_names[0]].get_object()["/Subtype"] == "/Form"
    content = page.get_contents().get_data().decode("latin-1")
    assert len(re.findall(re.escape(outline_names[0]) + r"\s+Do", content)) == 2


def label_boxes_ok(chart, page_box):
    placed = chart.place_labels()
    boxes = [label.box for _, _, label in placed]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not overlaps(boxes[i], boxes[j]), (placed[i][2].key, placed[j][2].key)
    ox, oy = chart.drawn_at[1], chart.drawn_at[2]
    for view_name, _, label in placed:
        x0, y0, x1, y1 = label.box
        # inside the page, with a margin
        assert page_box[0] + 5 <= ox + x0 and ox + x1 <= page_box[2] - 5, label.key
        assert page_box[1] + 5 <= oy + y0 and oy + y1 <= page_box[3] - 5, label.key
        # clear of every foot outline drawn on that view's row
        row = next(r for r in chart.rows() if r.view.name == view_name)
        for box in row.boxes.values():
            for poly in row.view.polygons:
                pts = [box.map(p) for p in poly]
                assert not any(x0 <= px <= x1 and y0 <= py <= y1 for px, py in pts), label.key
                corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2)]
                assert not any(point_in_polygon(c, pts) for c in corners), label.key
    return len(placed)


@pytest.mark.parametrize("page_size", ["a4", "letter", "a3"])
@pytest.mark.parametrize("labels", ["all", "numbers", "highlighted"])
def test_labels_never_collide(workspace, catalog, page_size, labels):
    probe: list = []
    highlight = {z.zone: frozenset({"left", "right"}) for z in catalog.goals["digestion"].steps}
    data = render_chart(catalog, workspace, views=ALL_VIEWS, highlight=highlight, labels=labels,
                        page_size=page_size, probe=probe)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    counted = 0
    for chart in probe:
        page = reader.pages[chart.drawn_at[0] - 1]
        counted += label_boxes_ok(chart, [float(v) for v in page.mediabox])
    if labels == "all":
        drawn = {(v, z) for v in ALL_VIEWS for z in catalog.charts.views[v].zones}
        assert counted >= len(drawn)  # every zone named at least once per view


def test_sheet_chart_labels_never_collide(workspace, catalog):
    from .conftest import sheet_pdf

    for page_size in ("a4", "letter"):
        probe: list = []
        data = sheet_pdf(workspace, catalog, probe=probe, goals=["digestion", "lower-back", "head-neck"],
                         minutes=40, page_size=page_size)
        page = pypdf.PdfReader(io.BytesIO(data)).pages[probe[0].drawn_at[0] - 1]
        assert label_boxes_ok(probe[0], [float(v) for v in page.mediabox]) > 0


def test_chart_command(tmp_path):
    runner = CliRunner()
    out = tmp_path / "c.pdf"
    result = runner.invoke(app, ["chart", "--goal", "digestion", "--page-size", "a3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(str(out)).pages[0]
    assert round(float(page.mediabox.height)) == 1191
    text = "".join(page.extract_text().split())
    assert "Liver" in text and "Diaphragmline" in text
    bad = runner.invoke(app, ["chart", "--highlight", "livr", "-o", str(out)])
    assert bad.exit_code == 1 and "did you mean 'liver'?" in bad.output
    bad = runner.invoke(app, ["chart", "--labels", "some", "-o", str(out)])
    assert bad.exit_code == 1 and "--labels" in bad.output
    bad = runner.invoke(app, ["chart", "--views", "plantar,sideways", "-o", str(out)])
    assert bad.exit_code == 1 and "sideways" in bad.output


def test_toes_join_the_sole_without_holes(liver_chart):
    """Where a toe overlaps the sole the foot is filled (the nonzero rule), not left white."""
    data, probe = liver_chart
    chart = probe[0]
    row = chart.rows()[0]
    for side, box in row.boxes.items():
        for frame_point in ((0.185, 0.80), (0.44, 0.822), (0.875, 0.775)):  # toe bases
            x, y = box.map(frame_point)
            colour = pixel(data, chart.drawn_at[0], chart.drawn_at[1] + x, chart.drawn_at[2] + y)
            assert not all(c > 245 for c in colour), (side, frame_point, colour)


def test_a_view_names_the_foot_it_mirrors(tmp_path):
    from .test_catalog import clinic_with, messages

    ws = clinic_with(tmp_path, {
        "charts/medial.yaml": "view: medial\nmirror: both\naspect: 2\noutline:\n  - [[0,0],[1,0],[1,1],[0,1]]\n",
    })
    found = messages(ws)
    assert any("medial.yaml:2" in m and "mirror" in m and "left or right" in m for m in found), found


def test_shipped_views_mirror_the_foot_anatomy_says(catalog):
    views = catalog.charts.views
    # sole, top and outer edge are numbers for the right foot; drawn as written, an edge has its toes to the
    # right, which is the left foot's inner edge
    assert {name: view.mirror for name, view in views.items()} == {
        "plantar": "left", "dorsal": "left", "lateral": "left", "medial": "right"}
    assert views["medial"].toes_point("right") == "left" and views["lateral"].toes_point("right") == "right"
