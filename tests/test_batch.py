"""Batches as a clinic manager runs them: real exports, bad rows, print files, crashes and reruns."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from handouts.cli import app

from .conftest import pdf_text, squash, write

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def report(out: Path) -> list[dict[str, str]]:
    with (out / "batch-report.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def pages(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def test_windows_1252_semicolon_export(tmp_path: Path):
    data = ("Client name;Goals;Minutes;Page size\r\n"
            "José Müller;Sleep; 15 ;Letter\r\n"
            "Zoë Brontë;stress|circulation;;A4\r\n").encode("cp1252")
    clients = tmp_path / "export.csv"
    clients.write_bytes(data)
    out = tmp_path / "out"
    result = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    assert "Windows-1252" in result.output
    josé = out / "jose-muller.pdf"
    assert "José Müller" in pdf_text(josé.read_bytes())
    box = pypdf.PdfReader(josé).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Zoë Brontë" in pdf_text((out / "zoe-bronte.pdf").read_bytes())
    assert [r["status"] for r in report(out)] == ["written", "written"]


def test_utf8_bom_quoted_line_breaks_blank_lines_and_trailing_columns(tmp_path: Path):
    text = ('\ufeffNAME,goals,notes,id,,\r\n'
            '"Ana Lima",sleep;stress,"Walk daily.\r\nDrink water.",A-17,,\r\n'
            '\r\n'
            ',,,,,\r\n'
            'Bo Berg,digestion,,,,\r\n')
    clients = tmp_path / "bom.csv"
    clients.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out"
    result = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    assert "Windows-1252" not in result.output
    rows = report(out)
    assert [(r["row"], r["file"]) for r in rows] == [("2", "ana-lima-a-17.pdf"), ("5", "bo-berg.pdf")]
    ana = squash(pdf_text((out / "ana-lima-a-17.pdf").read_bytes()))
    assert "Walkdaily." in ana and "Drinkwater." in ana


def test_bad_rows_are_reported_and_every_good_row_is_written(tmp_path: Path):
    clients = tmp_path / "mixed.csv"
    clients.write_text(
        "name,goals,minutes,notes\n"
        "Ana Lima,sleep,10,\n"          # row 2: good
        "Bo Berg,digestoin,10,\n"       # row 3: unknown goal
        "Cy Dale,stress,ten,\n"         # row 4: bad minutes
        ",stress,10,\n"                 # row 5: empty name
        "Di Eve,stress,10,smile \U0001F600\n"  # row 6: unprintable, found while drawing
        "Ed Fox,head-neck,20,\n",       # row 7: good
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == ["ana-lima.pdf", "ed-fox.pdf"]
    rows = {r["row"]: r for r in report(out)}
    assert set(rows) == {"2", "3", "4", "5", "6", "7"}
    assert rows["3"]["status"] == "failed" and rows["3"]["field"] == "goals"
    assert "did you mean 'digestion'?" in rows["3"]["message"]
    assert rows["4"]["field"] == "minutes" and "'ten' is not a number" in rows["4"]["message"]
    assert rows["5"]["field"] == "name"
    assert rows["6"]["field"] == "notes" and "U+1F600" in rows["6"]["message"]
    assert "mixed.csv row 3: goals: unknown goal 'digestoin'" in result.output
    assert "6 rows: 2 written, 0 unchanged, 4 failed" in result.output


def test_duplicate_names_get_distinct_files_and_a_report_formula_is_defused(tmp_path: Path):
    clients = tmp_path / "dupes.yaml"
    clients.write_text("- {name: Ana Lima, goals: [sleep]}\n"
                       "- {name: Ana Lima, goals: [stress]}\n"
                       "- {name: '=HYPERLINK(\"x\")', goals: [sleep]}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    rows = report(out)
    assert [r["file"] for r in rows][:2] == ["ana-lima.pdf", "ana-lima-2.pdf"]
    assert "Stress" in pdf_text((out / "ana-lima-2.pdf").read_bytes())
    assert rows[2]["name"].startswith("'=")


def _list(tmp_path: Path, n: int, name: str = "clients.csv") -> Path:
    goals = ["sleep", "stress", "digestion;lower-back", "head-neck", "circulation|muscle-comfort"]
    lines = ["name,goals,minutes,page size"]
    for i in range(n):
        lines.append(f"Client {i:03d},{goals[i % len(goals)]},{(5, 10, 20, 30)[i % 4]},{('a4', 'letter')[i % 2]}")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_combined_file_for_duplex_printing(tmp_path: Path):
    clients = _list(tmp_path, 5)
    with clients.open("a", encoding="utf-8") as handle:
        handle.write("Client 005,sleep,10,a4,fever\n")  # no routine: a one-page sheet
        handle.write(f"Client 006,stress,10,a4,,\"{'A long note about the week. ' * 170}\"\n")
    text = clients.read_text(encoding="utf-8").replace("page size\n", "page size,conditions,notes\n", 1)
    clients.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    combined = tmp_path / "print" / "all.pdf"
    result = run("batch", str(clients), "-o", str(out), "--combined", str(combined), "--workers", "2", "-q")
    assert result.exit_code == 0, result.output
    singles = [out / f"client-{i:03d}.pdf" for i in range(7)]
    counts = [pages(p) for p in singles]
    assert any(n % 2 for n in counts), "the list should include a sheet with an odd page count"
    reader = pypdf.PdfReader(combined)
    assert len(reader.pages) == sum(n + n % 2 for n in counts)
    marks = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert [t for t, _ in marks] == [f"Client {i:03d}" for i in range(7)]
    assert all(page % 2 == 0 for _, page in marks)  # 0-based even = printed odd page
    assert [b - a for (_, a), (_, b) in itertools.pairwise(marks)] == [n + n % 2 for n in counts[:-1]]
    # Fonts and chart artwork are shared, not repeated per client.
    fonts = [o for o in _objects(reader) if isinstance(o, dict) and "/FontFile2" in o]
    assert 0 < len(fonts) <= 4
    outline_forms = {
        xobjects.raw_get(name).idnum
        for page in reader.pages
        for xobjects in [page["/Resources"].get("/XObject", {})]
        for name in xobjects if "outline_plantar" in name
    }
    assert 0 < len(outline_forms) < 7  # one per chart size in the file, not one per client
    assert reader.metadata.author == "Willow Lane Reflexology"
    assert f"wrote {combined}" in result.output
    assert not list(combined.parent.glob(".*.part")) and not list(out.glob(".*.part"))


def _objects(reader: pypdf.PdfReader):
    for num in range(1, reader.trailer["/Size"]):
        try:
            yield reader.get_object(num)
        except Exception:  # free entries
            continue


def test_rerun_skips_what_is_up_to_date_and_force_redoes_all(tmp_path: Path):
    clients = _list(tmp_path, 4)
    out = tmp_path / "out"
    assert run("batch", str(clients), "-o", str(out), "--workers", "1", "-q").exit_code == 0
    stamp = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    again = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q")
    assert "4 rows: 0 written, 4 unchanged" in again.output
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == stamp
    # An edited row is redrawn, the rest are not.
    text = clients.read_text(encoding="utf-8").replace("Client 002,digestion;lower-back,20",
                                                       "Client 002,digestion;lower-back,25")
    clients.write_text(text, encoding="utf-8")
    edited = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q")
    assert "4 rows: 1 written, 3 unchanged" in edited.output
    assert [r["status"] for r in report(out)] == ["unchanged", "unchanged", "written", "unchanged"]
    forced = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q", "--force")
    assert "4 rows: 4 written, 0 unchanged" in forced.output


def test_a_template_change_redraws_everything(tmp_path: Path):
    clients = _list(tmp_path, 2)
    out = tmp_path / "out"
    templates = tmp_path / "templates"
    templates.mkdir()
    assert run("batch", str(clients), "-o", str(out), "--workers", "1", "-q",
               "--templates-dir", str(templates)).exit_code == 0
    (templates / "sheet.xml.j2").write_text("<story><h1>Hello {{ client.name }}</h1></story>", encoding="utf-8")
    result = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q", "--templates-dir", str(templates))
    assert "2 rows: 2 written, 0 unchanged" in result.output
    assert "Hello Client 000" in pdf_text((out / "client-000.pdf").read_bytes())


def test_missing_name_column_and_missing_file_are_clear_errors(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Nmae,goals\nAna,sleep\n", encoding="utf-8")
    result = run("batch", str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "bad.csv row 1: no 'name' column in the header row" in result.output
    result = run("batch", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1 and "not found" in result.output


# --- crashes: the real command in a subprocess -----------------------------------------------------------------

# Enough rows that a run is still going when a test interrupts it after its first few sheets, even on a busy
# machine where the test itself waits for the processor (60 rows, under half a second of work once sheets
# got faster, once finished before the interrupt arrived), and few enough that the rerun after it stays quick.
ROWS_TO_INTERRUPT = 240


def _start(clients: Path, out: Path, workers: int = 2) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.Popen([sys.executable, "-m", "handouts", "batch", str(clients), "-o", str(out), "-q",
                             "--workers", str(workers)], env=env, start_new_session=True,
                            preexec_fn=_ctrl_c_as_a_shell_leaves_it,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _ctrl_c_as_a_shell_leaves_it() -> None:
    """In the child, before the command starts: Ctrl-C at its default and not blocked, as a terminal's shell
    starts a command. A test worker can hand its children an ignored or blocked SIGINT, which they keep
    (whatever ran in it before); a fresh clone's full suite once saw the batch ignore Ctrl-C and finish (exit 0)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _wait_for_sheets(out: Path, at_least: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.pdf"))) < at_least:
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _all_whole(out: Path) -> None:
    for pdf in out.glob("*.pdf"):
        assert pages(pdf) >= 1, pdf  # pypdf raises on a truncated file


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
def test_killed_run_leaves_no_partial_pdf_and_rerun_completes_only_the_rest(tmp_path: Path):
    clients = _list(tmp_path, ROWS_TO_INTERRUPT)
    out = tmp_path / "out"
    proc = _start(clients, out)
    manifest = out / ".handouts-manifest.jsonl"
    deadline = time.monotonic() + 180  # a busy machine starts slowly
    while not (manifest.is_file() and manifest.read_text().count("\n") >= 2):  # some sheets recorded
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers, with no chance to clean up
    proc.wait()
    _all_whole(out)
    recorded = {json.loads(line)["file"] for line in (out / ".handouts-manifest.jsonl").read_text().splitlines()
                if line.strip().endswith("}")}
    assert recorded
    result = run("batch", str(clients), "-o", str(out), "--workers", "2", "-q")
    assert result.exit_code == 0, result.output
    rows = report(out)
    unchanged = {r["file"] for r in rows if r["status"] == "unchanged"}
    assert unchanged == recorded
    assert sum(r["status"] == "written" for r in rows) == ROWS_TO_INTERRUPT - len(recorded)
    assert not list(out.glob(".*.part"))
    _all_whole(out)


