"""Shared fixtures: the shipped catalog, clinic folders, and PDF helpers."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pypdfium2
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
    Tests that need where a text run stands (visitor callbacks) still use pypdf.
    """
    doc = pypdfium2.PdfDocument(data)
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")


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
