"""Chart layout as a reader meets it: which way the side views face, leaders, text sizes, numbers.

Sizes and numbers are read back from the PDF's text operators, not from the
objects that asked for them.
"""

from __future__ import annotations

import itertools

import pytest

from handouts.build import chart_pdf as render_chart
from handouts.charts.crossings import segment_hits_box, segments_cross
from handouts.charts.draw import FootChart
from handouts.charts.placement import leader_report
from handouts.charts.stacking import stack_centred
from handouts.render.theme import make_theme

from .conftest import sheet_pdf, squash, text_runs
from .test_sheet_pdf import close, pixel

ALL_VIEWS = ["plantar", "medial", "lateral", "dorsal"]


def in_chart(chart: FootChart, run: tuple[int, str, float, float, float]) -> bool:
    page, _, x, y, _ = run
    ox, oy = chart.drawn_at[1], chart.drawn_at[2]
    return page == chart.drawn_at[0] and ox - 1 <= x <= ox + chart.width + 1 and oy - 12 <= y <= oy + chart.height


# -- side views ------------------------------------------------------------------------------------
def toe_direction(chart: FootChart, view: str, side: str) -> int:
    """+1 when the toes of this foot's view point right on the page, -1 when they point left."""
    row = next(r for r in chart.rows() if r.view.name == view)
    heel, toe = row.boxes[side].map((0.0, 0.1)), row.boxes[side].map((1.0, 0.1))
    return 1 if toe[0] > heel[0] else -1


def test_inner_and_outer_edge_of_one_foot_point_opposite_ways(catalog):
    theme = make_theme(catalog.clinic.colours.primary, catalog.clinic.colours.accent)
    chart = FootChart(catalog.charts, catalog.zones, theme, views=["medial", "lateral"], labels="none",
                      width=480, height=300)
    for side in ("left", "right"):
        assert toe_direction(chart, "medial", side) == -toe_direction(chart, "lateral", side), side
    # seen from the other foot, the right foot's inner edge has its toes to the left; from outside, to the right
    assert toe_direction(chart, "medial", "right") == -1 and toe_direction(chart, "lateral", "right") == 1
    assert toe_direction(chart, "medial", "left") == 1 and toe_direction(chart, "lateral", "left") == -1


def test_poster_side_views_are_drawn_as_captioned(workspace, catalog):
    """The single side views say "right foot": the ankle (heel end) must be where the right foot has it."""
    probe: list = []
    data = render_chart(catalog, workspace, views=["medial", "lateral"], highlight={}, labels="all", probe=probe)
    chart = probe[0]
    text = squash(" ".join(run.text for run in text_runs(data, page=1)))
    assert "Rightfoot,inneredge" in text and "Rightfoot,outeredge" in text
    for row, heel_side in zip(chart.rows(), ("right", "left"), strict=True):  # inner: toes left; outer: right
        box = row.boxes["right"]
        ankle = (box.x + box.w * (0.8 if heel_side == "right" else 0.2), box.y + box.h * 0.9)
        empty = (box.x + box.w * (0.2 if heel_side == "right" else 0.8), box.y + box.h * 0.9)
        ox, oy = chart.drawn_at[1], chart.drawn_at[2]
        assert not close(pixel(data, 1, ox + ankle[0], oy + ankle[1]), (255, 255, 255), tol=3), row.view.name
        assert close(pixel(data, 1, ox + empty[0], oy + empty[1]), (255, 255, 255), tol=3), row.view.name


def test_sole_caption_says_what_the_drawing_shows(workspace, catalog):
    data = render_chart(catalog, workspace, views=["plantar"], highlight={}, labels="all")
    text = " ".join(" ".join(run.text for run in text_runs(data, page=1)).split())
    assert "looked down through your own feet" in text and "seen from below" not in text


# -- leaders ---------------------------------------------------------------------------------------
def check_leaders(chart: FootChart) -> tuple[int, int]:
    """No leader crosses another leader, a label or a caption; returns (leaders, zones crossed)."""
    placed = chart.place_labels()
    leaders = [(label.key, label.leader_start, label.anchor) for _, side, label in placed if side != "centre"]
    for i, (key, a, b) in enumerate(leaders):
        for other, c, d in leaders[i + 1:]:
            assert not segments_cross(a, b, c, d), (key, other)
    for key, a, b in leaders:
        for _, _, label in placed:
            if label.leader_start == a:  # its own label: the leader starts just beside it
                continue
            assert not segment_hits_box(a, b, label.box), (key, label.key)
        for box in chart.caption_boxes():
            assert not segment_hits_box(a, b, box), (key, box)
    crossed = [len(zones) for *_, zones in leader_report(chart)]
    assert max(crossed, default=0) <= 3  # no leader runs through more than three other zones
    return len(leaders), sum(crossed)


