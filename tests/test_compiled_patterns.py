"""``cli.compiled_patterns``: patterns made from kept parts are the patterns Python compiles, and a later
process compiles none of them again."""

from __future__ import annotations

import re

import pytest

from .conftest import python_output

# Patterns of every kind the libraries use: named groups and back references, case folding over Unicode,
# verbose layout, bytes, inline flags, lookarounds. Compiled through the hook, then compared with what
# Python's own compiler makes of each (and the matches they give).
PROBE = r'''
import re
from re import _compiler
from handouts.cli import compiled_patterns

PATTERNS = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P=month))?", 0),
    ("[a-zà-öø-ÿ]+", re.IGNORECASE),
    (r"""
        (?P<word>\w+)   # a word
        \s*(?=,|$)      # before a comma or the end
     """, re.VERBOSE),
    (rb"=([a-fA-F0-9]{2})", 0),
    (r"(?i)ß|straße", 0),
    (r"^(?!x)(a|b)*?c$", re.MULTILINE | re.DOTALL),
]
compiled_patterns.install("probe")
seen = [_compiler.compile(pattern, flags) for pattern, flags in PATTERNS]
new = len(compiled_patterns._table.new) if compiled_patterns._table is not None else "off"
compiled_patterns.save()
for (pattern, flags), mine in zip(PATTERNS, seen):
    theirs = compiled_patterns._python_compile(pattern, flags)
    assert mine == theirs, pattern
    assert (mine.groups, mine.groupindex, mine.flags) == (theirs.groups, theirs.groupindex, theirs.flags), pattern
sample = "2026-11-11 Straße, word ÀÉ"
assert [m.group(0) for m in seen[0].finditer(sample)] == ["2026-11-11"]
assert seen[0].search(sample).group("month") == "11"
assert seen[1].findall("ÀÉ") == ["ÀÉ"] and seen[4].search("STRAßE") and seen[3].findall(b"=4A=zz") == [b"4A"]
print("compiled", new)
'''


def test_patterns_from_kept_parts_are_what_python_compiles_and_a_later_process_compiles_none(tmp_path,
                                                                                             monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    assert python_output(PROBE).split() == ["compiled", "6"]
    assert len(list((tmp_path / "patterns").glob("*.pickle"))) == 1
    assert python_output(PROBE).split() == ["compiled", "0"]  # every pattern from the kept parts


def test_without_a_cache_patterns_compile_as_python_compiles_them(monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    assert python_output(PROBE).split() == ["compiled", "off"]  # not installed: nothing to keep them in


@pytest.fixture
def hooked(monkeypatch):
    """The hook installed in this process over a table that keeps nothing on disk."""
    from handouts.cli import compiled_patterns
    from handouts.files.kept_table import KeptTable

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    table = KeptTable(compiled_patterns.STORE, "test")
    monkeypatch.setattr(compiled_patterns, "_table", table)
    return table


def test_kept_parts_the_engine_refuses_are_compiled_again_and_kept_anew(hooked):
    from handouts.cli.compiled_patterns import _python_compile, compile_kept

    # code the engine cannot run (an opcode out of range), as a damaged table could hold
    hooked.entries[("ab+", 0)] = (32, [999, 1, 2], 0, {}, (None,))
    compiled = compile_kept("ab+", 0)
    assert compiled == _python_compile("ab+", 0) and compiled.fullmatch("abbb")
    assert hooked.new[("ab+", 0)][1] != [999, 1, 2]


def test_debug_patterns_and_parsed_ones_go_to_python_itself(hooked, capsys):
    from handouts.cli.compiled_patterns import compile_kept

    assert compile_kept("x+", re.DEBUG).match("xx")
    assert "MAX_REPEAT" in capsys.readouterr().out  # Python's own compiler printed its dump
    scanner = re.Scanner([(r"\d+", lambda s, t: int(t)), (r"\s+", None)])  # hands the compiler parsed patterns
    assert scanner.scan("12 34") == ([12, 34], "")
    assert not hooked.new


def test_a_table_keeps_only_what_was_used_once_that_is_less_than_three_quarters_of_it(tmp_path, monkeypatch):
    from handouts.files.kept_table import KeptTable

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    first = KeptTable("probe", "key")
    for n in range(10):
        first.add(n, n * n)
    first.save()  # a first run: everything it met is new, all of it kept
    second = KeptTable("probe", "key")
    assert second.entries == {n: n * n for n in range(10)}
    for n in range(3, 7):
        assert second.get(n) == n * n
    second.save()  # used 4 of 10 and added nothing: written again with only those four
    assert KeptTable("probe", "key").entries == {n: n * n for n in range(3, 7)}
    third = KeptTable("probe", "key")
    assert third.get(3) == 9 and third.get(4) == 16 and third.get(5) == 25
    third.add(11, 121)
    third.save()  # used three quarters and added one: all of it kept, the new one too
    assert KeptTable("probe", "key").entries == {**{n: n * n for n in range(3, 7)}, 11: 121}
