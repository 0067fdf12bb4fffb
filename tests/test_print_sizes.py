"""Sizes and pages as rules: no text under 8 pt (12 pt in large print), tables that never break a word,
large-print pages that are worth turning, and a compact layout that drops only what does not fit."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from handouts.build import sheet_from_plan as render_sheet
from handouts.build import sheet_job
from handouts.catalog.loader import load_catalog
from handouts.compose.context import sheet_context
from handouts.files.search_path import find_workspace
from handouts.plan.planner import make_plan
from handouts.render.document import DocMeta, Margins, TooManyPages, render_packets
from handouts.render.sheet import MAX_PAGES, sheet_packet
from handouts.render.story import StoryBuilder, parse_markup
from handouts.render.table import BREAKS
from handouts.render.theme import make_theme

from .conftest import client, page_runs, pdf_text, sheet_pdf, squash


def runs(page) -> list[tuple[str, float, float]]:  # type: ignore[no-untyped-def]
    """(text, y, size in page space) of every text run on a page of a pypdf reader, forms included."""
    return [(run.text, run.y, run.size) for run in page_runs(page)]


@pytest.fixture(scope="module")
def no_chart_workspace(tmp_path_factory, workspace):
    """The shipped sheet template without its <chart>: chart labels have their own rules and owner."""
    folder = tmp_path_factory.mktemp("templates")
    shipped = next(d for d in workspace.template_dirs if (Path(d) / "sheet.xml.j2").is_file())
    text = (Path(shipped) / "sheet.xml.j2").read_text(encoding="utf-8")
    (folder / "sheet.xml.j2").write_text(re.sub(r"<chart\b[^>]*/>", "", text), encoding="utf-8")
    for extra in Path(shipped).glob("*.yaml"):
        shutil.copy(extra, folder / extra.name)
    return find_workspace(cwd=tmp_path_factory.mktemp("cwd"), templates_dir=folder)


@pytest.mark.parametrize(("large", "least"), [(False, 8.0), (True, 12.0)])
@pytest.mark.parametrize("goals", [["sleep", "stress"], ["lower-back", "digestion"]])
def test_no_text_under_the_minimum_size(no_chart_workspace, large, least, goals):
    """Header, footer, page numbers, captions, table, lists: all of it, read back from the PDF."""
    catalog = load_catalog(no_chart_workspace)
    plan = make_plan(catalog, client(catalog, goals=goals, large_print=large, therapist="Maria Costa",
                                     notes="Ring us after the first week."))
    reader = pypdf.PdfReader(io.BytesIO(render_sheet(catalog, no_chart_workspace, plan)))
    seen = set()
    for page in reader.pages:
        for text, _, size in runs(page):
            seen.add(text)
            assert size >= least - 0.01, (text, round(size, 2))
    footer = catalog.strings["not_medical"]
    assert squash(footer)[:40] in squash("".join(seen))  # the footer was among what was checked


def table_words(catalog, plan) -> list[str]:
    """Every word of the routine table as the source gives it (a no-break space keeps '½ min' one word)."""
    t = catalog.strings
    words = [t["step"], t["foot"], t["area"], t["technique"], t["time"], t["pressure"]]
    for step in sheet_context(catalog, plan, False)["steps"]:
        words += [step["foot"], step["zone"], step["technique"], step["pressure"]]
    return [w for cell in words for w in BREAKS.split(cell) if w]


@pytest.mark.parametrize(("goals", "size", "large"), [
    (["sleep", "stress"], "a4", True),
    (["lower-back", "digestion"], "a4", True),
    (["lower-back", "digestion"], "letter", True),
    (["sleep", "stress"], "a4", False),
])
def test_table_cells_never_break_inside_a_word(workspace, catalog, goals, size, large):
    plan = make_plan(catalog, client(catalog, goals=goals, page_size=size, large_print=large))
    reader = pypdf.PdfReader(io.BytesIO(render_sheet(catalog, workspace, plan)))
    printed = {w for page in reader.pages for text, _, _ in runs(page) for w in BREAKS.split(text) if w}
    broken = [w for w in table_words(catalog, plan) if w not in printed]
    assert not broken, broken
    times = {text for page in reader.pages for text, _, _ in runs(page) if "min" in text}
    assert not any(t.strip() in ("½", "1½") for t in times)  # "½" never alone at a line's end


def test_a_table_too_wide_for_its_words_is_stacked_not_squeezed(catalog):
    theme = make_theme("#2f5d62", "#d9822b", "a4", large_print=True)
    markup = ("<story><table widths='20%,40%,40%' header='1'><tr><th>Step</th><th>Area</th><th>Technique</th></tr>"
              "<tr><td>1</td><td>Gastrointestinal</td><td>Counterclockwise</td></tr></table></story>")
    flowables = StoryBuilder(theme).build(parse_markup(markup), 150)
    texts = [f._content[0].text for f in flowables]  # KeepTogether around one block per row
    assert len(texts) == 1 and "<b>Area:</b> Gastrointestinal" in texts[0]
    assert flowables[0]._content[0].bulletText == "1"


def page_fill(reader: pypdf.PdfReader, theme) -> list[float]:
    """How far down each page the content reaches, as a share of the frame (0..1)."""
    margins = Margins.for_theme(theme)
    height = theme.page_size[1]
    fills = []
    for number, page in enumerate(reader.pages):
        top = height - margins.top - (margins.first_header if number == 0 else margins.later_header)
        inside = [y for _, y, size in runs(page) if margins.bottom <= y <= top]
        fills.append((top - min(inside)) / (top - margins.bottom) if inside else 0.0)
    return fills


@pytest.mark.parametrize(("goals", "minutes", "size"), [
    (["sleep", "stress"], 10, "a4"),
    (["lower-back", "digestion"], 10, "a4"),
    (["lower-back", "digestion"], 20, "a4"),
    (["digestion"], 30, "letter"),
    (["digestion", "lower-back"], 20, "letter"),  # a batch row that ran to five pages
    (["stress", "sleep", "lower-back"], 20, "a4"),
])
def test_large_print_pages_are_at_least_half_full_except_the_last(workspace, catalog, goals, minutes, size):
    data = sheet_pdf(workspace, catalog, goals=goals, minutes=minutes, page_size=size, large_print=True)
    reader = pypdf.PdfReader(io.BytesIO(data))
    fills = page_fill(reader, make_theme("#2f5d62", "#d9822b", size, large_print=True))
    assert all(f >= 0.5 for f in fills[:-1]), [round(f, 2) for f in fills]
    assert len(reader.pages) <= 4


def test_large_print_ten_minutes_two_goals_fits_three_pages(workspace, catalog):
    data = sheet_pdf(workspace, catalog, goals=["sleep", "stress"], minutes=10, large_print=True)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) <= 3


def test_compact_layout_keeps_every_complement_that_fits(workspace, catalog):
    """This sheet needs the compact layout, and the compact layout has room for every item offered."""
    plan = make_plan(catalog, client(catalog, goals=["stress", "sleep", "lower-back"], minutes=20))
    offered = [c["name"] for c in sheet_context(catalog, plan, True)["complements"]]
    assert len(offered) > 2
    regular, _ = sheet_packet(sheet_job(catalog, workspace, plan))
    with pytest.raises(TooManyPages):  # the regular layout runs over two pages
        render_packets([regular], DocMeta("t", "a", "s"), max_pages=MAX_PAGES)
    reader = pypdf.PdfReader(io.BytesIO(render_sheet(catalog, workspace, plan)))
    text = squash("".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) == MAX_PAGES
    assert all(squash(name) in text for name in offered), offered


def test_a_combined_file_can_have_the_same_pages_as_the_single_sheet(workspace, catalog):
    from handouts.render.sheet_fit import fitted_packet

    plan = make_plan(catalog, client(catalog, goals=["digestion", "lower-back"], minutes=20, page_size="letter",
                                     large_print=True))
    single = pypdf.PdfReader(io.BytesIO(render_sheet(catalog, workspace, plan)))
    job = sheet_job(catalog, workspace, plan)
    (first, meta), (second, _) = fitted_packet(job), fitted_packet(job)
    counts: list[int] = []
    render_packets([first, second], meta, page_counts=counts)
    assert counts == [len(single.pages)] * 2 and len(single.pages) <= 4


def test_letterhead_name_and_contact_never_overlap_in_large_print(workspace, catalog):
    import pypdfium2

    from .conftest import sheet_pdf

    doc = pypdfium2.PdfDocument(sheet_pdf(workspace, catalog, goals=["sleep"], large_print=True))
    text = doc[0].get_textpage()

    def box(words: str) -> tuple[float, float]:
        found = text.search(words).get_next()
        assert found, words
        first, count = found
        return text.get_charbox(first)[0], text.get_charbox(first + count - 1)[2]

    _, name_right = box(catalog.clinic.name)
    contact_left = min(box(part)[0] for part in (catalog.clinic.phone, catalog.clinic.address[0]))
    assert name_right < contact_left


@pytest.mark.parametrize("fields, fits", [
    ({"name": "Fatima Nakamura", "goals": ["circulation", "sleep", "stress"], "minutes": 15,
      "notes": "Keep it slow and even."}, True),
    ({"name": "Bo Nakamura", "goals": ["muscle-comfort"], "minutes": 20}, False),
    ({"name": "Ida Nakamura", "goals": ["digestion", "lower-back"], "minutes": 10, "large_print": True}, False),
])
def test_a_sheet_is_measured_then_drawn_once_from_its_measurement(workspace, catalog, monkeypatch, fields, fits):
    """Every try is measured; the chosen one is drawn once, from its recording, with the bytes of a direct build."""
    import handouts.render.sheet_fit as fit
    from handouts.render.sheet import packet_in_layout, render_sheet_layout

    plan = make_plan(catalog, client(catalog, **fields))
    drawings: list[bool] = []

    def counting(*args, **kwargs):
        drawings.append(not kwargs.get("measure", False))
        return render_packets(*args, **kwargs)

    monkeypatch.setattr(fit, "render_packets", counting)
    job = sheet_job(catalog, workspace, plan)
    replayed, layout = render_sheet_layout(job)
    assert drawings.count(True) == 1  # whether or not the regular layout fitted
    assert (len(drawings) == 2) == fits  # fitted: measured, then drawn; else the compact tries come between
    packet, meta = packet_in_layout(job, layout)
    packet.title = meta.title
    direct = render_packets([packet], meta)  # laid out and drawn in one build, as before recordings
    assert replayed == direct
    assert len(pypdf.PdfReader(io.BytesIO(replayed)).pages) <= (3 if plan.client.large_print else MAX_PAGES)


def _space_above_footer_rule(data: bytes, page: int) -> float:
    """Points of blank paper between the footer's rule and the lowest thing drawn above it, on page ``page``.

    Read from the rendered page (2 px a point): from the foot up, past the
    footer's text to the first row inked across the text width (the rule),
    then through it, counting the blank rows above.
    """
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        image = doc[page].render(scale=2).to_pil().convert("L")
    finally:
        doc.close()
    width, height = image.size
    pixels = image.load()
    left, right = int(width * 0.12), int(width * 0.88)

    def inked(y: int) -> int:
        return sum(1 for x in range(left, right) if pixels[x, y] < 245)

    y = height - 1
    while inked(y) < (right - left) * 0.9:
        y -= 1
    while inked(y):
        y -= 1
    blank = 0
    while not inked(y):
        blank, y = blank + 1, y - 1
    return blank / 2


@pytest.mark.parametrize("page_size", ["a4", "letter"])
def test_a_large_print_page_filled_to_its_foot_keeps_clear_of_the_footer_rule(workspace, catalog, page_size: str):
    """The routine table ran into the footer's rule on a full large-print page, doubling it (seen on US Letter)."""
    data = sheet_pdf(workspace, catalog, goals=["sleep", "lower-back"], large_print=True, page_size=page_size)
    assert min(_space_above_footer_rule(data, page) for page in range(len(pypdf.PdfReader(io.BytesIO(data)).pages))) \
        >= 4


def test_the_footer_rule_keeps_the_same_room_under_the_text_in_large_print():
    for large in (False, True):
        theme = make_theme("#2f5d62", "#c8702a", large_print=large)
        margins = Margins.for_theme(theme)
        rule = margins.footer_baseline(theme.min_size) + 1.25 * theme.min_size
        assert margins.bottom - rule == pytest.approx(5.0 if large else 7.0, abs=0.05), large


def test_a_step_number_never_ends_a_line_of_the_run_in_how_to(workspace, catalog):
    """The compact how-to runs its steps on ("1. Cup the heel ... 2. Rock ..."): "3." stays with its first word."""
    data = sheet_pdf(workspace, catalog, name="Zoë Ωμέγα", goals=["muscle-comfort", "stress"],
                     conditions=["diabetes"], pressure="firm", minutes=20)
    text = pdf_text(data)
    assert "Ankle loosening. 1." in text  # the run-in form, as the sheet was seen
    stranded = [line for line in text.splitlines() if re.search(r"(?:^|\s)\d{1,2}\.$", line.strip())]
    assert not stranded, stranded
