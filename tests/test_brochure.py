"""The brochure as a print shop receives it: boxes, colour, imposition, QR code, content."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from handouts.cli import app
from handouts.post.impose import saddle_stitch_order
from handouts.render.brochure import trifold_widths

from .conftest import page_runs, pdf_text, squash, write

runner = CliRunner()
MM = 72 / 25.4


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def make(tmp_path: Path, *args: str, name: str = "brochure.pdf") -> pypdf.PdfReader:
    target = tmp_path / name
    result = run("brochure", *args, "-o", str(target))
    assert result.exit_code == 0, result.output
    return pypdf.PdfReader(target)


@pytest.fixture(scope="module")
def default_text(tmp_path_factory: pytest.TempPathFactory):
    """The text of each layout's brochure made with no options, made once for the tests that only read it."""
    made: dict[str, str] = {}

    def text_of(layout: str) -> str:
        if layout not in made:
            reader = make(tmp_path_factory.mktemp(layout), "--layout", layout)
            made[layout] = pdf_text(reader.stream.getvalue())
        return made[layout]

    return text_of


def box(rect) -> tuple[float, ...]:
    return tuple(round(float(v), 2) for v in (rect.left, rect.bottom, rect.right, rect.top))


def placed_text(page) -> list[tuple[str, float, float, float]]:  # type: ignore[no-untyped-def]
    """(text, x, y, size) of every text run of a pypdf reader's page, in page space."""
    return [(run.text, run.x, run.y, run.size) for run in page_runs(page)]


# --- layouts ---------------------------------------------------------------------------------------------------

def test_a4_trifold_panels_are_100_100_97_mm():
    wide, narrow = trifold_widths("a4")
    assert (round(wide / MM, 1), round(narrow / MM, 1)) == (100.0, 97.0)
    wide, narrow = trifold_widths("letter")
    assert round((2 * wide + narrow) / MM, 1) == 279.4 and narrow < wide


def test_trifold_puts_flap_back_and_cover_outside_and_reads_on_inside(tmp_path: Path):
    reader = make(tmp_path, "--layout", "trifold")
    assert len(reader.pages) == 2
    outside, inside = reader.pages

    def x_of(page, needle: str) -> float:
        return min(x for text, x, _, _ in placed_text(page) if needle in text) / MM

    assert 197 <= x_of(outside, "Reflexology for your feet") < 297  # cover: the right-hand panel
    assert 97 <= x_of(outside, "Visit us") < 197                    # back: the middle panel
    assert 0 <= x_of(outside, "After a session") < 97               # flap: the narrow panel that folds in
    assert 0 <= x_of(inside, "What reflexology is") < 100
    assert 100 <= x_of(inside, "What clients notice") < 200
    assert 200 <= x_of(inside, "Reflexology for stress") < 297


@pytest.mark.parametrize("layout", ["trifold", "booklet", "flyer"])
def test_every_section_heading_is_printed(default_text, layout: str, catalog):
    text = squash(default_text(layout))
    titles = [v for k, v in catalog.strings.items() if k.startswith("brochure_") and k.endswith("_title")]
    assert len(titles) >= 10
    for title in titles:
        assert squash(title) in text, title
    assert squash("Willow Lane Reflexology") in text


def test_saddle_stitch_order_for_8_and_12_pages():
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_stitch_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    with pytest.raises(ValueError):
        saddle_stitch_order(6)


