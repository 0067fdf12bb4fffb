"""Each hostile or unlucky input that once lost rows, hung, leaked or ended in a traceback (issue 9).

Every case is driven through the command line and asserts what the user sees:
exit code 1, one clear line, no "Traceback".
"""

from __future__ import annotations

import csv
import errno
import io
import os
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from handouts.batch.manifest import MANIFEST
from handouts.cli import app

from .conftest import pdf_text, squash, write

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, **kwargs):
    return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)


def one_error(result, *needles: str) -> str:
    """The run failed with exit 1 and exactly one error line, holding every needle, and no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def report(out: Path) -> list[dict[str, str]]:
    with (out / "batch-report.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- one cell must not abort a batch -----------------------------------------------------------------------

@pytest.mark.parametrize("minutes", ["inf", "nan", "1e400", "-inf", "9" * 500])
def test_a_non_finite_number_fails_only_its_row(tmp_path: Path, minutes: str):
    clients = write(tmp_path / "c.csv", f"name,goals,minutes\nAna,sleep,10\nBo,sleep,{minutes}\nCy,stress,15\n")
    result = run("batch", str(clients), "-o", str(tmp_path / "out"), "-q", "-j", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    rows = report(tmp_path / "out")
    assert [r["status"] for r in rows] == ["written", "failed", "written"]
    assert rows[1]["field"] == "minutes" and rows[1]["message"]


def test_a_cell_past_the_csv_limit_fails_only_its_row(tmp_path: Path):
    clients = tmp_path / "c.csv"
    with clients.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "goals", "notes"])
        writer.writerow(["Ana", "sleep", "fine"])
        writer.writerow(["Bo", "sleep", "n" * 1_100_000])
        writer.writerow(["Cy", "sleep", "n" * 200_000])
        writer.writerow(["Di", "stress", ""])
    result = run("batch", str(clients), "-o", str(tmp_path / "out"), "-q", "-j", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    rows = report(tmp_path / "out")
    assert [(r["row"], r["status"]) for r in rows] == [("2", "written"), ("3", "failed"), ("4", "failed"),
                                                       ("5", "written")]
    assert "longer than 1,048,576 characters" in rows[1]["message"]
    assert rows[2]["field"] == "notes" and "at most 5,000" in rows[2]["message"]


def test_notes_over_the_limit_are_refused_at_once(tmp_path: Path):
    started = time.monotonic()
    result = run("sheet", "--name", "Ana", "--goal", "sleep", "--notes", "word " * 200_000, "-o",
                 str(tmp_path / "a.pdf"))
    one_error(result, "--notes", "at most 5,000")
    assert time.monotonic() - started < 5


# --- YAML limits -------------------------------------------------------------------------------------------

from tests.hazards.test_hazards import BOMB  # noqa: E402


def test_alias_bomb_in_a_client_file(tmp_path: Path):
    client = write(tmp_path / "client.yaml", BOMB + "name: *i\ngoals: sleep\n")
    one_error(run("sheet", str(client)), "client.yaml:", "aliases", "expand to more than 10,000")


def test_alias_bomb_in_a_client_list(tmp_path: Path):
    clients = write(tmp_path / "c.yaml", "- name: Ana\n  goals: sleep\n  notes: &n [" + ", ".join(["x"] * 200)
                    + "]\n" + "".join(f"- name: B{i}\n  goals: sleep\n  notes: [*n, *n, *n, *n, *n, *n]\n"
                                      for i in range(20)))
    one_error(run("batch", str(clients), "-o", str(tmp_path / "out"), "-q"), "c.yaml:", "aliases")


def test_alias_bomb_in_clinic_data(tmp_path: Path):
    clinic = tmp_path / "clinic"
    assert run("init", str(clinic)).exit_code == 0
    with (clinic / "data" / "faq.yaml").open("w", encoding="utf-8") as handle:
        handle.write(BOMB.replace("\n", "\n  ").replace("a: &a", "- id: bomb\n  question: q\n  answer: a\n  a: &a", 1))
    result = run("validate", "--clinic-dir", str(clinic))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "faq.yaml:" in result.output and "expand to more than" in result.output


def test_deeply_nested_yaml(tmp_path: Path):
    client = write(tmp_path / "deep.yaml", "name: Ana\ngoals: sleep\nnotes: " + "[" * 5000 + "]" * 5000 + "\n")
    one_error(run("sheet", str(client)), "deep.yaml:3")


def test_a_data_file_over_the_size_limit_is_refused_fast(tmp_path: Path):
    clinic = tmp_path / "clinic"
    assert run("init", str(clinic)).exit_code == 0
    entry = "- id: q{}\n  question: Why?\n  answer: " + "Because. " * 40 + "\n"
    with (clinic / "data" / "faq.yaml").open("w", encoding="utf-8") as handle:
        for i in range(6000):
            handle.write(entry.format(i))
    started = time.monotonic()
    result = run("validate", "--clinic-dir", str(clinic))
    assert time.monotonic() - started < 5
    assert result.exit_code == 1 and "faq.yaml: the file is larger than 2 MB" in result.output


# --- templates ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "needle"), [
    ("{{ range(10**9)|list|length }}", "range()"),
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "loops ran more than"),
    ("{{ 'x' * 10**11 }}", "'*' would make"),
    ("{{ 'x' * 10**9 }}", "'*' would make"),
    ("{{ lipsum(10**5) }}", "lipsum()"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls itself"),
    ("{% include 'sheet.xml.j2' %}", "calls itself"),
    ("{% set ns = namespace(x='ab') %}{% for i in range(60) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
     "'~' made"),
    ("{{ '%1000000000s' % 'a' }}", "format width"),
    ("{{ 'a'|center(10**9) }}", "too wide"),
])
def test_pathological_templates_stop_with_one_line(tmp_path: Path, body: str, needle: str):
    templates = write(tmp_path / "t" / "sheet.xml.j2", "<story>\n" + body + "\n</story>\n").parent
    started = time.monotonic()
    result = run("sheet", "--name", "Ana", "--goal", "sleep", "-o", str(tmp_path / "a.pdf"),
                 "--templates-dir", str(templates))
    one_error(result, "sheet.xml.j2:2", needle)
    assert time.monotonic() - started < 15
    assert not (tmp_path / "a.pdf").exists()


def test_a_template_writing_without_end_stops_at_the_output_limit_and_names_the_line(tmp_path: Path):
    templates = write(tmp_path / "t" / "sheet.xml.j2",
                      "<story>\n<p>Fine so far.</p>\n"
                      "{% for i in range(3000) %}{{ 'x' * 1000 }}{% endfor %}\n</story>\n").parent
    result = run("sheet", "--name", "Ana", "--goal", "sleep", "-o", str(tmp_path / "a.pdf"),
                 "--templates-dir", str(templates))
    one_error(result, "sheet.xml.j2:3", "wrote more than 2,000,000 characters")
    assert not (tmp_path / "a.pdf").exists()


def test_links_are_limited_to_web_mail_and_phone(tmp_path: Path):
    for href in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"):
        templates = write(tmp_path / "t" / "sheet.xml.j2",
                          f'<story>\n<p>Book <link href="{href}">here</link></p>\n</story>\n').parent
        one_error(run("sheet", "--name", "Ana", "--goal", "sleep", "-o", str(tmp_path / "a.pdf"),
                      "--templates-dir", str(templates)), "is not allowed", "https:")


# --- batch time limit --------------------------------------------------------------------------------------

def test_a_sheet_past_the_time_limit_fails_its_row_and_the_run_goes_on(tmp_path: Path, workspace):
    from handouts.batch import Batch
    from handouts.intake.client_list import open_client_list
    from tests.hazards.fast_renderer import slow_sheet

    clients = write(tmp_path / "c.csv", "name,goals\nAna,sleep\nSlow Sam,sleep\nCy,stress\n")
    started = time.monotonic()
    batch = Batch(workspace, open_client_list(clients), tmp_path / "out", workers=1, renderer=slow_sheet,
                  sheet_seconds=1)
    outcomes = list(batch.run())
    assert time.monotonic() - started < 10
    assert [o.status for o in outcomes] == ["written", "failed", "written"]
    assert "longer than 1 seconds" in outcomes[1].message


# --- the output folder -------------------------------------------------------------------------------------

def test_wait_runs_after_the_holder_lets_go(tmp_path: Path):
    import threading

    from handouts.files.lock import folder_lock

    clients = write(tmp_path / "c.csv", "name,goals\nAna,sleep\n")
    out = tmp_path / "out"
    held = threading.Event()

    def hold() -> None:
        with folder_lock(out, what="test"):
            held.set()
            time.sleep(1.0)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    started = time.monotonic()
    result = run("batch", str(clients), "-o", str(out), "-q", "-j", "1", "--wait")
    thread.join()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 0.5
    assert (out / "ana.pdf").is_file()


def test_combined_named_like_a_sheet_does_not_overwrite_it(tmp_path: Path):
    clients = write(tmp_path / "c.csv", "name,goals\nAna,sleep\nBo,stress\n")
    out = tmp_path / "out"
    result = run("batch", str(clients), "-o", str(out), "-q", "-j", "1", "--combined", str(out / "ana.pdf"))
    assert result.exit_code == 0, result.output
    rows = report(out)
    assert rows[0]["file"] != "ana.pdf"
    sheet = pdf_text((out / rows[0]["file"]).read_bytes())
    combined = pdf_text((out / "ana.pdf").read_bytes())
    assert "Bo" in combined and "Bo" not in sheet.split("Prepared for")[1][:20]
    again = run("batch", str(clients), "-o", str(out), "-q", "-j", "1", "--combined", str(out / "ana.pdf"))
    assert again.exit_code == 0 and "2 unchanged" in again.output
    # Without --combined, ana.pdf (the old print file) is not taken for Ana's up-to-date sheet.
    alone = run("batch", str(clients), "-o", str(out), "-q", "-j", "1")
    assert alone.exit_code == 0 and "1 written" in alone.output
    assert "Bo" not in pdf_text((out / "ana.pdf").read_bytes()).split("Prepared for")[1][:20]


@pytest.mark.parametrize("name", ["batch-report.csv", MANIFEST, ".handouts.lock", "c.csv"])
def test_combined_can_never_be_the_report_manifest_lock_or_list(tmp_path: Path, name: str):
    clients = write(tmp_path / "c.csv", "name,goals\nAna,sleep\n")
    out = tmp_path if name == "c.csv" else tmp_path / "out"
    one_error(run("batch", str(clients), "-o", str(out), "-q", "--combined", str(out / name)), "--combined")


def test_orphan_temp_files_are_cleaned(tmp_path: Path):
    clients = write(tmp_path / "c.csv", "name,goals\nAna,sleep\n")
    out = tmp_path / "out"
    out.mkdir()
    orphan = out / ".bo.pdf.x1y2z3.part"
    orphan.write_bytes(b"%PDF-half")
    assert run("batch", str(clients), "-o", str(out), "-q", "-j", "1").exit_code == 0
    assert not orphan.exists()


def _start_batch(tmp_path: Path, rows: int, renderer: str = "pid_sheet", workers: int = 2):
    clients = tmp_path / "c.csv"
    clients.write_text("name,goals\n" + "".join(f"Client {i:04d},sleep\n" for i in range(rows)), encoding="utf-8")
    script = ("import sys; from pathlib import Path; from handouts.batch import Batch; "
              "from handouts.intake.client_list import open_client_list; "
              "from handouts.files.search_path import find_workspace; "
              f"from tests.hazards.fast_renderer import {renderer} as r; "
              f"b = Batch(find_workspace(), open_client_list(Path(sys.argv[1])), Path(sys.argv[2]), "
              f"workers={workers}, renderer=r); [None for _ in b.run()]")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_TEST_PIDS": str(tmp_path / "pids")}
    return subprocess.Popen([sys.executable, "-c", script, str(clients), str(tmp_path / "out")], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(predicate, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_workers_die_with_a_killed_parent_and_every_landed_sheet_is_in_the_manifest(tmp_path: Path):
    pids = tmp_path / "pids"
    parent = _start_batch(tmp_path, 2000)
    assert _wait_for(lambda: pids.is_file() and len(pids.read_text().split()) > 40)
    parent.kill()
    parent.wait()
    workers = {int(p) for p in pids.read_text().split()}
    assert workers and parent.pid not in workers
    assert _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() and
                                     "zombie" not in _state(pid) for pid in workers), 5)
    out = tmp_path / "out"
    landed = {p.name for p in out.glob("*.pdf")}
    recorded = {line.split('"file": "')[1].split('"')[0] for line in (out / MANIFEST).read_text().splitlines()
                if '"file"' in line}
    assert landed and landed <= recorded


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


@pytest.mark.slow  # starts a separate process
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_stop_like_ctrl_c(tmp_path: Path, signum: int, code: int):
    clients = tmp_path / "c.csv"
    clients.write_text("name,goals\n" + "".join(f"Client {i:04d},sleep\n" for i in range(400)), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "handouts", "batch", str(clients), "-o", str(out), "-q",
                             "-j", "2"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert _wait_for(lambda: len(list(out.glob("*.pdf"))) >= 3, 60)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert b"Traceback" not in err and b"stopped:" in err
    rows = report(out)
    assert 0 < len(rows) < 400
    assert not list(out.glob(".*.part"))
    written = {r["file"] for r in rows if r["status"] == "written"}
    assert written <= {p.name for p in out.glob("*.pdf")}


# --- no traceback ------------------------------------------------------------------------------------------

def test_a_folder_as_output(tmp_path: Path):
    one_error(run("sheet", "--name", "Ana", "--goal", "sleep", "-o", str(tmp_path)), "folder, not a file")


def test_batch_out_dir_that_is_a_file(tmp_path: Path):
    clients = write(tmp_path / "c.csv", "name,goals\nAna,sleep\n")
    one_error(run("batch", str(clients), "-o", str(clients), "-q"), "--out-dir", "is a file")


@pytest.mark.parametrize(("code", "needle"), [(errno.EROFS, "read-only"), (errno.ENOSPC, "disk is full"),
                                              (errno.EACCES, "permission denied"), (errno.EFBIG, "larger than")])
def test_file_system_errors_are_one_line(tmp_path: Path, monkeypatch, code: int, needle: str):
    import handouts.files.writing

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(tmp_path / "a.pdf"))

    monkeypatch.setattr(handouts.files.writing, "new_part_file", refuse)
    one_error(run("sheet", "--name", "Ana", "--goal", "sleep", "-o", str(tmp_path / "a.pdf")), needle)


def test_disk_full_during_a_batch_leaves_no_part_file(tmp_path: Path, monkeypatch):
    import pathlib

    clients = write(tmp_path / "c.csv", "name,goals\nAna,sleep\n")
    real_open = pathlib.Path.open

    def full(self, *args, **kwargs):
        if self.name.endswith(".part") and "batch-report" in self.name:
            handle = real_open(self, *args, **kwargs)
            handle.close()
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", full)
    one_error(run("batch", str(clients), "-o", str(tmp_path / "out"), "-q"), "disk is full")
    assert not list((tmp_path / "out").glob(".*.part"))


@pytest.mark.slow  # starts a separate process
def test_file_size_ulimit(tmp_path: Path):
    import resource

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))

    proc = subprocess.run([sys.executable, "-m", "handouts", "sheet", "--name", "Ana", "--goal", "sleep", "-o",
                           str(tmp_path / "a.pdf")], capture_output=True, preexec_fn=small_files, cwd=tmp_path)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert b"larger than allowed" in proc.stderr
    assert not list(tmp_path.glob(".*.part"))


def test_an_unexpected_error_prints_one_line_and_a_log_without_client_data(tmp_path: Path, monkeypatch):
    import handouts.build

    def broken(workspace, client):
        raise RuntimeError(f"cannot draw {client.name}'s notes: {client.notes}")

    monkeypatch.setattr(handouts.build, "sheet_pdf", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    line = one_error(run("sheet", "--name", "Secret Person", "--goal", "sleep", "--notes", "private matter"),
                     "internal problem (RuntimeError)", "handouts-error-")
    log = Path(line.rsplit(" ", 1)[1])
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "make_sheet.py" in text  # the command that failed
    assert "Secret" not in text and "private" not in text


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG file whose header claims ``width`` x ``height`` one-bit pixels (a decompression bomb's shape)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("logo.png", b"this is text", "not a readable PNG"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect', "not a complete"),
    ("logo.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "not a complete"),
    ("logo.png", None, "more pixels"),
])
def test_bad_logo_files(tmp_path: Path, name: str, content: bytes | None, needle: str):
    clinic = tmp_path / "clinic"
    assert run("init", str(clinic)).exit_code == 0
    if content is None:
        (clinic / name).write_bytes(png_claiming(30_000, 30_000))
    else:
        (clinic / name).write_bytes(content)
    text = (clinic / "clinic.yaml").read_text(encoding="utf-8")
    (clinic / "clinic.yaml").write_text(text.replace("# logo: logo.png", f"logo: {name}"), encoding="utf-8")
    one_error(run("brochure", "--clinic-dir", str(clinic), "-o", str(tmp_path / "b.pdf")), name, needle)


# --- nothing silent ----------------------------------------------------------------------------------------

def test_unprintable_clinic_text_fails_validate_and_sheets(tmp_path: Path):
    clinic = tmp_path / "clinic"
    assert run("init", str(clinic)).exit_code == 0
    text = (clinic / "clinic.yaml").read_text(encoding="utf-8")
    (clinic / "clinic.yaml").write_text(text.replace("name: My Reflexology Clinic", "name: 柳巷诊所"),
                                        encoding="utf-8")
    result = run("validate", "--clinic-dir", str(clinic))
    assert result.exit_code == 1 and "clinic.yaml:" in result.output and "U+67F3" in result.output
    one_error(run("sheet", "--name", "Ana", "--goal", "sleep", "--clinic-dir", str(clinic), "-o",
                  str(tmp_path / "a.pdf")), "clinic.name", "U+67F3")


def test_unprintable_strings_and_template_text(tmp_path: Path):
    data = write(tmp_path / "data" / "strings.yaml", "sheet_title: Your routine 🌿\n").parent
    result = run("validate", "--data-dir", str(data))
    assert result.exit_code == 1 and "strings.yaml:1" in result.output and "U+1F33F" in result.output
    templates = write(tmp_path / "t" / "sheet.xml.j2", "<story>\n<p>Relax 🌿</p>\n</story>\n").parent
    result = run("validate", "--templates-dir", str(templates))
    assert result.exit_code == 1 and "sheet.xml.j2:2" in result.output


def test_a_long_name_is_shortened_in_the_running_header_and_whole_on_page_one(tmp_path: Path):
    name = " ".join(["Maximiliana-Josefina von Hohenzollern-Sigmaringen"] * 4)
    result = run("sheet", "--name", name, "--goal", "sleep", "--goal", "stress", "--goal", "digestion", "-o",
                 str(tmp_path / "a.pdf"))
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "a.pdf")
    assert len(reader.pages) == 2
    assert squash(name) in squash(reader.pages[0].extract_text())
    second = reader.pages[1].extract_text()
    assert "\u2026" in second and squash(name) not in squash(second)


def test_svg_logo_text_uses_the_bundled_font(tmp_path: Path):
    clinic = tmp_path / "clinic"
    assert run("init", str(clinic)).exit_code == 0
    (clinic / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="5" y="30" font-size="20">Willow'
        '</text><text x="5" y="55" font-family="sans-serif" font-weight="bold">Clinic</text></svg>',
        encoding="utf-8")
    text = (clinic / "clinic.yaml").read_text(encoding="utf-8")
    (clinic / "clinic.yaml").write_text(text.replace("# logo: logo.png", "logo: logo.svg"), encoding="utf-8")
    result = run("brochure", "--clinic-dir", str(clinic), "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "b.pdf").read_bytes()
    assert b"Helvetica" not in raw
    assert "Willow" in pdf_text(raw)


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path):
    clients = tmp_path / "c.csv"
    clients.write_text("name,goals\nAna,\x1b[2J\x1b]8;;http://x\x07sleepp\nBo\x1b[31m,bad\x1b[0m\n",
                       encoding="utf-8")
    result = run("batch", str(clients), "-o", str(tmp_path / "out"), "-q", "-j", "1")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "unknown goal" in result.output
    assert all("\x1b" not in value for row in report(tmp_path / "out") for value in row.values())


def test_invisible_direction_marks_are_removed_with_a_warning(tmp_path: Path):
    result = run("sheet", "--name", "Ana\u202eLima\u200f", "--goal", "sleep", "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 0, result.output
    assert "warning: name: removed invisible formatting characters (U+200F, U+202E)" in result.output
    text = pdf_text((tmp_path / "a.pdf").read_bytes())
    assert "AnaLima" in text and "\u202e" not in text


def test_client_file_errors_name_the_field_as_in_the_file(tmp_path: Path):
    client = write(tmp_path / "c.yaml", "goals: sleep\nminutes: 10\n")
    line = one_error(run("sheet", str(client)), "c.yaml", "name: a client name is required")
    assert "--name:" not in line
    client = write(tmp_path / "d.yaml", "name: Ana\ngoals: sleep\nminutes: .inf\n")
    line = one_error(run("sheet", str(client)), "d.yaml:3", "minutes:")
    assert "--minutes" not in line


# --- encryption --------------------------------------------------------------------------------------------

def _encryption(path: Path) -> tuple[int, int]:
    reader = pypdf.PdfReader(path)
    crypt = reader.trailer["/Encrypt"].get_object()
    return int(crypt["/V"]), int(crypt["/R"])


def test_sheet_with_a_password_is_aes_256_and_prints(tmp_path: Path):
    target = tmp_path / "a.pdf"
    result = run("sheet", "--name", "Ana Lima", "--goal", "sleep", "--password", "14.03.1980", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert _encryption(target) == (5, 6)
    reader = pypdf.PdfReader(target)
    assert reader.is_encrypted and reader.decrypt("wrong") == 0
    assert reader.decrypt("14.03.1980") != 0
    assert "Ana Lima" in reader.pages[0].extract_text()
    permissions = reader.user_access_permissions
    assert permissions & pypdf.constants.UserAccessPermissions.PRINT
    assert not permissions & pypdf.constants.UserAccessPermissions.MODIFY
    assert b"Ana Lima" not in target.read_bytes()


@pytest.mark.slow  # starts a separate process
@pytest.mark.skipif(not any(Path(p, "qpdf").exists() for p in os.environ.get("PATH", "").split(os.pathsep)),
                    reason="qpdf is not installed")
def test_qpdf_opens_the_encrypted_sheet(tmp_path: Path):
    target = tmp_path / "a.pdf"
    assert run("sheet", "--name", "Ana", "--goal", "sleep", "--password", "pw 1", "-o", str(target)).exit_code == 0
    ok = subprocess.run(["qpdf", "--password=pw 1", "--check", str(target)], capture_output=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert subprocess.run(["qpdf", "--check", str(target)], capture_output=True).returncode != 0


def test_password_file_and_environment(tmp_path: Path, monkeypatch):
    (tmp_path / "pw.txt").write_text("from-file\n", encoding="utf-8")
    assert run("sheet", "--name", "Ana", "--goal", "sleep", "--password-file", str(tmp_path / "pw.txt"), "-o",
               str(tmp_path / "a.pdf")).exit_code == 0
    assert pypdf.PdfReader(tmp_path / "a.pdf").decrypt("from-file") != 0
    monkeypatch.setenv("HANDOUTS_PDF_PASSWORD", "from-env")
    assert run("sheet", "--name", "Ana", "--goal", "sleep", "-o", str(tmp_path / "b.pdf")).exit_code == 0
    assert pypdf.PdfReader(tmp_path / "b.pdf").decrypt("from-env") != 0
    one_error(run("sheet", "--name", "Ana", "--goal", "sleep", "--password", "x" * 200, "-o",
                  str(tmp_path / "c.pdf")), "--password", "127 bytes")


def test_private_metadata_keeps_the_name_out_of_title_bookmarks_and_file_name(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    client = write(tmp_path / "c.yaml", "name: Ana Lima\ngoals: sleep\nid: C-042\n")
    result = run("sheet", str(client), "--private-metadata")
    assert result.exit_code == 0, result.output
    target = tmp_path / "output" / "c-042.pdf"
    reader = pypdf.PdfReader(target)
    assert "Ana" not in reader.metadata.title and "C-042" in reader.metadata.title
    assert all("Ana" not in item.title for item in reader.outline)
    assert "Ana Lima" in reader.pages[0].extract_text()  # the page still greets the client


def test_batch_password_column_and_private_names(tmp_path: Path):
    clients = write(tmp_path / "c.csv", "name,goals,id,password\nAna Lima,sleep,C1,1980-03-14\nBo Ek,stress,,\n")
    out = tmp_path / "out"
    result = run("batch", str(clients), "-o", str(out), "-q", "-j", "1", "--private-metadata",
                 "--password", "clinic-default")
    assert result.exit_code == 0, result.output
    rows = report(out)
    assert [r["file"] for r in rows] == ["c1.pdf", "row-3.pdf"]
    assert pypdf.PdfReader(out / "c1.pdf").decrypt("1980-03-14") != 0
    assert pypdf.PdfReader(out / "row-3.pdf").decrypt("clinic-default") != 0
    assert _encryption(out / "c1.pdf") == (5, 6)
    everything = (out / "batch-report.csv").read_text(encoding="utf-8-sig") + (out / MANIFEST).read_text()
    assert "1980-03-14" not in everything and "clinic-default" not in everything


def test_private_combined_file_has_no_name_in_its_bookmarks(tmp_path: Path):
    clients = write(tmp_path / "c.csv", "name,goals,id\nAna Lima,sleep,C1\nBo Ek,stress,\n")
    out = tmp_path / "out"
    result = run("batch", str(clients), "-o", str(out), "-q", "-j", "1", "--private-metadata",
                 "--combined", str(tmp_path / "print.pdf"))
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "print.pdf")
    titles = [item.title for item in reader.outline]
    assert len(titles) == 2 and "C1" in titles[0]
    assert not any("Ana" in t or "Bo Ek" in t for t in titles)


def test_unencrypted_sheets_are_unchanged_by_protection(workspace, catalog):
    from handouts.post.protect import protect

    from .conftest import sheet_pdf

    data = sheet_pdf(workspace, catalog)
    assert protect(data) == data
    assert not pypdf.PdfReader(io.BytesIO(protect(data, private_title="Routine"))).is_encrypted


def test_output_past_the_limit_from_an_included_template_names_the_include_line(tmp_path: Path):
    """Jinja copies an include's output piece by piece, so the line found is the one that includes it."""
    folder = tmp_path / "t"
    write(folder / "flood.xml.j2", "<p>one</p>\n<p>two</p>\n{% for i in range(3000) %}{{ 'y' * 1000 }}{% endfor %}\n")
    write(folder / "sheet.xml.j2", "<story>\n{% include 'flood.xml.j2' %}\n</story>\n")
    result = run("sheet", "--name", "Ana", "--goal", "sleep", "-o", str(tmp_path / "a.pdf"),
                 "--templates-dir", str(folder))
    one_error(result, "sheet.xml.j2:2", "wrote more than 2,000,000 characters")
    assert not (tmp_path / "a.pdf").exists()
