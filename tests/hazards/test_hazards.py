"""The hazard suite: hostile and unlucky inputs at full size, each stopped fast and reported.

Runs in well under a minute on two cores. The 10,000-row batch replaces only
the PDF drawing with a tiny stand-in (see fast_renderer.py); intake, the
worker pool, the report, the manifest and the folder lock are the real ones.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts.batch import Batch
from handouts.batch.manifest import MANIFEST
from handouts.files.search_path import find_workspace
from handouts.intake.client_list import open_client_list

ROOT = Path(__file__).resolve().parents[2]
BOMB = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def run_measured(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                 memory: bool = True) -> tuple[int, str, float, float]:
    """Run handouts in a child process: exit code, stderr, seconds, and the child's peak memory in MB."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "handouts", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    _, err = proc.communicate(timeout=60)
    # The exit status is gone once communicate() has reaped the child, so peak memory comes from a
    # second, identical run waited for with wait4, which reports that child's own maximum resident size.
    seconds = time.monotonic() - started
    if not memory:
        return proc.returncode, err.decode("utf-8", "replace"), seconds, 0.0
    proc2 = subprocess.Popen([sys.executable, "-m", "handouts", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    _, _, usage = os.wait4(proc2.pid, 0)
    return proc.returncode, err.decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024


@pytest.mark.slow  # starts a separate process
@pytest.mark.parametrize("where", ["client file", "client list", "clinic data"])
def test_alias_bombs_are_stopped_under_200_mb_and_5_s(tmp_path: Path, where: str):
    if where == "client file":
        (tmp_path / "client.yaml").write_text(BOMB + "name: *i\ngoals: sleep\n", encoding="utf-8")
        args = ["sheet", "client.yaml"]
    elif where == "client list":
        (tmp_path / "clients.yaml").write_text(
            "- &x " + BOMB.replace("\n", "\n  ").strip() + "\n- *x\n", encoding="utf-8")
        args = ["batch", "clients.yaml", "-o", "out", "-q"]
    else:
        clinic = tmp_path / "clinic"
        subprocess.run([sys.executable, "-m", "handouts", "init", str(clinic)], check=True, capture_output=True)
        with (clinic / "clinic.yaml").open("a", encoding="utf-8") as handle:
            handle.write("\n" + BOMB.replace("a: &a", "x_a: &a") + "tagline: *i\n")
        args = ["validate", "--clinic-dir", str(clinic)]
    code, err, seconds, peak_mb = run_measured(args, tmp_path)
    assert code == 1
    assert "Traceback" not in err
    assert "expand to more than" in err and ".yaml:" in err
    assert seconds < 5, f"took {seconds:.1f} s"
    assert peak_mb < 200, f"peak {peak_mb:.0f} MB"


def test_pathological_template_is_stopped_and_reported(tmp_path: Path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "sheet.xml.j2").write_text(
        "<sheet>\n{% for i in range(10000) %}{% for j in range(10000) %}{{ 'x' if false }}{% endfor %}"
        "{% endfor %}\n</sheet>\n", encoding="utf-8")
    (tmp_path / "clients.csv").write_text("name,goals\nAna,sleep\nBo,stress\n", encoding="utf-8")
    started = time.monotonic()
    code, err, _, _ = run_measured(
        ["batch", "clients.csv", "-o", "out", "-q", "-j", "1", "--templates-dir", str(templates)], tmp_path,
        memory=False)
    assert time.monotonic() - started < 20
    assert code == 1 and "Traceback" not in err
    with (tmp_path / "out" / "batch-report.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["status"] for r in rows] == ["failed", "failed"]
    assert "clients.csv row 2" in err and "clients.csv row 3" in err
    assert "loops ran more than" in rows[0]["message"]


def _hostile_list(path: Path) -> set[int]:
    """10,000 rows; 100 of them bad in different ways. Returns the bad rows' spreadsheet numbers."""
    bad_kinds = ["inf", "nan", "1e400", "-inf", "big-cell", "escape", "bad-goal", "no-name", "bidi-goal", "huge-notes"]
    bad: set[int] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "goals", "minutes", "notes"])
        for i in range(10_000):
            row = [f"Client {i:05d}", "sleep; stress", "15", "Rest well."]
            if i % 100 == 37:
                kind = bad_kinds[(i // 100) % len(bad_kinds)]
                bad.add(i + 2)
                if kind in ("inf", "nan", "1e400", "-inf"):
                    row[2] = kind
                elif kind == "big-cell":
                    row[3] = "n" * 200_000
                elif kind == "escape":
                    row[1] = "\x1b[2J\x1b]8;;http://evil.example\x07sleep"
                elif kind == "bad-goal":
                    row[1] = "sleepp"
                elif kind == "no-name":
                    row[0] = ""
                elif kind == "bidi-goal":
                    row[1] = "sleep\u202e; stress"
                    row[2] = "1e999999"
                else:
                    row[3] = "word " * 2000
            writer.writerow(row)
    return bad


def test_ten_thousand_rows_with_a_hundred_bad_ones(tmp_path: Path):
    from tests.hazards.fast_renderer import tiny_sheet

    clients = tmp_path / "clients.csv"
    bad = _hostile_list(clients)
    out = tmp_path / "out"
    run = Batch(find_workspace(), open_client_list(clients), out, workers=2, renderer=tiny_sheet)
    outcomes = list(run.run())
    assert len(outcomes) == 10_000
    assert {o.row for o in outcomes if not o.ok} == bad
    assert len(list(out.glob("*.pdf"))) == 9_900
    with (out / "batch-report.csv").open(encoding="utf-8-sig") as handle:
        report = list(csv.DictReader(handle))
    assert len(report) == 10_000
    failed = [r for r in report if r["status"] == "failed"]
    assert len(failed) == 100
    assert all(r["message"] for r in failed)
    assert not any("\x1b" in r["message"] for r in failed)
    manifest = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 9_900
    assert not list(out.glob(".*.part"))


@pytest.mark.slow  # starts a separate process
def test_two_concurrent_runs_into_one_folder_lose_nothing(tmp_path: Path):
    lists = []
    for letter in "AB":
        path = tmp_path / f"{letter}.csv"
        path.write_text("name,goals\n" + "".join(f"{letter} client {i:03d},sleep\n" for i in range(300)),
                        encoding="utf-8")
        lists.append(path)
    out = tmp_path / "out"
    script = ("import sys; from pathlib import Path; from handouts.batch import Batch; "
              "from handouts.intake.client_list import open_client_list; "
              "from handouts.files.search_path import find_workspace; "
              "from tests.hazards.fast_renderer import tiny_sheet; "
              "b = Batch(find_workspace(), open_client_list(Path(sys.argv[1])), Path(sys.argv[2]), workers=2, "
              "renderer=tiny_sheet, wait=True); n = sum(1 for o in b.run() if o.ok); print(n)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(p), str(out)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, cwd=ROOT) for p in lists]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1][-500:] for r in results]
    assert [int(r[0]) for r in results] == [300, 300]
    names = {p.name for p in out.glob("*.pdf")}
    assert len(names) == 600
    entries = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(entries) == 600
    assert not list(out.glob(".*.part"))
    # Both reports are kept whole: the later one as batch-report.csv, the earlier one under its list's name.
    reports = sorted(out.glob("batch-report*.csv"))
    assert len(reports) == 2
    rows = [r for path in reports for r in csv.DictReader(path.open(encoding="utf-8-sig"))]
    assert len(rows) == 600 and {r["name"][0] for r in rows} == {"A", "B"}


def test_second_run_without_wait_refuses_and_names_the_first(tmp_path: Path):
    from handouts.files.lock import folder_lock

    (tmp_path / "clients.csv").write_text("name,goals\nAna,sleep\n", encoding="utf-8")
    with folder_lock(tmp_path / "out"):
        code, err, _, _ = run_measured(["batch", "clients.csv", "-o", "out", "-q"], tmp_path, memory=False)
    assert code == 1 and "Traceback" not in err
    assert f"in use by handouts batch (process {os.getpid()}" in err
    assert "--wait" in err
