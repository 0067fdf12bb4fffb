"""``rl_compat.uri_pattern_on_first_use``: ReportLab's link pattern is compiled only when used, and then
matches exactly as the pattern ReportLab would have compiled itself."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from reportlab.platypus import paragraph

from handouts.rl_compat import PatternOnFirstUse

URIS = ["https://example.com/a/b/c", "http://user:pw@10.0.0.1:8080/x?y=1", "ftp://bücher.example/é",
        "mailto:ana@example.com", "not a link", "HTTPS://EXAMPLE.COM/UPPER", "https://localhost/"]


def test_the_sheet_path_loads_reportlab_with_the_pattern_deferred():
    code = ("import handouts.render.sheet, reportlab.platypus.paragraph as p\n"
            "print(type(p.uri_pat).__name__, p.uri_pat._compiled is None)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["PatternOnFirstUse", "True"]


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
