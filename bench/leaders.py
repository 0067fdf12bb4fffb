"""Measure how well the chart labels read: leaders, the zones they cross, collisions.

    python bench/leaders.py

For the poster (A4, Letter, A3; every label mode) and a few sheets, prints per
chart: the number of leaders, how many zones they run through in total (a
leader ending inside a zone nested in another, like the gallbladder in the
liver, must cross the outer one), the worst single leader, the mean leader
length in mm, and the collisions that must be zero: leader crossing leader,
leader through a label, leader through a caption. Not a test (the tests assert
the zeros); run it by hand and compare before and after a change.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reportlab.lib.units import mm

from handouts.build import chart_pdf as render_chart
from handouts.build import sheet_from_plan as render_sheet
from handouts.catalog.loader import load_catalog
from handouts.charts.crossings import segment_hits_box, segments_cross
from handouts.charts.placement import leader_report
from handouts.files.search_path import find_workspace
from handouts.intake import make_client
from handouts.plan.planner import make_plan

VIEWS = ["plantar", "medial", "lateral", "dorsal"]


def measure(chart) -> dict[str, float]:
    """Counts for one drawn chart."""
    leaders = leader_report(chart)
    boxes = [label.box for _, side, label in chart.place_labels() if side != "centre"]
    guide_boxes = [label.box for _, side, label in chart.place_labels() if side == "centre"]
    crossings = sum(
        segments_cross(a[3], a[4], b[3], b[4]) for i, a in enumerate(leaders) for b in leaders[i + 1:]
    )
    through_labels = sum(
        segment_hits_box(s, e, box) for *_, s, e, _ in leaders for box in boxes + guide_boxes
        if not (box[0] - 2 <= s[0] <= box[2] + 2 and box[1] <= s[1] <= box[3])  # its own label
    )
    through_captions = sum(segment_hits_box(s, e, box) for *_, s, e, _ in leaders for box in chart.caption_boxes())
    zones = [len(crossed) for *_, crossed in leaders]  # other zones each leader runs through
    lengths = [((s[0] - e[0]) ** 2 + (s[1] - e[1]) ** 2) ** 0.5 / mm for *_, s, e, _ in leaders]
    return {
        "leaders": len(leaders),
        "zones crossed": sum(zones),
        "worst": max(zones, default=0),
        "mean mm": round(sum(lengths) / max(1, len(lengths)), 1),
        "leader x leader": crossings,
        "leader x label": through_labels,
        "leader x caption": through_captions,
    }


def report(name: str, charts: list) -> None:
    for chart in charts:
        numbers = measure(chart)
        print(f"{name:<34} page {chart.drawn_at[0]}  " + "  ".join(f"{k} {v}" for k, v in numbers.items()),
              flush=True)


def main() -> None:
    workspace = find_workspace(cwd=Path(tempfile.mkdtemp()))
    catalog = load_catalog(workspace)
    digestion = {z.zone: frozenset({"left", "right"}) for z in catalog.goals["digestion"].steps}
    for size in ("a4", "letter", "a3"):
        for labels in ("all", "numbers", "highlighted"):
            probe: list = []
            render_chart(catalog, workspace, views=VIEWS, highlight=digestion, labels=labels, page_size=size,
                         probe=probe)
            report(f"poster {size} {labels}", probe)
    for goals in (["lower-back"], ["digestion"], ["digestion", "lower-back", "head-neck"]):
        for large in (False, True):
            probe = []
            client = make_client({"name": "A", "goals": goals, "large_print": large}, catalog)
            render_sheet(catalog, workspace, make_plan(catalog, client), probe=probe)
            report(f"sheet {'+'.join(goals)}{' large' if large else ''}", probe)


if __name__ == "__main__":
    main()
