"""``rl_compat.pil_image_on_first_use``: ReportLab loads without Pillow's image module, which is imported the
first time ReportLab (or anyone) uses it, and then is the one real module everywhere."""

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
