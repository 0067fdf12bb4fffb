"""The routine sheet as a user sees it: text, pages, fonts, colours, metadata."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
import pytest
from reportlab.lib.colors import HexColor

from handouts.errors import UnprintableError
from handouts.plan.planner import make_plan

from .conftest import client, pdf_text, sheet_pdf, squash, text_runs


@pytest.fixture(scope="module")
def ana(workspace, catalog):
    probe: list = []
    data = sheet_pdf(workspace, catalog, probe=probe, therapist="Maria Costa")
    return data, probe


def fonts_in(data: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font resource on every page and form."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = []
    seen = set()

    def walk(resources):
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            key = id(font)
            if key in seen:
                continue
            seen.add(key)
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = bool(descriptor) and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2",
                                                                                          "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))
        for xobj in (resources.get("/XObject") or {}).values():
            walk(xobj.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def test_text_has_client_goals_and_every_step(ana, catalog):
    data, _ = ana
    text = squash(pdf_text(data))
    assert squash("Ana Lima") in text
    assert squash("Maria Costa") in text
    plan = make_plan(catalog, client(catalog))
    for step in plan.steps:
        zone = catalog.zones[step.zone].name if step.zone else "Whole foot"
        assert squash(zone) in text
        assert squash(catalog.techniques[step.technique].name) in text
    assert squash("Better sleep") in text and squash("Stress and anxiety") in text
    assert squash("does not replace medical care") in text
    assert squash("Willow Lane Reflexology") in text and squash("+44 117 496 0123") in text


def test_pages_footer_and_size(ana):
    data, _ = ana
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    total = len(reader.pages)
    assert squash(f"Page 1 of {total}") in squash(reader.pages[0].extract_text())
    assert squash(f"Page {total} of {total}") in squash(reader.pages[-1].extract_text())


def test_only_embedded_fonts(ana):
    fonts = fonts_in(ana[0])
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name or "Times" in name or "Courier" in name for name, _ in fonts)


def test_metadata(ana):
    reader = pypdf.PdfReader(io.BytesIO(ana[0]))
    info = reader.metadata
    assert "Ana Lima" in info.title
    assert info.author == "Willow Lane Reflexology"
    assert "Better sleep" in info.subject
    assert reader.trailer["/Root"].get("/Lang") == "en"


def test_same_input_same_bytes(workspace, catalog, ana):
    again = sheet_pdf(workspace, catalog, therapist="Maria Costa")
    assert again == ana[0]


def pixel(data: bytes, page: int, x: float, y: float, scale: float = 2.0) -> tuple[int, int, int]:
    pdf = pypdfium2.PdfDocument(data)
    image = pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
    height = pdf[page - 1].get_height()
    return image.getpixel((int(x * scale), int((height - y) * scale)))


def close(a: tuple[int, int, int], b: tuple[int, int, int], tol: int = 14) -> bool:
    return all(abs(p - q) <= tol for p, q in zip(a, b, strict=True))


def test_highlighted_zone_shows_the_accent_colour(workspace, catalog):
    probe: list = []
    data = sheet_pdf(workspace, catalog, probe=probe, goals=["digestion"], minutes=20)
    chart = probe[0]
    accent = HexColor(catalog.clinic.colours.accent).rgb()
    accent = tuple(round(c * 255) for c in accent)
    page = chart.drawn_at[0]
    liver_right = chart.zone_point("plantar", "right", "liver", centre=True)
    liver_spot_left = chart.zone_point("plantar", "left", "liver", centre=True)  # same spot, left foot
    assert close(pixel(data, page, *liver_right), accent)
    assert not close(pixel(data, page, *liver_spot_left), accent, tol=40)
    # an unhighlighted zone on the highlighted foot is not accent-coloured either
    assert not close(pixel(data, page, *chart.zone_point("plantar", "right", "pituitary", centre=True)), accent, tol=40)


def test_letter_size_fills_the_page(workspace, catalog):
    data = sheet_pdf(workspace, catalog, page_size="letter")
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Ana Lima" in pdf_text(data)


def sizes_of(data: bytes, needle: str) -> set[float]:
    return {round(run.size, 2) for run in text_runs(data) if needle in run.text}


def test_large_print_body_is_at_least_14pt(workspace, catalog):
    normal = sizes_of(sheet_pdf(workspace, catalog), "glass or two of water")
    large = sizes_of(sheet_pdf(workspace, catalog, large_print=True), "glass or two of water")
    assert normal and max(normal) < 14
    assert large and min(large) >= 14


def test_client_text_is_printed_literally(workspace, catalog):
    name = "O'Brien & <b>Sons</b>"
    data = sheet_pdf(workspace, catalog, name=name, notes="Use <i>less</i> & more & <br/> too")
    text = pdf_text(data)
    assert squash(name) in squash(text)
    assert squash("Use <i>less</i> & more & <br/> too") in squash(text)


def test_accents_greek_and_cyrillic_print(workspace, catalog):
    for name in ("José Ñúñez-Çelik", "Ελένη Παπαδοπούλου", "Анна Смирнова"):
        assert squash(name) in squash(pdf_text(sheet_pdf(workspace, catalog, name=name)))


def test_unprintable_character_is_an_error_naming_the_field(workspace, catalog):
    with pytest.raises(UnprintableError) as info:
        sheet_pdf(workspace, catalog, notes="Feel better \U0001F600")
    assert info.value.field == "notes" and "U+1F600" in str(info.value)


def test_control_characters_are_removed(workspace, catalog):
    data = sheet_pdf(workspace, catalog, name="Ana\x07 Li\x00ma")
    assert "Ana Lima" in pdf_text(data)


def test_long_word_wraps_and_long_notes_flow_to_another_page(workspace, catalog):
    word = "x" * 200
    notes = ("The quick brown fox jumps over the lazy dog and keeps on running. " * 80)[:4700]
    data = sheet_pdf(workspace, catalog, notes=f"{word}\n{notes}")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    assert squash(word) in squash(pdf_text(data))
    assert squash(notes[-40:]) in squash(pdf_text(data))


def test_refer_caution_sheet_explains_and_has_no_routine(workspace, catalog):
    text = squash(pdf_text(sheet_pdf(workspace, catalog, conditions=["dvt"])))
    assert squash("Please speak to your doctor first") in text
    assert squash("Your routine") not in text


def test_avoid_and_gentle_are_stated_on_the_sheet(workspace, catalog):
    text = squash(pdf_text(sheet_pdf(workspace, catalog, conditions=["open-wound:right", "diabetes"])))
    assert squash("Work only your left foot for now.") in text
    assert squash("Pressure is kept gentle throughout.") in text
    assert squash(catalog.cautions["diabetes"].message) in text


def test_a_split_table_never_strands_fewer_than_three_rows():
    from reportlab.lib.colors import black
    from reportlab.platypus.doctemplate import _FrameBreak

    from handouts.render.fonts import REGULAR
    from handouts.render.ruled_table import Row, RowStyle, RuledTable, cell_values

    style = RowStyle(REGULAR, 10, 20, black, 0, 0, 0, 0)  # each row 20 pt high
    rows = [Row(("Step", "Area"), style)] + [Row((str(i), f"zone {i}"), style) for i in range(1, 14)]
    table = RuledTable(rows, [40, 200], (0.4, black), header=1)
    parts = table.split(240, 12.5 * 20)  # room for the header and 11 rows: a plain split would leave 2
    assert isinstance(parts[1], _FrameBreak)  # the rest starts on the next page
    first, rest = parts[0], parts[2]
    assert len(cell_values(first)) - 1 >= 2 and len(cell_values(rest)) - 1 == 3
    assert cell_values(rest)[0] == ["Step", "Area"]  # the header repeats
    plain = RuledTable(rows, [40, 200], (0.4, black), header=1).split(240, 9.5 * 20)
    assert len(plain) == 2  # a split that leaves enough rows is left alone
    assert RuledTable(rows, [40, 200], (0.4, black), header=1).split(240, 15) == []  # not even the header fits
