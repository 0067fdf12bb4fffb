"""The batch parent keeps little per row: names as hashes in a sorted array, no manifest line per new sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.batch.manifest import MANIFEST, Manifest
from handouts.files.writing import TakenNames, unique_name

from .test_batch import _list, run


def test_names_stay_unique_across_merges_into_the_sorted_array(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(TakenNames, "RECENT", 4)  # merge every few names
    taken = TakenNames({"batch-report.csv"})
    first = [unique_name(f"client-{i}", ".pdf", taken) for i in range(50)]
    assert first == [f"client-{i}.pdf" for i in range(50)]
    assert len(taken.sorted) > 40 and len(taken.recent) < 10  # most names went into the array
    again = [unique_name(f"CLIENT-{i}", ".pdf", taken) for i in range(50)]
    assert again == [f"CLIENT-{i}-2.pdf" for i in range(50)]  # case-blind, whether in the array or the set
    assert unique_name("batch-report", ".csv", taken) == "batch-report-2.csv"
    assert len(set(first + again)) == 100


def test_the_parent_keeps_no_manifest_entry_per_new_sheet_and_a_rerun_compacts(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch):
    import handouts.batch.runner

    closed: list[Manifest] = []
    close = Manifest.close

    def keep(self):
        closed.append(self)
        close(self)

    monkeypatch.setattr(Manifest, "close", keep)
    clients = _list(tmp_path, 4)
    out = tmp_path / "out"
    assert run("batch", str(clients), "-o", str(out), "--workers", "1", "-q").exit_code == 0
    assert closed[-1].entries == {}  # every line was written by the process that drew the sheet
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    assert handouts.batch.runner.Manifest is Manifest
    assert run("batch", str(clients), "-o", str(out), "--workers", "1", "--force", "-q").exit_code == 0
    assert len(closed[-1].entries) == 4  # known from the folder: each one replaced
    again = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(again) == 4 and sorted(again) == again  # compacted: the latest line per sheet, sorted
    assert {line.split('"file": "')[1].split('"')[0] for line in again} == {f"client-{i:03d}.pdf" for i in range(4)}


def test_a_manifest_with_a_broken_line_is_compacted_when_the_run_ends(tmp_path: Path):
    manifest = Manifest(tmp_path)  # an empty folder: nothing known, nothing replaced
    (tmp_path / MANIFEST).write_text('{"file": "a.pdf", "hash": "1"}\n\n{"file": "b.pdf", "hash": "2"}\n{"fi',
                                     encoding="utf-8")
    manifest.close()
    assert (tmp_path / MANIFEST).read_text(encoding="utf-8").splitlines() == [
        '{"file": "a.pdf", "hash": "1"}', '{"file": "b.pdf", "hash": "2"}']
    manifest.close()  # whole now: left alone
    assert len((tmp_path / MANIFEST).read_text(encoding="utf-8").splitlines()) == 2


def test_a_first_run_with_its_combined_file_in_the_folder_never_reads_the_manifest_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Reading it back is memory that grows with the list (0.7 KB a row at the end of a 10,000-row batch),
    and the print file's name, forgotten as a sheet, has no line in a new folder to drop."""
    import handouts.batch.manifest
    from handouts.batch import open_batch
    from handouts.files.search_path import find_workspace
    from tests.hazards.fast_renderer import tiny_sheet

    read_back: list[int] = []
    latest = handouts.batch.manifest._latest
    monkeypatch.setattr(handouts.batch.manifest, "_latest", lambda lines: read_back.append(1) or latest(lines))
    clients = _list(tmp_path, 6)
    out = tmp_path / "out"
    batch = open_batch(find_workspace(), clients, out, workers=1, renderer=tiny_sheet, combined=out / "all.pdf")
    assert len(list(batch.run())) == 6 and batch.summary.combined_pages == 12
    assert read_back == []
    assert len((out / MANIFEST).read_text(encoding="utf-8").splitlines()) == 6


