"""Modules standing in until first used (``first_use``): ReportLab loads without Pillow's image module and
``tempfile``, Jinja without ``tempfile``; each is imported the first time ReportLab, Jinja (or anyone) uses
it, and then is the one real module everywhere."""

from __future__ import annotations

import pytest

from .conftest import python_output


def run(code: str) -> list[str]:
    return python_output(code).split()


@pytest.mark.slow  # starts separate processes
def test_the_sheet_path_loads_reportlab_without_pillow_and_images_still_draw(tmp_path):
    png = tmp_path / "dot.png"
    code = f"""
import sys, io
import handouts.render.sheet
import reportlab.lib.utils as u
print('PIL.Image' in sys.modules, type(u.Image).__name__, u.haveImages)
from reportlab.pdfgen.canvas import Canvas
from PIL import Image
Image.new('RGB', (3, 2), (200, 30, 40)).save({str(png)!r})
canvas = Canvas(io.BytesIO())
canvas.drawImage({str(png)!r}, 10, 10, 30, 20)
print(u.ImageReader({str(png)!r}).getSize() == (3, 2), u.Image.Image is Image.Image, sys.modules['PIL.Image'] is Image)
"""
    assert run(code) == ["False", "ModuleOnFirstUse", "True", "True", "True", "True"]


@pytest.mark.slow
def test_a_first_use_through_reportlab_imports_the_real_module():
    code = """
import sys, handouts.rl_compat, reportlab.lib.utils as u
image = u.Image.new('L', (2, 2))  # the stand-in's first use
import PIL.Image
print(type(image).__module__, sys.modules['PIL.Image'] is PIL.Image, u._isPILImage(image))
"""
    assert run(code) == ["PIL.Image", "True", "True"]


@pytest.mark.slow
def test_reportlab_and_jinja_load_without_tempfile_which_still_works_through_them(tmp_path):
    """``tempfile`` (and ``json``) stand in while ReportLab and Jinja load (``first_use``); their uses still work."""
    code = f"""
import sys
import handouts.render.sheet, handouts.compose.documents
loaded = 'tempfile' in sys.modules or 'json' in sys.modules
from reportlab.lib.rltempfile import get_rl_tempdir
import jinja2
tojson = jinja2.Environment().from_string("{{{{ x | tojson }}}}").render(x={{"a": "<b>"}})
cache = jinja2.FileSystemBytecodeCache({str(tmp_path)!r})
env = jinja2.Environment(loader=jinja2.DictLoader({{"t": "{{{{ 1 + 2 }}}}"}}), bytecode_cache=cache)
import tempfile, os
print(loaded, os.path.isdir(get_rl_tempdir()), env.get_template("t").render(), len(os.listdir({str(tmp_path)!r})),
      sys.modules['tempfile'] is tempfile, tempfile.gettempdir() == get_rl_tempdir().rsplit(os.sep, 1)[0], tojson)
"""
    assert run(code) == ["False", "True", "3", "1", "True", "True", '{"a":', '"\\u003cb\\u003e"}']
