"""``rl_compat.patterns_on_first_use``: the patterns ReportLab compiles for features no sheet uses (long links,
CJK wrapping, Python listings) are compiled only when used, and then match exactly as ReportLab's own."""

from __future__ import annotations

import re

import pytest
from reportlab.platypus import paragraph

from handouts.rl_compat import PatternOnFirstUse

from .conftest import python_output

URIS = ["https://example.com/a/b/c", "http://user:pw@10.0.0.1:8080/x?y=1", "ftp://bücher.example/é",
        "mailto:ana@example.com", "not a link", "HTTPS://EXAMPLE.COM/UPPER", "https://localhost/"]


def test_the_sheet_path_loads_reportlab_with_the_patterns_deferred():
    code = ("import handouts.render.sheet, reportlab.platypus.paragraph as p\n"
            "from reportlab.lib import textsplit, rl_safe_eval, PyFontify\n"
            "for x in (p.uri_pat, textsplit.rx, rl_safe_eval.__rl_unsafe_re__, PyFontify.matchRE, PyFontify.idRE):\n"
            "    print(type(x).__name__, x._compiled is None)")
    assert python_output(code).split() == ["PatternOnFirstUse", "True"] * 5


@pytest.mark.parametrize("uri", URIS)
def test_the_deferred_pattern_matches_like_the_real_one(uri):
    pattern = paragraph.uri_pat
    real = re.compile(pattern.pattern, pattern.flags)
    assert pattern.flags & re.IGNORECASE  # ReportLab compiles it case-insensitive: the case deferred
    found, expected = pattern.match(uri), real.match(uri)
    assert (found and found.groups()) == (expected and expected.groups())


def test_reportlab_splits_links_with_it():
    deferred = PatternOnFirstUse(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
    saved = paragraph.uri_pat
    try:
        paragraph.uri_pat = deferred
        pairs = paragraph._uri_split_pairs("https://example.com/a/b")
    finally:
        paragraph.uri_pat = saved
    assert pairs[0] == ("https://example.com/a/", "b") and ("https://", "example.com/a/b") in pairs
    assert deferred._compiled is not None  # compiled on that first use



def both(pattern) -> tuple[PatternOnFirstUse, re.Pattern[str]]:
    """The pattern deferred as the sheet path defers it, and compiled as ReportLab compiles it."""
    return PatternOnFirstUse(pattern.pattern, pattern.flags), re.compile(pattern.pattern, pattern.flags)


def test_the_cjk_pattern_splits_as_its_own_would():
    """Its one use, in ``cjkwrap`` (which ReportLab cannot run: it calls ``reduce`` without importing it)."""
    from reportlab.lib import textsplit

    text = "Relax 足のマッサージ every evening 每天晚上"
    deferred, compiled = both(textsplit.rx)
    assert deferred.sub(r"\1\0 ", text) == compiled.sub(r"\1\0 ", text) != text


def test_python_listings_and_the_unsafe_words_match_as_with_their_own_patterns():
    from reportlab.lib import PyFontify, rl_safe_eval

    source = "def f(x):\n    # a comment\n    return 'text' + str(x)  # done\n"
    saved = PyFontify.matchRE, PyFontify.idRE
    results = []
    try:
        for match, ident in zip(both(saved[0]), both(saved[1]), strict=True):
            PyFontify.matchRE, PyFontify.idRE = match, ident
            results.append(PyFontify.fontify(source))
    finally:
        PyFontify.matchRE, PyFontify.idRE = saved
    assert results[0] == results[1] and any(tag == "comment" for tag, *_ in results[0])
    deferred, compiled = both(rl_safe_eval.__rl_unsafe_re__)
    for text in ("x.func_globals", "import os", "a.gi_frame.f_locals", "plain words"):
        found, expected = deferred.search(text), compiled.search(text)
        assert (found and found.group()) == (expected and expected.group())


def test_standard_modules_reportlab_loads_defer_their_patterns_and_work_as_with_their_own():
    """logging, textwrap and platform, first loaded by ReportLab on the sheet path, answer as when loaded alone."""
    uses = ("import textwrap, logging, platform\n"
            "text = 'Work each toe -- slowly, from base to tip; then rest.  Breathe out. ' * 4\n"
            "print(repr(textwrap.fill(text, 31, fix_sentence_endings=True)))\n"
            "print(repr(textwrap.wrap(text, 12, break_on_hyphens=False)), repr(textwrap.dedent('  a\\n    b\\n')))\n"
            "record = logging.makeLogRecord({'msg': 'hi', 'levelname': 'INFO'})\n"
            "for fmt, style in (('%(levelname)s:%(message)s', '%'), ('{levelname}:{message:>4}', '{')):\n"
            "    print(repr(logging.Formatter(fmt, style=style, validate=True).format(record)))\n"
            "try:\n"
            "    logging.Formatter('{levelname!x}', style='{', validate=True)\n"
            "except ValueError as exc:\n"
            "    print('refused', exc)\n"
            "print(platform.python_implementation(), platform.python_version_tuple())\n")
    probe = ("import handouts.render.sheet, textwrap, logging, platform\n"
             "found = (textwrap.TextWrapper.wordsep_re, logging.StrFormatStyle.field_spec, "
             "platform._pypy_sys_version_parser)\n"
             "print(' '.join(type(p).__name__ for p in found))\n")
    deferred = python_output(probe + uses).splitlines()
    assert deferred[0] == "PatternOnFirstUse PatternOnFirstUse PatternOnFirstUse"
    assert deferred[1:] == python_output(uses).splitlines()
