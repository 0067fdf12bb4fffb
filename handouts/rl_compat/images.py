"""An RGB picture given as pixels, drawn by ReportLab without Pillow.

ReportLab reads bitmaps through ``ImageReader``, which wraps a Pillow image.
A clinic's PNG or JPEG logo, once flattened onto white, is only a size and
its RGB bytes, which the user's cache can keep (``render.logo``); a fresh
sheet then need not import Pillow nor decode the file to draw it.
"""

from __future__ import annotations

from reportlab.lib.utils import ImageReader


class PixelReader(ImageReader):
    """An ``ImageReader`` over ``width`` x ``height`` RGB bytes (rows top to bottom, 3 bytes a pixel).

    Relies on: ``Canvas.drawImage`` naming the image from ``getRGBData()``
    and ``_dataA`` (the alpha channel, None here), and ``PDFImageXObject``
    reading ``jpeg_fh()``, ``getSize()``, ``getRGBData()`` and ``mode`` (which
    ``ImageReader.getRGBData`` sets to ``RGB`` for an RGB Pillow image):
    the same calls and answers as an ``ImageReader`` over that Pillow image,
    so the same bytes are written (tests/test_compat.py draws both).
    """

    def __init__(self, width: int, height: int, rgb: bytes) -> None:  # ImageReader's would open a file
        if len(rgb) != width * height * 3:
            raise ValueError(f"{len(rgb)} bytes are not {width} x {height} RGB pixels")
        self._ident = None
        self.fileName = f"PIXELS_{id(self)}"
        self.fp = None
        self._image = None
        self._width, self._height = width, height
        self._transparent = None
        self._data = rgb
        self._dataA = None
        self.mode = "RGB"

    def getTransparent(self) -> None:
        """An RGB picture drawn from its pixels has no colour key (ReportLab asks when a mask is "auto")."""
        return None