def test_a_twelve_page_booklet_is_imposed_in_saddle_stitch_order(tmp_path: Path):
    templates = tmp_path / "templates"
    markers = "\n<next/>\n".join(f"<h2>Marker {n:02d}</h2><p>Page body {n}.</p>" for n in range(1, 11))
    write(templates / "brochure.xml.j2", f"<story>\n{markers}\n</story>\n")
    reader = make(tmp_path, "--layout", "booklet", "--templates-dir", str(templates))
    # 10 pages of content: 2 notes pages are added before the back cover to make 12.
    reading = [f"Marker {n:02d}" for n in range(1, 10)] + ["Notes", "Notes", "Marker 10"]
    assert len(reader.pages) == 12 // 2
    for page, (left, right) in zip(reader.pages, saddle_stitch_order(12), strict=True):
        half = float(page.trimbox.left) + float(page.trimbox.width) / 2
        runs = placed_text(page)
        on_left = " ".join(t for t, x, _, _ in runs if x < half)
        on_right = " ".join(t for t, x, _, _ in runs if x >= half)
        assert reading[left - 1] in on_left and reading[right - 1] in on_right, (left, right)
    unimposed = make(tmp_path, "--layout", "booklet", "--no-impose", "--templates-dir", str(templates),
                     name="reader.pdf")
    assert [next(t for t, *_ in placed_text(p) if t.startswith(("Marker", "Notes"))) for p in unimposed.pages] \
        == reading


# --- print options ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("layout", "size", "trim_mm"), [
    ("trifold", "a4", (297, 210)), ("booklet", "a4", (297, 210)), ("flyer", "a4", (210, 297)),
    ("trifold", "letter", (279.4, 215.9)), ("flyer", "letter", (215.9, 279.4)),
])
def test_bleed_and_trim_boxes_with_crop_marks(tmp_path: Path, layout: str, size: str, trim_mm):
    reader = make(tmp_path, "--layout", layout, "--page-size", size, "--bleed", "3", "--crop-marks")
    for page in reader.pages:
        trim, bleed, media = box(page.trimbox), box(page.bleedbox), box(page.mediabox)
        assert (round((trim[2] - trim[0]) / MM, 1), round((trim[3] - trim[1]) / MM, 1)) == trim_mm
        assert bleed == pytest.approx((trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM),
                                      abs=0.02)
        assert media[0] < bleed[0] - 5 * MM and media[2] > bleed[2] + 5 * MM  # room for the marks
        assert media[1] < bleed[1] - 5 * MM and media[3] > bleed[3] + 5 * MM


def test_without_options_the_page_is_the_trim(tmp_path: Path):
    reader = make(tmp_path, "--layout", "flyer")
    page = reader.pages[0]
    assert box(page.mediabox) == box(page.trimbox) == box(page.bleedbox) == (0, 0, 595.28, 841.89)


def test_crop_marks_stay_outside_the_bleed(tmp_path: Path):
    import pypdfium2

    target = tmp_path / "marks.pdf"
    assert run("brochure", "--layout", "flyer", "--bleed", "3", "--crop-marks", "-o", str(target)).exit_code == 0
    page = pypdf.PdfReader(target).pages[1]
    bleed = box(page.bleedbox)
    scale = 150 / 72
    image = pypdfium2.PdfDocument(str(target))[1].render(scale=scale).to_pil().convert("RGB")
    height = image.height
    # A dark mark pixel beside the bottom-left corner, outside the bleed; none just inside the bleed's margin band.
    corner_x, corner_y = float(page.trimbox.left), float(page.trimbox.bottom)
    mark_x = (bleed[0] - 4 * MM) * scale
    assert min(image.getpixel((round(mark_x) + d, round(height - corner_y * scale))) for d in (-1, 0, 1))[0] < 170
    gap_x = (bleed[0] - 0.5 * MM) * scale
    assert image.getpixel((round(gap_x), round(height - corner_y * scale)))[0] > 200
    assert corner_x > 0


def drawn(page) -> tuple[bytes, list]:  # type: ignore[no-untyped-def]
    """A page's drawing operators and its resource dictionaries, with those of the forms it places (panels)."""
    content = page.get_contents().get_data() if page.get_contents() is not None else b""
    resources = [page["/Resources"].get_object()]
    seen = 0
    while seen < len(resources):
        for xobject in resources[seen].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                content += b"\n" + xobject.get_data()
                resources.append(xobject["/Resources"].get_object())
        seen += 1
    return content, resources


def _all_streams(reader: pypdf.PdfReader):
    for num in range(1, reader.trailer["/Size"]):
        try:
            obj = reader.get_object(num)
        except Exception:
            continue
        if isinstance(obj, pypdf.generic.StreamObject):
            yield obj