@pytest.mark.parametrize("page_size", ["a4", "letter", "a3"])
@pytest.mark.parametrize("labels", ["all", "numbers", "highlighted"])
def test_poster_leaders_never_cross(workspace, catalog, page_size, labels):
    probe: list = []
    highlight = {z.zone: frozenset({"left", "right"}) for z in catalog.goals["digestion"].steps}
    render_chart(catalog, workspace, views=ALL_VIEWS, highlight=highlight, labels=labels, page_size=page_size,
                 probe=probe)
    leaders = crossed = 0
    for chart in probe:
        n, c = check_leaders(chart)
        leaders, crossed = leaders + n, crossed + c
    assert leaders > 0
    # leaders stop at the near side of their zone: measured 0.3-0.45 other zones per leader (0.66-0.68
    # when every leader ran to its zone's centre)
    assert crossed <= 0.5 * leaders, (crossed, leaders)


@pytest.mark.parametrize("page_size", ["a4", "letter"])
@pytest.mark.parametrize("goals", [["lower-back"], ["digestion"], ["digestion", "lower-back", "head-neck"]])
def test_sheet_leaders_never_cross(workspace, catalog, page_size, goals):
    probe: list = []
    sheet_pdf(workspace, catalog, probe=probe, goals=goals, page_size=page_size)
    assert check_leaders(probe[0])[0] > 0



def test_labels_that_want_one_height_share_it_about_their_middle():
    """Three labels aiming at one height stand above, at and below it, not all pushed below it."""
    tops = stack_centred([10.0, 10.0, 10.0], [50.0, 50.0, 50.0], 0.0, 100.0, 0.0)
    assert tops == pytest.approx([65.0, 55.0, 45.0])  # centres 60, 50, 40
    # held inside the column: against its top, then its bottom
    assert stack_centred([10.0, 10.0], [99.0, 99.0], 0.0, 100.0, 2.0) == pytest.approx([100.0, 88.0])
    assert stack_centred([10.0, 10.0], [1.0, 1.0], 0.0, 100.0, 2.0) == pytest.approx([22.0, 10.0])
    assert stack_centred([10.0, 10.0], [50.0, 50.0], 0.0, 15.0, 0.0) is None  # 20 pt of labels in 15


@pytest.mark.parametrize("large_print", [False, True])
def test_lower_back_sheet_leaders_cross_at_most_one_zone_each(workspace, catalog, large_print):
    """Measured before the labels could move apart about their middle: 5 zones crossed in all, one leader
    through two (A4); now 3 and 1, and no leader through more than one other zone."""
    probe: list = []
    sheet_pdf(workspace, catalog, probe=probe, goals=["lower-back"], large_print=large_print)
    crossed = [len(zones) for *_, zones in leader_report(probe[0])]
    assert crossed and max(crossed) <= 1, crossed
    assert sum(crossed) <= (1 if large_print else 3), crossed


# -- sizes -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("goals", [["lower-back"], ["digestion"], ["sleep", "stress"]])
def test_no_sheet_text_under_8_pt(workspace, catalog, goals):
    probe: list = []
    data = sheet_pdf(workspace, catalog, probe=probe, goals=goals)
    runs = text_runs(data)
    chart_runs = [r for r in runs if in_chart(probe[0], r)]
    assert len(chart_runs) >= 3  # labels and captions were found
    small = [(text, round(size, 2)) for _, text, _, _, size in runs if size < 8 - 1e-6]
    assert small == []


@pytest.mark.parametrize("page_size", ["a4", "letter", "a3"])
def test_no_poster_text_under_8_pt(workspace, catalog, page_size):
    data = render_chart(catalog, workspace, views=ALL_VIEWS, highlight={}, labels="all", page_size=page_size)
    runs = text_runs(data)
    assert any("Diaphragm line" in text for _, text, *_ in runs)  # guide names are there, and measured
    assert [(text, size) for _, text, _, _, size in runs if size < 8 - 1e-6] == []


@pytest.mark.parametrize("goals", [["lower-back"], ["digestion"], ["sleep", "stress"]])
def test_large_print_chart_text_is_12_pt_or_more(workspace, catalog, goals):
    probe: list = []
    data = sheet_pdf(workspace, catalog, probe=probe, goals=goals, large_print=True)
    chart_runs = [r for r in text_runs(data) if in_chart(probe[0], r)]
    assert len(chart_runs) >= 3
    assert [(text, round(size, 2)) for _, text, _, _, size in chart_runs if size < 12 - 1e-6] == []
    # whatever could not be named beside the feet at 12 pt is numbered and listed under them
    texts = " ".join(text for _, text, *_ in chart_runs)
    for zone in probe[0].place_labels():
        if zone[1] != "centre" and probe[0].style == "numbers":
            assert catalog.zones[zone[2].key].name in texts


