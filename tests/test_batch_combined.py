"""The combined print file is the clients' own sheets joined: each client drawn once, the same pages shown."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pypdfium2
import pytest

from .conftest import squash, write
from .test_batch import report, run

LIST = ("name,goals,minutes,page size,large print,conditions,password\n"
        "Ana Lima,sleep,10,a4,,,\n"
        "Bo Berg,head-neck;digestion;lower-back,40,letter,,,\n"  # a long routine: the compact layout
        "Cy Dunn,flying,10,a4,,,\n"  # a bad row: no such goal
        "Di Ek,stress;digestion,10,a4,yes,,\n"  # large print
        "Ed Fox,sleep,10,a4,,fever,\n"  # no routine: one page
        "Flo Gray,stress,10,letter,,,s3cret-pass\n")  # encrypted: the print file needs its pages plain


def _drawings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every PDF ReportLab draws and saves (measuring only is not drawing)."""
    import handouts.render.document
    import handouts.render.sheet_fit

    drawn: list[int] = []
    render = handouts.render.document.render_packets

    def counting(*args, **kwargs):
        if not kwargs.get("measure"):
            drawn.append(1)
        return render(*args, **kwargs)

    monkeypatch.setattr(handouts.render.document, "render_packets", counting)
    monkeypatch.setattr(handouts.render.sheet_fit, "render_packets", counting)
    return drawn


def _singles(out: Path) -> list[pypdf.PdfReader]:
    """The good rows' own sheets, in row order (the encrypted one opened with its password)."""
    readers = []
    for row in report(out):
        if row["status"] != "failed":
            reader = pypdf.PdfReader(out / row["file"])
            if reader.is_encrypted:
                reader.decrypt("s3cret-pass")
            readers.append(reader)
    return readers


def _same_pages(combined: Path, singles: list[pypdf.PdfReader]) -> list[int]:
    """Check the print file page by page against the sheets; returns where each client starts."""
    joined = pypdf.PdfReader(combined)
    starts, at = [], 0
    for sheet in singles:
        starts.append(at)
        for page in sheet.pages:
            assert joined.pages[at].mediabox == page.mediabox
            assert squash(joined.pages[at].extract_text()) == squash(page.extract_text())
            at += 1
        if len(sheet.pages) % 2:  # the next client starts on a front side
            assert joined.pages[at].mediabox == sheet.pages[-1].mediabox
            assert squash(joined.pages[at].extract_text()) == squash("This page is left blank on purpose.")
            at += 1
    assert at == len(joined.pages)
    assert [joined.get_destination_page_number(o) for o in joined.outline] == starts
    return starts


def test_the_combined_file_is_the_sheets_drawn_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    drawn = _drawings(monkeypatch)
    clients = write(tmp_path / "c.csv", LIST)
    out, combined = tmp_path / "out", tmp_path / "print" / "all.pdf"
    result = run("batch", str(clients), "-o", str(out), "--combined", str(combined), "--workers", "1", "-q")
    assert result.exit_code == 1 and "flying" in result.output  # the bad row is reported ...
    rows = report(out)
    assert [r["status"] for r in rows] == ["written", "written", "failed", "written", "written", "written"]
    assert len(drawn) == 5  # ... and each good client drawn once: for their own sheet, none for the print file
    singles = _singles(out)
    assert [len(s.pages) for s in singles].count(1) >= 1 and singles[1].pages[0].mediabox[2] == 612
    starts = _same_pages(combined, singles)  # ... absent from the print file, whose pages are the sheets' own
    assert [o.title for o in pypdf.PdfReader(combined).outline] == ["Ana Lima", "Bo Berg", "Di Ek", "Ed Fox",
                                                                    "Flo Gray"]
    assert not pypdf.PdfReader(combined).is_encrypted
    assert len(pypdf.PdfReader(combined).pages) == starts[-1] + 2
    # what the pages show, pixel for pixel: the large-print client's first page
    joined, own = pypdfium2.PdfDocument(combined), pypdfium2.PdfDocument(out / rows[3]["file"])
    assert joined[starts[2]].render(scale=0.4).to_pil().tobytes() == own[0].render(scale=0.4).to_pil().tobytes()
    # A rerun draws nothing at all (every sheet up to date) and makes the same print file from the sheets.
    before = combined.read_bytes()
    drawn.clear()
    result = run("batch", str(clients), "-o", str(out), "--combined", str(combined), "--workers", "1", "-q")
    assert "5 unchanged" in result.output and drawn == []
    assert combined.read_bytes() == before