def test_cmyk_leaves_no_rgb_anywhere(tmp_path: Path):
    clinic = tmp_path / "clinic"
    run("init", str(clinic))
    logo = Image.new("RGBA", (60, 40), (200, 30, 60, 255))
    logo.save(clinic / "logo.png")
    text = (clinic / "clinic.yaml").read_text(encoding="utf-8")
    (clinic / "clinic.yaml").write_text(re.sub(r"(?m)^#?\s*logo:.*$", "logo: logo.png", text), encoding="utf-8")
    for layout in ("trifold", "booklet", "flyer"):
        target = tmp_path / f"{layout}.pdf"
        result = run("brochure", "--layout", layout, "--cmyk", "--bleed", "3", "--crop-marks",
                     "--clinic-dir", str(clinic), "-o", str(target))
        assert result.exit_code == 0, result.output
        reader = pypdf.PdfReader(target)
        images = 0
        for stream in _all_streams(reader):
            if stream.get("/Subtype") == "/Image":
                images += 1
                assert stream["/ColorSpace"] == "/DeviceCMYK"
                continue
            if "/FontFile2" in stream or stream.get("/Length1") or "/N" in stream:
                continue  # fonts and the output profile: binary data, not drawing
            data = stream.get_data()
            if b"begincmap" in data or data[:4] == b"\x00\x01\x00\x00":
                continue
            assert not re.search(rb"(?<![A-Za-z])(rg|RG)(?![A-Za-z])", data), layout
            assert b"DeviceRGB" not in data
        assert images >= 1, "the clinic's PNG logo should be in the file"
        assert b"/DeviceRGB" not in target.read_bytes()


def test_without_cmyk_colours_are_rgb(tmp_path: Path):
    reader = make(tmp_path, "--layout", "flyer")
    content, _ = drawn(reader.pages[0])
    assert re.search(rb"\brg\b", content)


def test_qr_code_scans_to_the_booking_url(tmp_path: Path):
    import pypdfium2
    import zxingcpp

    url = "https://north.example.org/book?location=harbour&ref=leaflet"
    clinic = tmp_path / "north.yaml"
    clinic.write_text(f"name: North Harbour Reflexology\nbooking_url: \"{url}\"\nphone: \"+44 1 234\"\n",
                      encoding="utf-8")
    target = tmp_path / "north.pdf"
    result = run("brochure", "--layout", "trifold", "--clinic", str(clinic), "--cmyk", "-o", str(target))
    assert result.exit_code == 0, result.output
    image = pypdfium2.PdfDocument(str(target))[0].render(scale=200 / 72).to_pil()
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [url]


def test_several_clinics_give_one_brochure_each(tmp_path: Path):
    a = write(tmp_path / "a.yaml", "name: Ash Street Clinic\nbooking_url: https://ash.example/book\n")
    b = write(tmp_path / "b.yaml", "name: Birch Road Clinic\nbooking_url: https://birch.example/book\n")
    result = run("brochure", "--layout", "flyer", "--clinic", str(a), "--clinic", str(b),
                 "-o", str(tmp_path / "leaflet.pdf"))
    assert result.exit_code == 0, result.output
    for stem, name in (("ash-street-clinic", "Ash Street Clinic"), ("birch-road-clinic", "Birch Road Clinic")):
        reader = pypdf.PdfReader(tmp_path / f"leaflet-{stem}.pdf")
        assert squash(name) in squash(reader.pages[0].extract_text())
        assert reader.metadata.author == name


@pytest.mark.parametrize("layout", ["trifold", "booklet", "flyer"])
def test_text_keeps_5mm_from_the_trim_and_8pt_at_least(tmp_path: Path, layout: str):
    reader = make(tmp_path, "--layout", layout, "--bleed", "3", "--crop-marks")
    for page in reader.pages:
        left, bottom, right, top = box(page.trimbox)
        runs = placed_text(page)
        assert runs
        for text, x, y, size in runs:
            assert size >= 8 - 0.01, (text, size)
            assert left + 5 * MM <= x <= right - 5 * MM, text
            assert bottom + 5 * MM <= y <= top - 5 * MM, text