# -- numbers ---------------------------------------------------------------------------------------
def numbered_columns(data: bytes, probe: list) -> dict[int, list[list[int]]]:
    """Per page, the chart's numbers column by column, each read top to bottom."""
    out: dict[int, list[list[int]]] = {}
    for chart in probe:
        runs = [r for r in text_runs(data) if in_chart(chart, r) and r[1].isdigit()]
        columns: dict[int, list[tuple[float, int]]] = {}
        for _, text, x, y, _ in runs:
            columns.setdefault(round(x / 30), []).append((-y, int(text)))
        out[chart.drawn_at[0]] = [[n for _, n in sorted(col)] for col in columns.values()]
    return out


@pytest.mark.parametrize("page_size", ["a4", "letter", "a3"])
def test_numbers_read_in_order_and_carry_on_across_pages(workspace, catalog, page_size):
    probe: list = []
    data = render_chart(catalog, workspace, views=ALL_VIEWS, highlight={}, labels="numbers", page_size=page_size,
                        probe=probe)
    pages = numbered_columns(data, probe)
    assert sorted(pages) == [1, 2]
    first = {n for col in pages[1] for n in col}
    assert first == set(range(1, len(first) + 1))
    for col in pages[1]:
        assert col == sorted(col), col  # every column reads 1, 2, 3 ... top to bottom
    new = {n for col in pages[2] for n in col} - first
    assert new == set(range(len(first) + 1, len(first) + len(new) + 1))  # page 2 carries on
    for col in pages[2]:
        fresh = [n for n in col if n in new]
        assert fresh == sorted(fresh), col
    # a zone keeps its number: the lists under both pages agree on every number they share
    legends: list[dict[str, str]] = [{}, {}]
    runs = text_runs(data)
    for (page, text, _, y, _), (page2, name, _, y2, _) in itertools.pairwise(runs):
        chart = probe[page - 1]
        if text.isdigit() and page == page2 and abs(y - y2) < 1 and y < chart.drawn_at[2] - 5:
            legends[page - 1][text] = name
    shared = set(legends[0]) & set(legends[1])
    assert shared and all(legends[0][n] == legends[1][n] for n in shared), legends


# -- what is drawn on top --------------------------------------------------------------------------
def test_small_zones_show_inside_big_ones(workspace, catalog):
    """Gallbladder on the liver, sciatic band on the pelvis: a deeper tint, drawn on top."""
    probe: list = []
    data = render_chart(catalog, workspace, views=["plantar"], highlight={}, labels="highlighted", probe=probe)
    chart = probe[0]
    box = chart.rows()[0].boxes["right"]
    ox, oy = chart.drawn_at[1], chart.drawn_at[2]

    def at(frame_point):
        x, y = box.map(frame_point)
        return pixel(data, 1, ox + x, oy + y)

    plantar = catalog.charts.views["plantar"]
    assert not close(at(plantar.zones["gallbladder"].anchor), at((0.62, 0.65)), tol=10)  # liver around it
    assert not close(at((0.50, 0.113)), at((0.50, 0.07)), tol=10)  # the sciatic band, the pelvis below it
    assert not close(at(plantar.zones["pituitary"].anchor), at((0.10, 0.93)), tol=10)  # inside the brain area


def test_quiet_zone_shows_on_a_highlighted_one(workspace, catalog):
    """A highlighted liver must not swallow the gallbladder inside it."""
    probe: list = []
    data = render_chart(catalog, workspace, views=["plantar"], highlight={"liver": frozenset({"right"})},
                        labels="all", probe=probe)
    chart = probe[0]
    box = chart.rows()[0].boxes["right"]
    ox, oy = chart.drawn_at[1], chart.drawn_at[2]
    gall = box.map(catalog.charts.views["plantar"].zones["gallbladder"].anchor)
    accent = tuple(round(c * 255) for c in chart.theme.accent.rgb())
    assert close(pixel(data, 1, *chart.zone_point("plantar", "right", "liver", centre=True)), accent)
    assert not close(pixel(data, 1, ox + gall[0], oy + gall[1]), accent, tol=40)


def test_a_numbered_chart_can_list_its_own_numbers(tmp_path, catalog):
    """``<chart labels="numbers" list="1">``: the list comes with the chart (a booklet page has no room for
    a separate legend); every number drawn has its zone's name beside it under the feet."""
    from handouts.files.search_path import find_workspace

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "chart.xml.j2").write_text(
        '<story><chart views="plantar" labels="numbers" list="1" height="170"/></story>\n')
    ws = find_workspace(templates_dir=tmp_path / "t", cwd=tmp_path)
    probe: list = []
    data = render_chart(catalog, ws, views=["plantar"], highlight={}, labels="numbers", probe=probe)
    chart = probe[0]
    runs = [r for r in text_runs(data) if in_chart(chart, r)]
    pairs = {text: name for (_, text, _, y, _), (_, name, _, y2, _) in itertools.pairwise(runs)
             if text.isdigit() and not name.isdigit() and abs(y - y2) < 1}
    names = {catalog.zones[z].name for z in catalog.charts.views["plantar"].zones}
    assert set(pairs.values()) == names
    assert sorted(int(n) for n in pairs) == list(range(1, len(names) + 1))
