"""Page sizes: named once (``choices``), measured once (``style.PAGE_POINTS``), spelt alike everywhere.

"US Letter" used to work for a sheet only: a chart, a brochure and the
clinic file refused it. Every size now goes through ``choices.page_size_name``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from handouts.catalog.models import Clinic
from handouts.choices import PAGE_SIZES, PAGE_SIZES_CHART, page_size
from handouts.cli import app
from handouts.errors import InputError
from handouts.style import PAGE_POINTS

ROOT = Path(__file__).resolve().parent.parent / "handouts"
LETTER = {(612, 792), (792, 612)}


@pytest.mark.parametrize("args", [
    ("sheet", "--name", "Ana Lima", "--goal", "sleep"),
    ("chart", "--views", "plantar"),
    ("brochure", "--layout", "flyer"),
])
def test_us_letter_is_letter_for_every_document(tmp_path: Path, args: tuple[str, ...]):
    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(app, [*args, "--page-size", "US Letter", "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(target).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) in LETTER


def test_a_clinic_file_may_say_us_letter_too():
    assert Clinic.model_validate({"name": "Willow", "page_size": "US-Letter"}).page_size == "letter"


def test_a_size_that_is_not_one_names_the_nearest():
    with pytest.raises(InputError) as error:
        page_size("leter", PAGE_SIZES_CHART)
    assert error.value.field == "--page-size" and error.value.hint == "did you mean 'letter'?"
    with pytest.raises(InputError):
        page_size("a3")  # a poster size, not a sheet's


def test_every_size_has_its_points_and_nothing_else_does():
    assert set(PAGE_SIZES) <= set(PAGE_SIZES_CHART) == set(PAGE_POINTS)


def test_no_module_or_form_spells_the_list_of_sizes_again():
    """The web forms offer what ``choices`` lists; a second list would miss the next size."""
    spelt = re.compile(r"""["']a4["']\s*,\s*["']letter["']""")
    again = sorted(path.relative_to(ROOT).as_posix() for path in ROOT.rglob("*")
                   if path.suffix in (".py", ".html") and path.name != "choices.py"
                   and spelt.search(path.read_text(encoding="utf-8")))
    assert not again, f"take the sizes from handouts.choices: {again}"