def test_a_run_resumed_after_a_kill_makes_the_whole_combined_file(tmp_path: Path):
    clients = write(tmp_path / "c.csv", LIST)
    out, combined = tmp_path / "out", tmp_path / "all.pdf"
    first_half = write(tmp_path / "first.csv", "".join(LIST.splitlines(keepends=True)[:3]))
    assert run("batch", str(first_half), "-o", str(out), "--workers", "1", "-q").exit_code == 0
    left = tmp_path / ".all.pdf.x1y2z3.part"  # what a killed run leaves beside its print file
    left.write_bytes(b"%PDF-1.7 half")
    result = run("batch", str(clients), "-o", str(out), "--combined", str(combined), "--workers", "2", "-q")
    assert "2 unchanged" in result.output and "3 written" in result.output
    _same_pages(combined, _singles(out))
    assert not left.exists() and not list(tmp_path.glob(".*.part"))


def test_a_sheet_that_cannot_be_read_costs_only_the_print_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import handouts.build.chunk

    def unreadable(self, sheet, client, title=None, password=None):
        raise OSError(5, "Input/output error")

    clients = write(tmp_path / "c.csv", "name,goals\nAna,sleep\nBo,stress\n")
    monkeypatch.setattr(handouts.build.chunk.CombinedFile, "add", unreadable)
    out, combined = tmp_path / "out", tmp_path / "all.pdf"
    result = run("batch", str(clients), "-o", str(out), "--combined", str(combined), "--workers", "1", "-q")
    assert result.exit_code == 1
    assert "row 2's sheet ana.pdf could not be added (Input/output error)" in result.output
    assert [r["status"] for r in report(out)] == ["written", "written"]
    assert not combined.exists() and not list(tmp_path.glob(".*.part"))


def test_a_chunk_drawn_in_given_layouts_is_the_chunk_measured(workspace):
    """A client's pages built in the layout their own sheet chose are the pages measuring chooses again."""
    from handouts.build import check_client, sheet_job
    from handouts.catalog.loader import load_catalog
    from handouts.plan.planner import make_plan
    from handouts.render.document import render_packets
    from handouts.render.sheet import packet_in_layout, render_sheet_layout
    from handouts.render.sheet_fit import fitted_packet

    rows = [{"name": "Ana Lima", "goals": ["sleep"]},
            {"name": "Bo Berg", "goals": ["head-neck", "digestion", "lower-back"], "minutes": 40,
             "page_size": "letter"},
            {"name": "Cy Dunn", "goals": ["stress", "digestion"], "minutes": 10, "large_print": True}]
    clients = [check_client(workspace, raw) for raw in rows]
    catalog = load_catalog(workspace)
    jobs = [sheet_job(catalog, workspace, make_plan(catalog, c)) for c in clients]
    layouts = [render_sheet_layout(job)[1] for job in jobs]
    assert len({(lay.compact, lay.chart_at) for lay in layouts}) > 1  # not all drawn the same way
    given = [packet_in_layout(job, layout) for job, layout in zip(jobs, layouts, strict=True)]
    measured = [fitted_packet(job) for job in jobs]
    assert render_packets([p for p, _ in given], given[0][1], pad_to_even=True) == \
        render_packets([p for p, _ in measured], measured[0][1], pad_to_even=True)