def test_all_fonts_embedded(tmp_path: Path):
    reader = make(tmp_path, "--layout", "trifold", "--cmyk")
    fonts = set()
    for page in reader.pages:
        for font in (f for resources in drawn(page)[1] for f in resources.get("/Font", {}).values()):
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert fonts and all("OpenSans" in f for f in fonts)


def test_bad_options_are_clear(tmp_path: Path):
    result = run("brochure", "--layout", "trifld")
    assert result.exit_code == 1 and "--layout: unknown value 'trifld' (did you mean 'trifold'?)" in result.output
    result = run("brochure", "--clinic", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1 and "missing.yaml' not found" in result.output


def test_content_that_does_not_fit_the_trifold_is_an_error(tmp_path: Path):
    templates = tmp_path / "templates"
    write(templates / "brochure.xml.j2", "<story>" + "<next/>".join("<p>x</p>" for _ in range(8)) + "</story>")
    result = run("brochure", "--templates-dir", str(templates), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "needs 8 panels but the trifold has 6" in result.output


def test_svg_logo_is_vector_art(tmp_path: Path):
    reader = make(tmp_path, "--layout", "flyer")
    assert not any(s.get("/Subtype") == "/Image" for s in _all_streams(reader))
    # the demo clinic's logo is an SVG: drawn as paths (its fill colour is in the page), no image in the file
    from handouts.catalog.loader import load_catalog
    from handouts.files.search_path import find_workspace

    assert load_catalog(find_workspace(cwd=tmp_path)).clinic.logo.endswith(".svg")
    content = b"".join(drawn(page)[0] for page in reader.pages)
    assert content.count(b" re") + content.count(b" c\n") + content.count(b" l\n") > 20


@pytest.mark.parametrize("layout", ["trifold", "booklet", "flyer"])
def test_no_unfilled_slot_and_the_phone_in_the_aftercare(default_text, layout: str, catalog):
    text = " ".join(default_text(layout).split())
    assert not re.search(r"\{[a-z_]+\}", text)
    assert "call us on " + catalog.clinic.phone in text


@pytest.mark.parametrize("layout", ["trifold", "booklet", "flyer"])
def test_a_fever_waits_and_only_what_refers_needs_the_doctor(default_text, layout: str, catalog):
    """The doctor's list names what refers; a fever (defer) is under "wait until you are well", not the doctor."""
    text = " ".join(default_text(layout).split())
    doctor = text.index(catalog.strings["brochure_doctor_intro"])
    wait = text.index(catalog.strings["brochure_wait_intro"])
    assert doctor < wait
    refer = [c.name for c in catalog.cautions.values() if c.action == "refer"]
    defer = [c.name for c in catalog.cautions.values() if c.action == "defer"]
    assert refer and defer
    assert all(doctor < text.index(name) < wait for name in refer)
    assert all(wait < text.index(name) for name in defer)
    assert all(name not in text[doctor:wait] for name in defer)


@pytest.mark.parametrize("bleed", ["12", "-1"])
def test_a_bleed_out_of_range_is_refused_in_the_words_the_web_form_uses(tmp_path: Path, bleed: str):
    """The range is checked once (``build.print_options``): the CLI used to answer in Typer's words instead."""
    result = run("brochure", "--bleed", bleed, "-o", str(tmp_path / "b.pdf"))
    assert result.exit_code == 1
    assert f"--bleed: {bleed} is out of range (use 0 to 10 mm)" in result.output
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("layout", ["trifold", "booklet", "flyer"])
def test_the_doctor_and_wait_lists_are_not_repeated_elsewhere(default_text, layout: str):
    """The questions once asked "who should check with a doctor first?" and answered with the same list."""
    text = " ".join(default_text(layout).split()).lower()
    for words in ("blood clot", "heart attack", "first three months", "fever"):
        assert text.count(words) == 1, (layout, words)
