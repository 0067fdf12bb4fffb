"""The combined print file draws each client once: chunks reuse the layouts the clients' own sheets chose."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from .test_batch import _list, pages, run


def test_combined_file_measures_each_client_once_and_pages_like_their_sheets(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    """The chunks get the layouts the clients' own sheets were drawn in; nothing is measured a second time."""
    import handouts.batch.runner
    import handouts.render.sheet_fit

    measured: list[str] = []
    fitted_packet = handouts.render.sheet_fit.fitted_packet

    def counting(job):
        measured.append(job.plan.client.name)
        return fitted_packet(job)

    monkeypatch.setattr(handouts.render.sheet_fit, "fitted_packet", counting)
    monkeypatch.setattr(handouts.batch.runner, "CHUNK", 4)
    clients = _list(tmp_path, 9)
    with clients.open("a", encoding="utf-8") as handle:
        handle.write("Client 009,head-neck,40,a4\n")  # a long routine: the compact layout
    out = tmp_path / "out"
    combined = tmp_path / "all.pdf"
    result = run("batch", str(clients), "-o", str(out), "--combined", str(combined), "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    assert measured == []
    counts = [pages(out / f"client-{i:03d}.pdf") for i in range(10)]
    reader = pypdf.PdfReader(combined)
    assert len(reader.pages) == sum(n + n % 2 for n in counts)
    starts = [0]
    for n in counts[:-1]:
        starts.append(starts[-1] + n + n % 2)
    assert [reader.get_destination_page_number(o) for o in reader.outline] == starts
    # a rerun draws no sheet (all up to date), so the chunks measure every client themselves
    result = run("batch", str(clients), "-o", str(out), "--combined", str(combined), "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(measured) == [f"Client {i:03d}" for i in range(10)]
    assert len(pypdf.PdfReader(combined).pages) == len(reader.pages)


def test_a_chunk_drawn_in_given_layouts_is_the_chunk_measured(workspace):
    from handouts.build import build_chunk, check_client, sheet_pdf_layout

    rows = [{"name": "Ana Lima", "goals": ["sleep"]},
            {"name": "Bo Berg", "goals": ["head-neck", "digestion", "lower-back"], "minutes": 40,
             "page_size": "letter"},
            {"name": "Cy Dunn", "goals": ["stress", "digestion"], "minutes": 10, "large_print": True}]
    clients = [check_client(workspace, raw) for raw in rows]
    layouts = [sheet_pdf_layout(workspace, c)[1] for c in clients]
    assert len({(lay.compact, lay.chart_at) for lay in layouts}) > 1  # not all drawn the same way
    given = build_chunk(workspace, clients, layouts=layouts)
    measured = build_chunk(workspace, clients)
    assert given.pdf == measured.pdf and given.pages == measured.pages
