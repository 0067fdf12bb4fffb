"""rl_compat.formatted: font subsets' objects and forms written from kept bytes are what ReportLab writes.

Each file is made twice, with the kept objects in place (twice over: the
second time from bytes kept by the first) and with ReportLab's own
``TTFont.addObjects`` and ``PDFFormXObject.format``, and compared byte for byte.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pypdf
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handouts.render.fonts import BOLD, REGULAR, register_fonts
from handouts.rl_compat import formatted

# Latin Extended-A, Cyrillic and Greek letters (all in Open Sans): past a subset's 256 codes, so two subsets
MANY = "".join(map(chr, [*range(0x100, 0x180), *range(0x400, 0x450), *range(0x3B1, 0x3CA)]))


def _pdf(texts: list[str], encrypt: str | None = None, width: float = 120) -> bytes:
    """A page for each text, in two faces, and a form ``width`` wide holding text drawn on every page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, encrypt=encrypt)
    canvas.beginForm("label", 0, 0, width, 40)
    canvas.setFont(BOLD, 9)
    canvas.drawString(4, 4, "Solar plexus")
    canvas.circle(60, 20, 8)
    canvas.endForm()
    for text in texts:
        canvas.setFont(REGULAR, 11)
        canvas.drawString(20, 700, text)
        canvas.setFont(BOLD, 14)
        canvas.drawString(20, 740, text[:12])
        canvas.doForm("label")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@contextmanager
def _reportlab_own() -> Iterator[None]:
    """ReportLab's own font objects and form writing for a while."""
    fast_objects, fast_form = TTFont.addObjects, pdfdoc.PDFFormXObject.format
    TTFont.addObjects, pdfdoc.PDFFormXObject.format = fast_objects.original, fast_form.original
    try:
        yield
    finally:
        TTFont.addObjects, pdfdoc.PDFFormXObject.format = fast_objects, fast_form


def _counting(owner: object, name: str) -> tuple[list[int], Callable[[], None]]:
    """Count calls of ``owner.name``; returns the count and how to put the original back."""
    original = getattr(owner, name)
    calls: list[int] = []

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    setattr(owner, name, counted)
    return calls, lambda: setattr(owner, name, original)


def test_font_objects_and_forms_from_kept_bytes_are_the_bytes_reportlab_writes():
    register_fonts()
    cases = [(["Fußbad routine", "Keep it slow"], 120), (["Ana O'Brien (left foot)", MANY], 120),
             ([MANY[::-1], "x"], 120), ([MANY[::-1], "x"], 130.5)]  # the same form in another box
    for texts, width in cases:
        with _reportlab_own():
            expected = _pdf(texts, width=width)
        first, again = _pdf(texts, width=width), _pdf(texts, width=width)
        assert first == expected and again == expected, texts
        pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(first)).pages]
        assert all(text in page for text, page in zip(texts, pages, strict=True)), pages
    assert any(key[0] == "font" for key in formatted._FORMATTED)
    assert any(key[0] == "form" for key in formatted._FORMATTED)


def test_kept_font_objects_and_forms_are_not_worked_out_again():
    register_fonts()
    _pdf(["Sole and heel", MANY])  # keeps them
    face = type(pdfmetrics.getFont(REGULAR).face)
    widths, put_back = _counting(face, "getCharWidth")
    forms, put_back_forms = _counting(pdfdoc.PDFStream, "format")
    try:
        _pdf(["Sole and heel", MANY])
    finally:
        put_back()
        put_back_forms()
    assert widths == []  # no subset's widths looked up again
    assert len(forms) == 2  # only the two pages' own streams: no form, map or font program formatted again


def test_a_file_with_comments_names_reportlabs_own_classes(monkeypatch):
    from reportlab import rl_config

    register_fonts()
    monkeypatch.setattr(rl_config, "pdfComments", 1)  # each object is preceded by its class's name
    monkeypatch.setattr(rl_config, "invariant", 0)  # (the canvas's own invariant keeps the dates fixed)
    with _reportlab_own():
        expected = _pdf(["Fußbad routine", MANY])
    assert _pdf(["Fußbad routine", MANY]) == expected
    assert b"class PDFTrueTypeFont" in expected


def test_an_encrypted_file_is_written_by_reportlab_and_reads_back():
    register_fonts()
    kept = dict(formatted._FORMATTED)
    pdf = _pdf(["Fußbad routine", MANY], encrypt="secret")
    assert kept == formatted._FORMATTED  # nothing kept from, or used for, a file encrypted object by object
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted and reader.decrypt("secret")
    assert "Fußbad routine" in reader.pages[0].extract_text()
    assert MANY in reader.pages[1].extract_text()
