"""The brochure at the press: colour through one ICC profile, black ink for black, continuous bands,
booklet pages worth turning."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from PIL import Image, ImageCms
from typer.testing import CliRunner

from handouts.cli import app
from handouts.render.brochure import trifold_widths
from handouts.render.colour import bundled_profile

from .conftest import page_runs

runner = CliRunner()
MM = 72 / 25.4
TEAL = (0x2F, 0x5D, 0x62)  # the demo clinic's primary colour


def make(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "brochure.pdf"
    result = runner.invoke(app, ["brochure", *args, "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


def coloured_text(page) -> list[tuple[str, tuple[float, ...]]]:
    """(text, fill colour operands) for every text run on a page."""
    fill: list[tuple[float, ...]] = [()]
    found = []

    def before(op, args, cm, tm):
        if op in (b"k", b"rg", b"g"):
            fill[0] = tuple(float(a) for a in args)

    def text(t, cm, tm, font, size):
        if t.strip():
            found.append((t.strip(), fill[0]))

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


@functools.cache
def press_to_screen() -> ImageCms.ImageCmsTransform:
    """The bundled profile's CMYK seen as sRGB; built once, as building it costs far more than using it."""
    profile = ImageCms.ImageCmsProfile(io.BytesIO(bundled_profile().data))
    return ImageCms.buildTransform(profile, ImageCms.createProfile("sRGB"), "CMYK", "RGB",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


def to_srgb(cmyk: tuple[float, ...]) -> tuple[int, ...]:
    """What a press running the bundled profile prints for these CMYK values, seen as sRGB."""
    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in cmyk))
    return ImageCms.applyTransform(pixel, press_to_screen()).getpixel((0, 0))


@pytest.fixture(scope="module")
def cmyk_trifold(tmp_path_factory) -> pypdf.PdfReader:
    return pypdf.PdfReader(make(tmp_path_factory.mktemp("cmyk"), "--layout", "trifold", "--cmyk", "--bleed", "3",
                                "--crop-marks"))


def test_cmyk_file_names_its_output_profile(cmyk_trifold):
    intents = cmyk_trifold.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "Artifex CMYK SWOP Profile"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4 and profile.get_data() == bundled_profile().data


def test_black_and_grey_text_is_black_ink_only(cmyk_trifold):
    runs = [r for page in cmyk_trifold.pages for r in coloured_text(page)]
    body = [colour for text, colour in runs if text.startswith("Reflexology is a gentle")]
    assert body == [(0.0, 0.0, 0.0, 1.0)]  # body text (#2b2b2b) in solid black ink, not four colours
    for text, colour in runs:
        assert len(colour) == 4, (text, colour)  # CMYK everywhere
        c, m, y, k = colour
        if c == m == y == 0:
            continue
        assert min(c, m, y) < 0.02 or k < 0.5, (text, colour)  # no text in a four-colour grey or black


def test_brand_teal_prints_as_teal(cmyk_trifold):
    """The cover's background, as the press prints it through the profile, is still the clinic's teal."""
    cover_fills = []

    def before(op, args, cm, tm):
        if op == b"k":
            cover_fills.append(tuple(float(a) for a in args))

    cmyk_trifold.pages[0].extract_text(visitor_operand_before=before)
    printed = [to_srgb(c) for c in cover_fills]
    # (the old formula's numbers printed as (64, 107, 128): slate blue)
    assert any(max(abs(a - b) for a, b in zip(rgb, TEAL, strict=True)) <= 6 for rgb in printed), printed