def _open_files() -> list[str]:
    """What this process has open (run in a batch worker)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to list a worker's open files")
def test_workers_never_hold_the_folder_lock(tmp_path: Path, workspace):
    """A parent killed while its workers still run (they stop an instant later, or once a sheet has landed)
    must leave the folder free for the rerun: the workers close their inherited copy of the lock."""
    from handouts.batch.worker import _make_pool
    from handouts.files.lock import LOCK, folder_lock

    out = tmp_path / "out"
    with folder_lock(out):
        assert str(out / LOCK) in _open_files()  # the parent holds it
        pool = _make_pool(workspace, 2)
        try:
            seen = [pool.submit(_open_files).result(timeout=60) for _ in range(4)]
        finally:
            pool.shutdown()
    assert all(files and str(out / LOCK) not in files for files in seen)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
def test_a_killed_worker_fails_only_its_rows_and_the_rest_go_on(tmp_path: Path):
    clients = _list(tmp_path, ROWS_TO_INTERRUPT)
    out = tmp_path / "out"
    proc = _start(clients, out)
    _wait_for_sheets(out, 4, proc)
    workers = _children(proc.pid)
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    rows = report(out)
    failed = [r for r in rows if r["status"] == "failed"]
    assert len(rows) == ROWS_TO_INTERRUPT and failed
    assert all("run the batch again" in r["message"] for r in failed)
    assert sum(r["status"] == "written" for r in rows) == ROWS_TO_INTERRUPT - len(failed)
    _all_whole(out)
    result = run("batch", str(clients), "-o", str(out), "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    rest = ROWS_TO_INTERRUPT - len(failed)
    assert f"{ROWS_TO_INTERRUPT} rows: {len(failed)} written, {rest} unchanged, 0 failed" in result.output


def test_ctrl_c_stops_cleanly_with_exit_130(tmp_path: Path):
    clients = _list(tmp_path, ROWS_TO_INTERRUPT)
    out = tmp_path / "out"
    proc = _start(clients, out)
    _wait_for_sheets(out, 4, proc)
    status = Path(f"/proc/{proc.pid}/status")  # which signals the batch ignores and blocks, should it fail
    masks = [line for line in status.read_text().splitlines() if line.startswith("Sig")] if status.is_file() else []
    os.kill(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (stderr, masks)
    assert "stopped:" in stderr and "Traceback" not in stderr
    assert not list(out.glob(".*.part"))
    _all_whole(out)
    assert len(report(out)) < ROWS_TO_INTERRUPT


def test_report_is_readable_as_csv_in_row_order(tmp_path: Path):
    clients = _list(tmp_path, 12)
    out = tmp_path / "out"
    assert run("batch", str(clients), "-o", str(out), "--workers", "2", "-q").exit_code == 0
    raw = (out / "batch-report.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 correctly only with the mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["row", "status", "file", "field", "message", "name", "id"]
    assert [int(r[0]) for r in rows[1:]] == list(range(2, 14))


def test_combined_file_joins_the_sheets_with_equal_subsets_once(tmp_path: Path):
    clients = _list(tmp_path, 8)
    out = tmp_path / "out"
    combined = tmp_path / "all.pdf"
    result = run("batch", str(clients), "-o", str(out), "--combined", str(combined), "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    counts = [pages(out / f"client-{i:03d}.pdf") for i in range(8)]
    reader = pypdf.PdfReader(combined)
    assert len(reader.pages) == sum(n + n % 2 for n in counts)
    marks = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert [t for t, _ in marks] == [f"Client {i:03d}" for i in range(8)]
    starts = [0]
    for n in counts[:-1]:
        starts.append(starts[-1] + n + n % 2)
    assert [p for _, p in marks] == starts
    assert squash("Client 005") in squash(reader.pages[starts[5]].extract_text())
    # Subsets are named by content: one name, one font program; equal subsets are written once.
    seen: dict[str, bytes] = {}
    programs = []
    for obj in _objects(reader):
        if isinstance(obj, dict) and obj.get("/Type") == "/Font":
            data = obj["/FontDescriptor"]["/FontFile2"].get_data()
            assert seen.setdefault(obj["/BaseFont"], data) == data
        if isinstance(obj, dict) and "/FontFile2" in obj:
            programs.append(obj["/FontFile2"].get_data())
    assert len(programs) == len(set(programs)) == len(seen)
    embedded = sum(len(pypdf.PdfReader(out / f"client-{i:03d}.pdf").pages[0]["/Resources"]["/Font"]) for i in range(8))
    assert len(programs) < embedded / 2  # eight sheets' subsets, most of them shared
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_unique_names_number_on_from_where_they_stopped():
    from handouts.files.writing import TakenNames, unique_name

    taken = TakenNames({"batch-report.csv", "Ana-3.pdf"})
    names = [unique_name("ana", ".pdf", taken) for _ in range(4)]
    assert names == ["ana.pdf", "ana-2.pdf", "ana-4.pdf", "ana-5.pdf"]  # ana-3 was taken (case-blind)
    assert taken.next_number[hash("ana.pdf")] == 6


def test_yaml_list_rows_know_their_lines_from_one_fast_parse(tmp_path: Path):
    from handouts.intake.client_list import open_client_list

    path = write(tmp_path / "clients.yaml", "# today\n- name: Ana\n  goals: [sleep]\n\n- name: Bo\n  goals: [stress]\n")
    listing = open_client_list(path)
    assert listing.count == 2
    assert [(r.fields["name"], r.line) for r in listing.rows()] == [("Ana", 2), ("Bo", 5)]



def test_manifest_hash_is_the_json_of_the_whole_client(catalog):
    # plain() replaced dataclasses.asdict for speed: the same JSON keeps earlier folders up to date
    import dataclasses
    import hashlib
    import json

    from handouts.batch.manifest import client_hash
    from handouts.intake import make_client

    client = make_client({"name": "Zoë O'Brien", "goals": ["sleep", "lower-back"], "conditions": "gout:left",
                          "minutes": 20, "date": "2026-03-04", "notes": "line one\nline two"}, catalog)
    assert client.conditions and client.conditions[0].side == "left"
    before = json.dumps(dataclasses.asdict(client), sort_keys=True, default=str, ensure_ascii=False)
    assert client_hash(client, "base") == hashlib.sha256(("base" + before).encode()).hexdigest()
    other = dataclasses.replace(client, conditions=(dataclasses.replace(client.conditions[0], side="right"),))
    assert client_hash(other, "base") != client_hash(client, "base")
