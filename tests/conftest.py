"""Shared fixtures: the shipped catalog, clinic folders, and PDF helpers."""

from __future__ import annotations

import atexit
import ctypes
import gc
import math
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import NamedTuple

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from handouts.build import sheet_from_plan as render_sheet
from handouts.catalog.loader import load_catalog
from handouts.files.search_path import find_workspace
from handouts.intake import make_client
from handouts.plan.planner import make_plan

# Tests compare bytes and dates: pin the clock for the whole session (2026-01-01).
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
# Stored work (catalogs, label layouts: files.cache) goes to a folder of this run's, never the user's cache;
# the process that made it removes it at exit (the pytest workers inherit it from the main process).
if "HANDOUTS_CACHE_DIR" not in os.environ:
    os.environ["HANDOUTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="handouts-test-cache-")
    atexit.register(shutil.rmtree, os.environ["HANDOUTS_CACHE_DIR"], ignore_errors=True)


def _build_the_app_once() -> None:
    """Typer's CliRunner turns the whole app into a Click command on every ``invoke`` (13-20 ms, some 340 times a
    run); handouts' app does not change during a run, so it is built once. Other apps (``app_for``'s copies) are
    built on every call, as before."""
    import typer.main
    import typer.testing

    from handouts.cli import app

    # CliRunner.invoke calls the name it imported typer.main.get_command as; a Typer that no longer does so
    # (the versions are capped in pyproject.toml) would make this a silent no-op, so say it loudly instead
    assert typer.testing._get_command is typer.main.get_command, "typer.testing changed: see conftest.py"  # type: ignore[attr-defined]
    built = typer.main.get_command(app)

    def get_command(given: typer.Typer) -> object:
        return built if given is app else typer.main.get_command(given)

    typer.testing._get_command = get_command  # type: ignore[attr-defined]


_build_the_app_once()


def _collect_less_often() -> None:
    """The cycle collector, tuned for a test process: about a tenth of the in-process tests' CPU time went to it.

    Every test builds PDFs, and ReportLab makes hundreds of thousands of short-lived objects per document, so
    Python's default (a young collection every 700 new objects, a full one every 100 young ones) walks the same
    survivors over and over: 3.0 s of 35 s CPU in six of the heaviest test files, measured with gc.callbacks.
    Freezing what the imports made and collecting the young generation every 10,000 objects (full collections
    rarely) took that to 1.1 s with the same peak memory (168 vs 177 MB). The handouts processes the tests start
    (CLI runs, batch workers) keep their own settings: this is the test process only.
    """
    gc.freeze()
    gc.set_threshold(10_000, 50, 1000)


_collect_less_often()


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory):
    return find_workspace(cwd=tmp_path_factory.mktemp("cwd"))


@pytest.fixture(scope="session")
def catalog(workspace):
    return load_catalog(workspace)


def client(catalog, **fields):
    raw = {"name": "Ana Lima", "goals": ["sleep", "stress"], **fields}
    return make_client(raw, catalog)


def sheet_pdf(workspace, catalog, probe=None, **fields) -> bytes:
    plan = make_plan(catalog, client(catalog, **fields))
    return render_sheet(catalog, workspace, plan, probe=probe)


def pdf_text(data: bytes) -> str:
    """Every page's text as PDFium (the PDF engine of Chrome) reads it, one line per line of the page.

    pypdf reads the same words (over 60 varied sheets, posters and brochures
    the texts were equal but for spaces between a chart's label numbers), but
    it parses every path of the foot charts in Python: a tenth of the suite.
    Where each piece of text stands: ``text_runs``.
    """
    doc = pypdfium2.PdfDocument(data)
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")


class TextRun(NamedTuple):
    """One text-showing operator of a page (a Tj or TJ): its text, where it starts and its size, in page space."""

    page: int  # from 1
    text: str  # stripped of surrounding spaces
    x: float
    y: float
    size: float  # the font size as printed: Tf scaled by the text and graphics matrices


Matrix = tuple[float, float, float, float, float, float]


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` followed by ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def text_runs(data: bytes, page: int | None = None) -> list[TextRun]:
    """Every non-blank text run of the PDF (or of its page ``page``, from 1), form XObjects included, in order.

    Read through PDFium's page objects: it makes one text object per
    text-showing operator, gives its matrix (text and graphics state together)
    and starts it where the operator starts drawing. pypdf's text visitor,
    which these tests used before, parses every path of a chart in Python
    (10x slower here) and reports a run that follows another on the same line
    at the line's start, where PDFium reports where it is drawn.
    """
    doc = pypdfium2.PdfDocument(data)
    runs: list[TextRun] = []
    try:
        numbers = range(1, len(doc) + 1) if page is None else [page]
        for number in numbers:
            sheet = doc[number - 1]
            textpage = sheet.get_textpage()
            count = pdfium_c.FPDFPage_CountObjects(sheet.raw)
            objects = [pdfium_c.FPDFPage_GetObject(sheet.raw, i) for i in range(count)]
            _collect(objects, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), number, textpage.raw, runs)
            textpage.close()
            sheet.close()
    finally:
        doc.close()
    return runs


def _collect(objects: list, outer: Matrix, number: int, textpage, runs: list[TextRun]) -> None:  # type: ignore[type-arg]
    """Text runs of ``objects`` (drawn through ``outer``) appended to ``runs``; forms are walked into."""
    for handle in objects:
        m = pdfium_c.FS_MATRIX()
        pdfium_c.FPDFPageObj_GetMatrix(handle, m)
        matrix = _then((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        kind = pdfium_c.FPDFPageObj_GetType(handle)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            count = pdfium_c.FPDFFormObj_CountObjects(handle)
            inner = [pdfium_c.FPDFFormObj_GetObject(handle, i) for i in range(count)]
            _collect(inner, matrix, number, textpage, runs)
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            length = pdfium_c.FPDFTextObj_GetText(handle, textpage, None, 0)
            buffer = ctypes.create_string_buffer(length)
            pdfium_c.FPDFTextObj_GetText(handle, textpage, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)),
                                         length)
            text = buffer.raw[:max(length - 2, 0)].decode("utf-16-le").strip()
            if text:
                size = ctypes.c_float()
                pdfium_c.FPDFTextObj_GetFontSize(handle, size)
                a, b, c, d, e, f = matrix
                runs.append(TextRun(number, text, e, f, size.value * math.sqrt(abs(a * d - b * c))))


def page_runs(page) -> list[TextRun]:  # type: ignore[no-untyped-def]
    """``text_runs`` of one page of a pypdf reader (which keeps its file's bytes in memory)."""
    return text_runs(page.pdf.stream.getvalue(), page.page_number + 1)


def squash(text: str) -> str:
    """Text with all whitespace removed: extraction breaks lines where the layout did."""
    return "".join(text.split())


def python_output(code: str) -> str:
    """What ``code`` prints when run by a fresh interpreter (what a module loads is only seen from a new process).

    The run must succeed; its error output is the failure message otherwise.
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _own_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets an empty user config folder and no HANDOUTS_CLINIC: never the developer's own clinic."""
    monkeypatch.setenv("HANDOUTS_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("HANDOUTS_CLINIC", raising=False)


@pytest.fixture()
def in_tmp(tmp_path: Path):
    """Run the test inside its own temporary folder, as a user in a fresh directory would."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)
