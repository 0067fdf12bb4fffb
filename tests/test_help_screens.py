"""Kept help screens: ``handouts --help`` a second time prints the same screen without loading Typer, and a
kept screen is never shown once the files it was made from changed, nor when it is damaged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.cli import help_screens

# Runs the console-script entry point, then says on stderr whether Typer was loaded to answer.
RUN = ("import sys\nfrom handouts.cli import main\nsys.argv = ['handouts', *sys.argv[1:]]\ntry:\n    main()\n"
       "finally:\n    sys.stderr.write('typer loaded' if 'typer' in sys.modules else 'typer not loaded')\n")


def run_help(cache: Path, *argv: str, columns: int = 100) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(cache), "COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-c", RUN, *argv], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.slow
def test_second_help_is_the_same_screen_without_typer(tmp_path):
    first = run_help(tmp_path, "sheet", "--help")
    assert first.returncode == 0, first.stderr
    assert "--goal" in first.stdout and "─ Client " in first.stdout
    assert first.stderr.endswith("typer loaded")
    second = run_help(tmp_path, "sheet", "--help")
    assert second.returncode == 0
    assert second.stdout == first.stdout
    assert second.stderr.endswith("typer not loaded")


@pytest.mark.slow
def test_each_width_has_its_own_screen(tmp_path):
    wide = run_help(tmp_path, "--help", columns=120)
    narrow = run_help(tmp_path, "--help", columns=60)
    assert narrow.stderr.endswith("typer loaded")  # not the wide screen, kept a moment ago
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert max(len(line) for line in wide.stdout.splitlines()) > 60


@pytest.mark.slow
@pytest.mark.parametrize("damage", [b"", b"\xff\xfe not text", b"handouts help screen 1\nabc\n\nforged screen"])
def test_a_damaged_screen_is_drawn_again(tmp_path, damage):
    first = run_help(tmp_path, "chart", "-h")
    entries = list((tmp_path / "help").glob("*.txt"))
    assert len(entries) == 1
    entries[0].write_bytes(damage)
    again = run_help(tmp_path, "chart", "-h")
    assert again.returncode == 0
    assert again.stdout == first.stdout
    assert again.stderr.endswith("typer loaded")
    assert "forged" not in entries[0].read_text(encoding="utf-8")  # replaced by the good screen


def test_an_edited_or_missing_source_hides_the_screen(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("HELP = 'one'\n", encoding="utf-8")
    entry = tmp_path / "store" / "screen.txt"
    help_screens.keep_screen(entry, "Usage: handouts ...\n", [str(source)])
    assert help_screens.read_screen(entry) == "Usage: handouts ...\n"
    source.write_text("HELP = 'two'\n", encoding="utf-8")
    assert help_screens.read_screen(entry) is None
    source.unlink()
    assert help_screens.read_screen(entry) is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owner ids are a POSIX notion")
def test_a_screen_another_user_could_have_written_is_not_printed(tmp_path):
    """A kept screen goes straight to the terminal: one that others may change could carry escape sequences."""
    source = tmp_path / "module.py"
    source.write_text("HELP = 'one'\n", encoding="utf-8")
    entry = tmp_path / "store" / "screen.txt"
    old_mask = os.umask(0o002)
    try:
        help_screens.keep_screen(entry, "Usage: handouts ...\n", [str(source)])
    finally:
        os.umask(old_mask)
    assert help_screens.read_screen(entry) == "Usage: handouts ...\n"  # kept 0600 whatever the umask
    entry.chmod(0o666)
    assert help_screens.read_screen(entry) is None


def test_the_store_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    assert help_screens.screen_path(["--help"], sys.stdout) is None
    assert help_screens.show_stored(["--help"]) is False


@pytest.mark.parametrize(("argv", "expected"), [
    (["--help"], True),
    (["-h"], True),
    (["sheet", "--help"], True),
    (["clients", "list", "-h"], True),
    ([], False),
    (["sheet", "--name", "Ana", "--help"], False),  # options before the flag: Typer answers
    (["../x", "--help"], False),
    (["sheet"], False),
])
def test_only_plain_help_requests_are_kept(argv, expected):
    assert help_screens.is_help_request(argv) is expected


def test_the_screen_key_follows_the_terminal(monkeypatch, tmp_path):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "80")
    narrow = help_screens.screen_path(["--help"], sys.stdout)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = help_screens.screen_path(["--help"], sys.stdout)
    monkeypatch.setenv("COLUMNS", "120")
    wide = help_screens.screen_path(["--help"], sys.stdout)
    other = help_screens.screen_path(["sheet", "--help"], sys.stdout)
    assert len({narrow, plain, wide, other}) == 4
