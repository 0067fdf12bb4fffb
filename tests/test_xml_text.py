"""``render.xml_text`` escapes exactly as the standard library's ``xml.sax.saxutils`` (which it replaces
only because importing that loads urllib, http and ssl)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.render.xml_text import escape, quoteattr

from .conftest import python_output

AWKWARD = st.text(alphabet=st.sampled_from(list("&<>\"'\n\r\t ab;#é")) | st.characters(), max_size=40)


@given(AWKWARD)
def test_text_escapes_as_saxutils(text):
    assert escape(text) == sax_escape(text)


@given(AWKWARD)
def test_attributes_quote_as_saxutils(value):
    assert quoteattr(value) == sax_quoteattr(value)


@pytest.mark.parametrize(("value", "expected"), [
    ("https://x.example/?a=1&b=2", '"https://x.example/?a=1&amp;b=2"'),
    ('say "hi"', "'say \"hi\"'"),
    ("it's \"both\"", '"it\'s &quot;both&quot;"'),
    ("line\nbreak", '"line&#10;break"'),
])
def test_examples(value, expected):
    assert quoteattr(value) == expected


def test_the_sheet_path_loads_no_network_modules():
    # what ReportLab itself loads is its own business (4.4 imports urllib.request at the top of lib.utils,
    # 5.1 only when it fetches a URL): only what handouts adds on the sheet's path counts
    code = ("import sys, reportlab.platypus, reportlab.pdfgen.canvas\n"
            "before = set(sys.modules)\n"
            "import handouts.render.sheet\n"
            "print(sorted({'ssl', 'http.client', 'urllib.request'} & (set(sys.modules) - before)))")
    assert python_output(code).strip() == "[]"


def test_text_is_escaped_for_paragraph_markup_by_one_function():
    """Two escapers drift apart (one learns quotes, the other does not): every module uses ``xml_text``."""
    root = Path(__file__).resolve().parent.parent
    copies = {path.relative_to(root).as_posix() for path in (root / "handouts").rglob("*.py")
              if '"&amp;"' in path.read_text(encoding="utf-8") and path.name != "xml_text.py"}
    assert not copies, f"escape with handouts.render.xml_text.escape instead: {sorted(copies)}"
