"""Issue 11's wall, checked: no private ReportLab or pypdf attribute outside the compat modules.

Private names are read from the libraries themselves (what their canvas,
frame, paragraph, table, document template and PDF writer/reader hold), so
a use of one anywhere else in handouts fails here with its module and line.
Reaching into a library object's instance dict (``__dict__``, ``vars()``)
depends on its insides just the same, so a module that imports ReportLab
or pypdf may not do it either; the compat modules are where that belongs.
"""

from __future__ import annotations

import ast
import io
from functools import cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, Paragraph, Table

from handouts.render.fonts import register_fonts

ROOT = Path(__file__).resolve().parent.parent / "handouts"
WALLED = (ROOT / "rl_compat", ROOT / "post" / "pdf_compat.py")


@cache
def private_library_names() -> frozenset[str]:
    """``_name`` attributes of the ReportLab and pypdf objects handouts works with (classes and instances)."""
    register_fonts()  # the suite makes the bundled font ReportLab's default
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    written = io.BytesIO()
    writer.write(written)
    objects = [Canvas(io.BytesIO()), Frame(0, 0, 100, 100), Paragraph("x", ParagraphStyle("p")),
               Table([["x"]]), BaseDocTemplate(io.BytesIO()), writer, PdfReader(written)]
    names = {name for obj in objects for name in {*dir(type(obj)), *vars(obj)}}
    return frozenset(n for n in names if n.startswith("_") and not n.startswith("__"))


def _library_modules() -> list[Path]:
    """handouts modules outside the wall that import ReportLab or pypdf."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if any(path == w or w in path.parents for w in WALLED):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("reportlab", "pypdf") for n in names):
                found.append(path)
                break
    return found


def private_uses(path: Path) -> list[str]:
    """Where ``path`` names a library-private attribute or reaches into an instance dict."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in private_library_names():
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr == "__dict__":
            found.append(f"{node.lineno}: .__dict__")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "vars":
            found.append(f"{node.lineno}: vars()")
    return [f"{path.relative_to(ROOT.parent).as_posix()}:{where}" for where in found]


def test_the_private_names_are_read_from_the_libraries():
    names = private_library_names()
    assert {"_pagesize", "_code", "_doc", "_root_object"} <= names  # Canvas's and PdfWriter's own
    assert len(_library_modules()) > 20  # render, charts and post are all scanned


def test_no_private_library_attribute_outside_the_compat_modules():
    uses = [use for path in _library_modules() for use in private_uses(path)]
    assert not uses, "private ReportLab/pypdf use outside rl_compat/ and post/pdf_compat.py:\n" + "\n".join(uses)


def test_the_canvas_knows_its_page_size_without_reading_reportlabs():
    from reportlab.lib.pagesizes import A4, LETTER

    from handouts.render.document import HandoutsCanvas

    register_fonts()
    canvas = HandoutsCanvas(io.BytesIO(), pagesize=LETTER)
    assert canvas.page_size == LETTER
    canvas.setPageSize(A4)
    assert canvas.page_size == A4
    canvas.showPage()
    canvas.finish()
    assert HandoutsCanvas(io.BytesIO()).page_size == A4  # ReportLab's default (rl_config)
