"""The quick start (``handouts.cli.quick``): ``handouts sheet`` without Typer reads every argv it accepts exactly
as Typer does, leaves everything else to Typer, and ends the same way (output, messages, exit codes, bytes)."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts.cli import make_sheet as body
from handouts.cli import quick
from handouts.cli import sheet as declared
from handouts.cli.commands import app, app_for, click_command

DEFAULTS = {name: p.default for name, p in inspect.signature(body.make_sheet).parameters.items()}
PLAIN = [
    ["--name", "Ana Lima", "--goal", "sleep"],
    ["--name=Ana", "-g", "sleep", "-g", "stress", "--condition", "diabetes", "-c", "foot-fracture:left"],
    ["client.yaml", "--force", "-o", "out.pdf", "--large-print", "--private-metadata"],
    ["--name", "Bo", "--name", "Cy", "--minutes", "15", "--pressure", "firm", "--page-size=letter"],
    ["--notes", "O'Brien & <b>Sons</b>", "--therapist", "Jo", "--date", "2026-03-04", "--language", "en"],
    ["--name", "", "--goal="],
    ["--clinic-dir", "clinic", "--data-dir", "data", "--templates-dir", "tpl", "--password-file", "pw.txt"],
    ["--notes=--not-an-option", "--password", "secret words"],
]
NOT_PLAIN = [
    ["--help"], ["-h"], ["--name", "--help"], ["--nme", "Ana"], ["--name"], ["-gsleep"], ["-g=sleep"],
    ["--force=yes"], ["--", "x.yaml"], ["a.yaml", "b.yaml"], ["-"], [""], ["-o", ""], ["--name", "-x"],
    ["-o", "folder"], ["--goal", "sleep", "--verbose"],
]


@pytest.fixture(scope="module")
def table():
    found = quick.table_of(click_command(app_for(["sheet"]), "sheet"))
    assert found is not None and "--goal" in found["options"] and "-o" in found["options"]
    return found


def typer_kwargs(args: list[str]) -> dict | None:
    """What Typer passes to the sheet's work for ``args``; None when Typer stops before (usage error, help)."""
    seen: list[dict] = []
    work = declared.make_sheet
    declared.make_sheet = lambda **kwargs: seen.append(kwargs)
    try:
        result = CliRunner().invoke(app, ["sheet", *args])
    finally:
        declared.make_sheet = work
    return seen[0] if result.exit_code == 0 and seen else None


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "client.yaml").write_text("name: Ana\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder").chmod(0o000)  # a folder Click finds unreadable: its message, not ours
    yield tmp_path
    (tmp_path / "folder").chmod(0o755)


@pytest.mark.parametrize("args", PLAIN)
def test_plain_argv_is_read_as_typer_reads_it(table, files, args):
    parsed = quick.parse(table, args)
    assert parsed is not None, args
    assert {**DEFAULTS, **parsed} == typer_kwargs(args)


@pytest.mark.parametrize("args", NOT_PLAIN)
def test_anything_else_is_left_to_typer(table, files, args):
    if args == ["-o", "folder"] and os.access(files / "folder", os.R_OK):
        pytest.skip("running as a user who reads every folder")
    assert quick.parse(table, args) is None


VALUES = st.sampled_from(["sleep", "Ana", "", "-", "-x", "x.pdf", "client.yaml", "a=b", "--help", "folder", "é"])
CHUNKS = st.one_of(
    st.tuples(st.sampled_from(["--name", "--goal", "-g", "-c", "--minutes", "-o", "--data-dir"]), VALUES),
    st.builds(lambda o, v: (f"{o}={v}",), st.sampled_from(["--name", "--output", "--goal", "-g", "--force"]), VALUES),
    st.tuples(st.sampled_from(["--force", "--large-print", "--private-metadata"])),
    st.tuples(VALUES),  # a positional argument, or junk
    st.tuples(st.sampled_from(["--", "--nme", "-gsleep", "--force=1", "--name", "-h"])),
)
ARGV = st.lists(CHUNKS, max_size=6).map(lambda chunks: [token for chunk in chunks for token in chunk])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ARGV)
def test_whatever_the_quick_parser_accepts_typer_reads_the_same(table, files, args):
    """(The files the fixture made are only read: sharing them between examples is safe.)"""
    parsed = quick.parse(table, args)
    if parsed is not None:
        assert {**DEFAULTS, **parsed} == typer_kwargs(args)