def test_png_logo_is_converted_and_its_black_is_black_ink_only(tmp_path: Path):
    clinic = tmp_path / "clinic"
    runner.invoke(app, ["init", str(clinic)], catch_exceptions=False)
    logo = Image.new("RGBA", (40, 20), (0, 0, 0, 255))
    for x in range(20, 40):
        for y in range(20):
            logo.putpixel((x, y), (*TEAL, 255))
    logo.save(clinic / "logo.png")
    text = (clinic / "clinic.yaml").read_text(encoding="utf-8")
    (clinic / "clinic.yaml").write_text(re.sub(r"(?m)^#?\s*logo:.*$", "logo: logo.png", text), encoding="utf-8")
    reader = pypdf.PdfReader(make(tmp_path, "--layout", "flyer", "--cmyk", "--clinic-dir", str(clinic)))
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1
    picture = images[0].image
    assert picture.mode == "CMYK"
    black = picture.getpixel((2, picture.height // 2))
    teal = picture.getpixel((picture.width - 3, picture.height // 2))
    assert black == (0, 0, 0, 255)
    assert max(abs(a - b) for a, b in zip(to_srgb(tuple(v / 255 for v in teal)), TEAL, strict=True)) <= 6


def test_clinic_profile_with_icc_and_bad_profiles_are_clear(tmp_path: Path):
    ours = tmp_path / "press.icc"
    ours.write_bytes(bundled_profile().data)
    reader = pypdf.PdfReader(make(tmp_path, "--layout", "flyer", "--icc", str(ours)))
    assert "/OutputIntents" in reader.trailer["/Root"]  # --icc implies --cmyk
    rgb = tmp_path / "screen.icc"
    rgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    result = runner.invoke(app, ["brochure", "--icc", str(rgb), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "screen.icc: --icc: the ICC profile is for RGB, not CMYK" in result.output
    junk = tmp_path / "junk.icc"
    junk.write_text("not a profile", encoding="utf-8")
    result = runner.invoke(app, ["brochure", "--icc", str(junk), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "junk.icc: --icc: not an ICC profile" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("bleed", "size"), [("0", "a4"), ("3", "a4"), ("3", "letter")])
def test_trifold_outside_bands_run_unbroken_to_the_trim(tmp_path: Path, bleed: str, size: str):
    """The band across the top of the flap and the back meets the cover with no white notch at the fold."""
    reader = pypdf.PdfReader(make(tmp_path, "--layout", "trifold", "--bleed", bleed, "--cmyk", "--page-size", size))
    trim = reader.pages[0].trimbox
    scale = 4  # pixels per point
    image = pypdfium2.PdfDocument(str(tmp_path / "brochure.pdf"))[0].render(scale=scale).to_pil().convert("RGB")
    wide, narrow = trifold_widths(size)
    top = float(reader.pages[0].mediabox.height) - float(trim.top)
    band_y = round((top + 2.5 * MM) * scale)
    x0 = float(trim.left)
    folds = (x0 + narrow, x0 + narrow + wide)
    for x in [x0 + 1, *[fold + d * MM for fold in folds for d in (-3, -2, -1, -0.3, 0, 0.3, 1)]]:
        r, g, b = image.getpixel((round(x * scale), band_y))
        assert r + g + b < 450, (x / MM, (r, g, b))  # dark band, not paper
    if bleed == "3":
        r, g, b = image.getpixel((round((x0 + narrow + wide - 1 * MM) * scale), round((top - 1.5 * MM) * scale)))
        assert r + g + b < 450  # and on into the bleed above the trim


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_booklet_pages_are_at_least_half_full_except_notes(tmp_path: Path, size: str):
    reader = pypdf.PdfReader(make(tmp_path, "--layout", "booklet", "--page-size", size, "--no-impose"))
    margin = 9 * MM
    for number, page in enumerate(reader.pages[1:], start=2):  # the cover is a full-bleed colour page
        runs = page_runs(page)
        assert runs, number
        if runs[0].text.startswith("Notes"):
            continue
        ys = [run.y for run in runs]
        height = float(page.mediabox.height)
        fill = (height - margin - min(ys)) / (height - 2 * margin)
        assert fill >= 0.5, (number, round(fill, 2))



def poppler_render(path: Path, dpi: int, rows: int) -> Image.Image:
    """The top ``rows`` pixel rows of the first page as poppler draws it: it blends clipped edges that meet,
    where pdfium does not (only a strip: a whole page at 300 dpi costs seconds)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    out = subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-x", "0", "-y", "0",
                          "-W", "100000", "-H", str(rows), str(path)], capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(out)).convert("RGB")


@pytest.mark.parametrize("bleed", ["0", "3"])
def test_trifold_outside_band_has_no_hairline_seam_at_the_folds(tmp_path: Path, bleed: str):
    """Zoomed in, the band across the folds is one even colour: no lighter line where two panels meet."""
    path = make(tmp_path, "--layout", "trifold", "--bleed", bleed, "--cmyk", "--crop-marks")
    page = pypdf.PdfReader(path).pages[0]
    trim = page.trimbox
    wide, narrow = trifold_widths("a4")
    x0, top = float(trim.left), float(page.mediabox.height) - float(trim.top)
    for dpi in (150, 200, 300):
        scale = dpi / 72
        image = poppler_render(path, dpi, round((top + 4 * MM) * scale))
        for band_mm in (1.5, 2.5, 3.5):
            y = round((top + band_mm * MM) * scale)
            for fold in (x0 + narrow, x0 + narrow + wide):
                row = [image.getpixel((x, y)) for x in range(round((fold - 3 * MM) * scale),
                                                              round((fold + 3 * MM) * scale))]
                off = [(i, p) for i, p in enumerate(row) if max(abs(a - b) for a, b in zip(p, row[0], strict=True)) > 6]
                assert not off, (dpi, band_mm, round((fold - x0) / MM, 1), row[0], off[:3])


@pytest.mark.parametrize("bleed_mm", [3.0, 5.0])
def test_fold_marks_start_outside_the_bleed(bleed_mm: float):
    """Fold marks, like crop marks, lie wholly outside the bleed: the trimmer's knife never meets one in it."""
    from handouts.render.brochure_layout import MARK_ROOM, PrintOptions, panels_for, sides_for
    from handouts.render.fonts import register_fonts
    from handouts.render.press_marks import _folds, marks_pdf

    register_fonts()
    sides = sides_for("trifold", panels_for("trifold", "a4"), True)
    bleed = bleed_mm * MM
    marks = marks_pdf(sides, PrintOptions(bleed=bleed, crop_marks=True), _folds("trifold", sides))
    scale = 4
    image = pypdfium2.PdfDocument(marks)[0].render(scale=scale).to_pil().convert("L")
    offset = bleed + MARK_ROOM
    height = sides[0].height + 2 * offset
    for fold in _folds("trifold", sides)[0]:
        x = round((offset + fold) * scale)
        inked = [y for y in range(image.height) if min(image.getpixel((x + d, y)) for d in (-1, 0, 1)) < 240]
        assert inked, "no fold mark drawn"
        for y in inked:  # in points from the top of the sheet
            from_trim = min(abs(y / scale - offset), abs(y / scale - (height - offset)))
            outside = y / scale < offset or y / scale > height - offset
            assert outside and from_trim > bleed + 0.5 * MM, (round(fold / MM), round(y / scale / MM, 1))