def test_a_line_for_a_forgotten_name_is_dropped_when_there_is_one_and_nothing_is_rewritten_when_not(
        tmp_path: Path):
    """A sheet that landed from a pool that broke has its line (its row was reported failed): it goes.
    A failed row whose sheet never landed leaves the workers' lines as they are (unsorted)."""
    from handouts.batch.manifest import append_entry

    manifest = Manifest(tmp_path)
    manifest.forget("b.pdf")
    for name in ("c.pdf", "b.pdf", "a.pdf"):
        append_entry(tmp_path, name, "1")
    manifest.close()
    assert (tmp_path / MANIFEST).read_text(encoding="utf-8").splitlines() == [
        '{"file": "a.pdf", "hash": "1"}', '{"file": "c.pdf", "hash": "1"}']
    again = Manifest(tmp_path)
    again.forget("d.pdf")
    for name in ("f.pdf", "e.pdf"):
        append_entry(tmp_path, name, "2")
    again.close()
    assert [line.split('"')[3] for line in (tmp_path / MANIFEST).read_text(encoding="utf-8").splitlines()] == [
        "a.pdf", "c.pdf", "f.pdf", "e.pdf"]  # as appended: no rewrite


def _paths_made(tmp_path: Path, rows: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many paths the batch's parent makes for a list of ``rows`` (the sheets drawn by a stand-in)."""
    import pathlib

    from handouts.batch import open_batch
    from handouts.files.search_path import find_workspace
    from tests.hazards.fast_renderer import tiny_sheet

    clients = tmp_path / f"c{rows}.csv"
    clients.write_text("name,goals\n" + "".join(f"Client {i},sleep\n" for i in range(rows)), encoding="utf-8")
    batch = open_batch(find_workspace(), clients, tmp_path / f"out{rows}", workers=2, renderer=tiny_sheet,
                       combined=tmp_path / f"all{rows}.pdf")
    made: list[int] = []
    new, divide = pathlib.Path.__new__, pathlib.PurePath.__truediv__

    def counted_new(cls, *args, **kwargs):
        made.append(1)
        return new(cls, *args, **kwargs)

    def counted_divide(self, key):
        made.append(1)
        return divide(self, key)

    with monkeypatch.context() as patch:  # the pool's processes count in their own memory, not here
        patch.setattr(pathlib.Path, "__new__", staticmethod(counted_new))
        patch.setattr(pathlib.PurePath, "__truediv__", counted_divide)
        outcomes = list(batch.run())
    assert len(outcomes) == rows and batch.summary.written == rows and batch.summary.combined_pages == 2 * rows
    return len(made)


def test_the_parent_makes_no_path_per_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A path per row interns its file name for good (the interpreter's table never shrinks): names stay strings."""
    _paths_made(tmp_path, 5, monkeypatch)  # the first run in a process makes paths of its own (loading data)
    assert _paths_made(tmp_path, 10, monkeypatch) == _paths_made(tmp_path, 60, monkeypatch)


@pytest.mark.slow  # starts a separate process
def test_the_parent_of_a_combined_batch_draws_nothing(tmp_path: Path):
    """Its workers draw the blank pages too: the parent joins files and never loads ReportLab's drawing."""
    from .conftest import python_output

    clients = tmp_path / "c.csv"
    clients.write_text("name,goals,page size\nAna,sleep,a4\nBo,stress,letter\n", encoding="utf-8")
    code = ("import sys; from pathlib import Path; from handouts.batch import open_batch; "
            "from handouts.files.search_path import find_workspace; "
            "from tests.hazards.fast_renderer import tiny_sheet as r; "
            f"b = open_batch(find_workspace(), Path({str(clients)!r}), Path({str(tmp_path / 'out')!r}), workers=2, "
            f"renderer=r, combined=Path({str(tmp_path / 'all.pdf')!r})); [None for _ in b.run()]; "
            "print(b.summary.combined_pages, sorted(m for m in sys.modules if m.startswith('reportlab.')))")
    assert python_output(code).split() == ["4", "[]"]


def _frozen_here() -> int:
    import gc

    return gc.get_freeze_count()


def test_a_pool_worker_freezes_what_it_keeps_after_its_first_group_and_a_one_worker_run_does_not(workspace):
    """``settle_worker``: the cycle collector stops walking what a worker loaded for good (a tenth of a sheet's
    collecting), in pool workers only; a batch run in this process (``--workers 1``, tests) freezes nothing."""
    from handouts.batch.worker import _draw_sheets, _make_pool

    pool = _make_pool(workspace, 2)
    try:
        before = pool.submit(_frozen_here).result(timeout=60)
        assert pool.submit(_draw_sheets, []).result(timeout=60) == []
        after = [pool.submit(_frozen_here).result(timeout=60) for _ in range(4)]
    finally:
        pool.shutdown()
    assert max(after) > before + 1000  # the worker that drew the group froze its modules and data too
    here = _frozen_here()
    in_process = _make_pool(workspace, 1)
    assert in_process.submit(_draw_sheets, []).result() == []
    assert _frozen_here() == here