def test_the_typer_command_and_its_work_take_the_same_parameters():
    assert list(inspect.signature(declared.sheet).parameters) == list(DEFAULTS)
    assert all(p.default == DEFAULTS[n] for n, p in inspect.signature(declared.sheet).parameters.items())


@pytest.mark.parametrize("line", ["wrote output/ana-lima.pdf", "wrote \x1b[31mred\x1b[0m.pdf", "wrote é\x1b[2J"])
def test_lines_are_written_as_typer_writes_them(line, capsys):
    import typer

    from handouts.cli.boundary import say

    say(line)
    ours = capsys.readouterr().out
    typer.echo(line)
    assert ours == capsys.readouterr().out and ours.endswith("\n") and "\x1b[31m" not in ours


def test_a_table_belongs_to_one_typer_and_one_command(monkeypatch):
    key = quick.table_key("sheet")
    assert key == quick.table_key("sheet") != quick.table_key("chart")
    monkeypatch.setattr(quick, "typer_stamp", lambda: "another typer")
    assert quick.table_key("sheet") != key


def script(tmp_path, cache, code: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(cache), "HANDOUTS_CONFIG_DIR": str(tmp_path),
           "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)


RUN = """
import sys
from handouts.cli import main
sys.argv = ['handouts', *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as e:
    code = e.code
sys.stderr.write(f'|typer {"typer" in sys.modules}')
sys.exit(code)
"""
CASES = [
    ("sheet", "--name", "Ana Lima", "--goal", "sleep", "-o", "ana.pdf"),
    ("sheet", "--name", "Ana Lima", "--goal", "sleep", "-o", "ana.pdf"),  # exists now: needs --force
    ("sheet", "--name", "Ana", "--goal", "slep"),
    ("sheet", "--name", "Ana", "--goal", "sleep", "--minutes", "200"),
    ("sheet", "--goal", "sleep"),
    ("sheet", "--name", "Ana", "--nme", "x"),  # a usage error: Typer's, in both
]


@pytest.mark.slow  # starts separate processes
def test_quick_and_typer_runs_end_the_same(tmp_path):
    """Each case run by Typer (no table kept) and then by the quick start (table kept): same everything.

    Both ways start from a store filled by one Typer run (catalog, templates, font map), so that they differ
    only in the command table; the Typer way loses its table before each case.
    """
    results = {}
    for way in ("typer", "quick"):
        folder = tmp_path / way
        folder.mkdir()
        cache = folder / "cache"
        assert script(folder, cache, RUN, "sheet", "--name", "X", "--goal", "sleep", "-o", "x.pdf").returncode == 0
        results[way] = []
        for case in CASES:
            if way == "typer":
                shutil.rmtree(cache / quick.STORE)
            results[way].append(script(folder, cache, RUN, *case))
        results[way + " pdf"] = (folder / "ana.pdf").read_bytes()
    for case, typer_run, quick_run in zip(CASES, results["typer"], results["quick"], strict=True):
        assert typer_run.returncode == quick_run.returncode, case
        assert typer_run.stdout == quick_run.stdout, case
        said, loaded = quick_run.stderr.rsplit("|", 1)
        assert typer_run.stderr.rsplit("|", 1) == [said, "typer True"], case
        assert loaded == ("typer True" if "--nme" in case else "typer False"), case
    assert results["typer pdf"] == results["quick pdf"]
    assert [r.returncode for r in results["quick"]] == [0, 1, 1, 1, 1, 2]
