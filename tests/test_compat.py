"""Each private ReportLab or pypdf behaviour handouts relies on, checked (see rl_compat/ and pdf_compat.py).

A library upgrade that changes one of them fails here, by name, before it
changes a sheet silently. The cold-versus-warm test proves the caches built
on them never change a byte.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from collections.abc import Callable

import pypdf
import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, NumberObject
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handouts import rl_compat
from handouts.post import pdf_compat
from handouts.render.fonts import REGULAR, register_fonts


def _style() -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("compat", fontName=REGULAR, fontSize=10, leading=12)


def test_paragraph_setup_is_called_and_cached_and_parses_like_a_plain_paragraph():
    style = _style()
    text = "Press <b>firmly</b> along the arch, then rest."
    rl_compat.CachedParagraph._parsed.clear()
    first = rl_compat.CachedParagraph(text, style)
    assert (text, id(style), None, first.caseSensitive) in rl_compat.CachedParagraph._parsed  # _setup was used
    again = rl_compat.CachedParagraph(text, style)
    plain = Paragraph(text, style)
    assert again.frags is first.frags  # reused, not parsed again
    assert [f.text for f in again.frags] == [f.text for f in plain.frags]


def test_break_lines_is_cached_and_breaks_like_a_plain_paragraph():
    style = _style()
    text = "Work each toe from base to tip with small circles of the thumb, slowly, five times. " * 3
    rl_compat.CachedParagraph._lines.clear()
    first = rl_compat.CachedParagraph(text, style)
    h1 = first.wrap(200, 1000)[1]
    second = rl_compat.CachedParagraph(text, style)
    h2 = second.wrap(200, 1000)[1]
    plain = Paragraph(text, style)
    assert h1 == h2 == plain.wrap(200, 1000)[1] and h1 > 3 * 12
    assert len(rl_compat.CachedParagraph._lines) == 1  # the second paragraph's lines came from the cache


def test_a_style_is_named_by_its_settings_the_same_in_every_process():
    from handouts.rl_compat.paragraphs import style_key

    base = _style()
    same = ParagraphStyle("compat", fontName=REGULAR, fontSize=10, leading=12)
    assert style_key(same) == style_key(base) is not None  # another object, the same settings
    child = ParagraphStyle("compat", parent=base)
    assert style_key(child) == style_key(base)  # the parent's settings are copied in; the parent itself is not
    assert style_key(ParagraphStyle("compat", fontName=REGULAR, fontSize=11, leading=12)) != style_key(base)
    odd = ParagraphStyle("compat", fontName=REGULAR, fontSize=10, leading=12)
    odd.onDraw = object()  # a value named by its address: no key, so never kept between processes
    assert style_key(odd) is None


def test_parses_and_lines_kept_by_an_earlier_process_are_the_ones_reportlab_makes(tmp_path, monkeypatch):
    from handouts.files.kept_table import KeptTable

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    style = _style()
    text = "Press <b>firmly</b> along the arch, then <i>rest</i> for a breath or two, " * 3
    monkeypatch.setattr(rl_compat.CachedParagraph, "kept", KeptTable("probe", "key"))
    rl_compat.CachedParagraph._parsed.clear()
    rl_compat.CachedParagraph._lines.clear()
    made = rl_compat.CachedParagraph(text, style)
    made.wrap(180, 1000)
    rl_compat.CachedParagraph.kept.save()
    monkeypatch.setattr(rl_compat.CachedParagraph, "kept", KeptTable("probe", "key"))  # a later process
    rl_compat.CachedParagraph._parsed.clear()
    rl_compat.CachedParagraph._lines.clear()
    monkeypatch.setattr(Paragraph, "breakLines", lambda *a: pytest.fail("broken into lines again"))
    again = rl_compat.CachedParagraph(text, ParagraphStyle("compat", fontName=REGULAR, fontSize=10, leading=12))
    assert again.wrap(180, 1000) == made.wrap(180, 1000)

    def lines(para) -> list[list[tuple[str, str]]]:
        return [[(word.text, word.fontName) for word in line.words] for line in para.blPara.lines]

    assert again.blPara.kind == made.blPara.kind == 1 and len(lines(again)) > 2
    assert lines(again) == lines(made)


def test_font_subsets_go_through_make_subset_and_are_reused():
    register_fonts()
    face = pdfmetrics.getFont(REGULAR).face
    assert getattr(face.makeSubset, "__name__", "") == "make_subset"  # memoize_subsets replaced it

    def draw() -> bytes:
        buffer = io.BytesIO()
        canv = Canvas(buffer, invariant=1)
        canv.setFont(REGULAR, 12)
        canv.drawString(50, 700, "Foot care routine")
        canv.save()
        return buffer.getvalue()

    assert draw() == draw()
    assert b"FontFile2" in draw()  # the subset was embedded


def test_document_date_comes_from_the_stamp():
    buffer = io.BytesIO()
    canv = Canvas(buffer, invariant=0)
    rl_compat.stamp_document_date(canv, dt.date(2031, 5, 6))
    canv.drawString(10, 10, "x")
    canv.save()
    info = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).metadata
    assert info["/CreationDate"].startswith("D:20310506")


def one_page_pdf(draw: Callable[[Canvas], object]) -> bytes:
    """A reproducible one-page PDF (``invariant``) of what ``draw`` puts on a fresh canvas."""
    buffer = io.BytesIO()
    canv = Canvas(buffer, invariant=1)
    draw(canv)
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def test_canvas_operators_can_be_recorded_and_replayed():
    def page(draw) -> bytes:
        return pypdf.PdfReader(io.BytesIO(one_page_pdf(draw))).pages[0].get_contents().get_data()

    recorded: list[str] = []

    def original(canv: Canvas) -> None:
        start = rl_compat.canvas_code_mark(canv)
        canv.setStrokeColorRGB(0.2, 0.4, 0.6)
        canv.line(10, 10, 200, 120)
        recorded.extend(rl_compat.canvas_code_since(canv, start))

    first = page(original)
    assert recorded and page(lambda canv: rl_compat.canvas_code_replay(canv, recorded)) == first


def test_canvas_colour_hook_and_translation_are_readable():
    def hook(colour):
        return colour

    canv = Canvas(io.BytesIO(), enforceColorSpace=hook)
    assert rl_compat.canvas_colour_space(canv) is hook
    canv.translate(12.5, 30)
    canv.translate(2.5, -5)
    assert rl_compat.canvas_translation(canv) == (15.0, 25.0)


def test_pypdf_add_object_returns_a_reference_to_it():
    writer = PdfWriter()
    obj = DictionaryObject({NameObject("/N"): NumberObject(4)})
    ref = pdf_compat.add_object(writer, obj)
    assert ref.get_object() is obj


def test_every_stream_is_flated_through_the_one_filter_object_and_large_ones_are_reused():
    from reportlab.pdfbase import pdfdoc

    register_fonts()  # sets the filter up: no ASCII85, large streams compressed once
    big = ("0 0 m 10 10 l S\n" * 600).encode()
    first = pdfdoc.PDFZCompress.encode(big)
    assert zlib.decompress(first) == big and pdfdoc.PDFZCompress.encode(bytes(big)) is first
    assert zlib.decompress(pdfdoc.PDFZCompress.encode("q Q\n")) == b"q Q\n"
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont(REGULAR, 12)
    canvas.drawString(10, 10, "Fußbad routine")
    canvas.showPage()
    canvas.save()
    pdf = buffer.getvalue()
    assert b"/ASCII85Decode" not in pdf and b"/FlateDecode" in pdf
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Fußbad" in page.extract_text()


def test_number_arrays_are_written_as_reportlab_writes_them_and_are_used_for_font_widths():
    import random

    from reportlab.pdfbase import pdfdoc

    register_fonts()  # puts the fast number arrays in place
    fast = pdfdoc.PDFArray.format
    original = fast.original
    rng = random.Random(13)
    values = [0, 1, -3, 0.5, 1e-9, 123456.789, 600.0, 2048, -0.25]
    arrays = [[rng.choice(values) * rng.random() if rng.random() < 0.5 else rng.choice(values)
               for _ in range(n)] for n in (*range(0, 25), 99, 100, 101, 256)]
    arrays += [[1, "x", 2], [True, 2.0], [pdfdoc.PDFName("Pattern"), 3]]  # not only numbers: ReportLab's own way
    for numbers in arrays:
        for kind in (pdfdoc.PDFArray, pdfdoc.PDFArrayCompact):
            doc = pdfdoc.PDFDocument()
            assert fast(kind(numbers), doc) == original(kind(numbers), doc), numbers
    widths = []
    pdfdoc.PDFArray.format = lambda self, document, IND=b"\n ": widths.append(len(self.sequence)) or fast(
        self, document, IND)
    rl_compat.formatted._FORMATTED.clear()  # a subset's widths are formatted when it is first written (then kept)
    try:
        canvas = Canvas(io.BytesIO(), invariant=1)
        canvas.setFont(REGULAR, 12)
        canvas.drawString(10, 10, "Fußbad routine")
        canvas.showPage()
        canvas.save()
    finally:
        pdfdoc.PDFArray.format = fast
    assert max(widths) >= len(set("Fußbad routine"))  # the font's widths went through PDFArray.format


def test_text_of_known_characters_encodes_as_reportlab_encodes_it():
    import random

    from reportlab.pdfbase.ttfonts import TTFont

    register_fonts()  # puts the one-step encoding in place
    fast = TTFont.splitString
    original = fast.original
    font = pdfmetrics.getFont(REGULAR)
    rng = random.Random(13)
    alphabet = "abcdefghij ABC\u00a0éüß,.;Ελένη Иван" + "".join(map(chr, range(0x400, 0x4a0)))  # past 256 codes
    class Doc:  # a document as the font's state sees it: a key (held weakly)
        pass

    for _ in range(400):
        doc_fast, doc_plain = Doc(), Doc()
        for _ in range(6):  # one document's strings in order: new characters first, known ones later
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            assert fast(font, text, doc_fast) == original(font, text, doc_plain), text
        assert font.state[doc_fast].assignments == font.state[doc_plain].assignments
        assert font.state[doc_fast].subsets == font.state[doc_plain].subsets
        del font.state[doc_fast], font.state[doc_plain]
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.setFont(REGULAR, 12)
    canvas.drawString(10, 10, "Fußbad")
    known = font.state[canvas._doc].assignments
    assert fast(font, "Fuß", canvas._doc) == [(0, bytes(known[ord(c)] for c in "Fuß"))]  # one step, known codes
    assert pdfmetrics.getFont(REGULAR).splitString.__func__ is fast  # what the canvas's text calls


def test_dictionaries_are_written_as_reportlab_writes_them():
    import random
    from collections import OrderedDict

    from reportlab.pdfbase import pdfdoc

    register_fonts()  # puts the remembered keys in place
    fast = pdfdoc.PDFDictionary.format
    original = fast.original
    rng = random.Random(13)
    keys = ["Type", "Subtype", "BaseFont", "Length", "Filter", "A b", "x(y)", "Ünï", "Font", "ProcSet", "BBox"]
    values = [1, 2.5, "/Name", b"raw", pdfdoc.PDFString("text (with) parens"), pdfdoc.PDFArray([1, 2, 3]),
              pdfdoc.PDFName("Catalog")]
    for n in range(200):
        chosen = rng.sample(keys, rng.randint(0, len(keys)))
        entries = {k: rng.choice(values) for k in chosen}
        if n % 3 == 0:
            entries = OrderedDict(entries)
        if n % 5 == 0 and chosen:
            entries[chosen[0]] = pdfdoc.PDFDictionary({"Inner": 1, "Deep": pdfdoc.PDFName("X")})
        for multiline in (True, False, "forced"):
            made = pdfdoc.PDFDictionary(entries)
            made.multiline = multiline
            doc = pdfdoc.PDFDocument()
            assert fast(made, doc) == original(made, doc), entries
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.showPage()
    canvas.save()  # a whole file through it
    assert pdfdoc.PDFDictionary.format is fast


def test_pdfdoc_text_encodes_as_reportlab_encodes_it_and_forms_use_it():
    import random

    from reportlab.pdfbase import pdfdoc

    register_fonts()  # puts the one-step encoding in place
    fast = pdfdoc.pdfdocEnc
    original = fast.original
    for code in range(128):  # every ASCII character: its own byte, or refused as ReportLab's codec refuses it
        char = chr(code)
        try:
            expected = original(char)
        except UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                fast(char)
            continue
        assert fast(char) == expected == bytes([code])
        long = "0 0 m 10 10 l S\n" * 40  # past the length where the check scans bytes instead
        assert fast(long + char + long) == original(long + char + long) == long.encode() + expected + long.encode()
    long = "0 0 m 10 10 l S\n" * 40
    for code in range(0x18, 0x20):  # the eight codes PDFDocEncoding lacks, refused in long text too
        with pytest.raises(UnicodeEncodeError):
            fast(long + chr(code))
    rng = random.Random(13)
    alphabet = "0 1.5 m l S q Q cm Tf (x) /F1+0 <<>> \n\t\r" + "éü\u2022\u2013"  # beyond ASCII: ReportLab's path
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert fast(text) == original(text), text
    assert fast(b"raw bytes") == b"raw bytes"
    seen: list[object] = []
    pdfdoc.pdfdocEnc = lambda x: seen.append(x) or fast(x)
    try:
        canvas = Canvas(io.BytesIO(), invariant=1)
        canvas.beginForm("f")
        canvas.rect(0, 0, 10, 10)
        canvas.endForm()
    finally:
        pdfdoc.pdfdocEnc = fast
    form = [x for x in seen if isinstance(x, str) and "0 0 10 10 re" in x]  # the form's operators went through it
    assert form and canvas._doc.idToObject["FormXob.f"].stream == original(form[0])


def test_a_line_drawn_at_once_writes_what_reportlab_writes():
    import random

    from handouts.render.document import HandoutsCanvas
    from handouts.render.fonts import BOLD, ITALIC

    register_fonts()
    rng = random.Random(13)
    alphabet = "abc XYZ()\\\u00a0éüß·½Ελένη" + "".join(map(chr, range(0x400, 0x4a0)))  # past 256 codes: two subsets
    ours = HandoutsCanvas(io.BytesIO(), invariant=1)  # draws plain lines at once
    plain = Canvas(io.BytesIO(), invariant=1, initialFontName=REGULAR)  # ReportLab's own drawing
    for n in range(600):
        font, size = rng.choice((REGULAR, BOLD, ITALIC)), rng.choice((7, 8.5, 9.25, 14))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        x, y = rng.uniform(-50, 600), rng.uniform(0, 800)
        how = ("drawString", "drawRightString", "drawCentredString")[n % 3]
        for canvas in (ours, plain):
            canvas.setFont(font, size, leading=size * 1.2 if n % 2 else None)
            getattr(canvas, how)(x, y, text)
        assert ours._code[-1] == plain._code[-1], (how, text)
    for name in (REGULAR, BOLD, ITALIC):  # the same codes assigned, in the same order
        font = pdfmetrics.getFont(name)
        assert font.state[ours._doc].assignments == font.state[plain._doc].assignments
    assert ours._code == plain._code
    assert rl_compat.draw_string_at_once(ours, 1, 2, "Fuß") and ours._code[-1].startswith("BT 1 0 0 1 1 2 Tm")
    assert not rl_compat.draw_string_at_once(ours, 1, 2, "")  # in no subset: left to ReportLab


def test_a_line_encoded_in_one_step_has_the_codes_reportlab_gives_it():
    import random

    from handouts.rl_compat import document_fonts

    register_fonts()
    rng = random.Random(29)
    alphabet = "ab Z()\\\u00a0éß·Ελ" + "".join(map(chr, range(0x400, 0x4a0)))  # past 256 codes: two subsets
    canvas = Canvas(io.BytesIO(), invariant=1, initialFontName=REGULAR)
    font = pdfmetrics.getFont(REGULAR)
    kept = document_fonts.fonts_of(canvas._doc)
    assert kept.encode(font, "abc") is None  # the font has no state in the document yet
    encoded = 0
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        ours = kept.encode(font, text)
        theirs = font.splitString(text, canvas._doc)  # assigns codes to characters new to the document
        if ours is not None:
            encoded += 1
            assert theirs == [(0, ours)], text
        again = kept.encode(font, text)
        assert again is None or theirs == [(0, again)], text
        if len(theirs) != 1 or theirs[0][0] != 0:  # several subsets, or a later one: left to ReportLab
            assert again is None, text
        coded = all(ord(c) in font.state[canvas._doc].assignments for c in text.replace("\u00a0", " "))
        assert (again is not None) == (coded and theirs[0][0] == 0 and len(theirs) == 1), text  # else: None
    assert encoded > 100 and kept.encode(font, "\u00a0") == kept.encode(font, " ")



def test_circles_drawn_again_write_what_reportlab_writes_without_working_them_out_again(monkeypatch):
    import random

    from reportlab.pdfgen import pdfgeom

    class Kept(rl_compat.KeptCircles, Canvas):
        pass

    rng = random.Random(13)
    places = [(rng.uniform(-40, 600), rng.uniform(-40, 800), rng.choice((0.9, 1.5, 3))) for _ in range(40)]
    places += [(0, 10, 1), (10, 0.0, 1), (-0.0, 5, 2), (5, 5, 0), (12, 34, 2), (12.0, 34.0, 2.0)]  # zeros: ReportLab's
    ours, plain = Kept(io.BytesIO(), invariant=1), Canvas(io.BytesIO(), invariant=1)
    for rounds in range(3):  # the first time works them out (or finds a place met before), then from kept operators
        for n, (x, y, r) in enumerate(places):
            stroke, fill = n % 2, (n // 2) % 2
            for canvas in (ours, plain):
                canvas._fillMode = rounds % 2  # the fill rule changes the paint operator
                canvas.circle(x, y, r, stroke=stroke, fill=fill)
        assert ours._code == plain._code
    arcs: list[object] = []
    real_arc = pdfgeom.bezierArc
    monkeypatch.setattr(pdfgeom, "bezierArc", lambda *a: arcs.append(a) or real_arc(*a))
    ours.circle(*places[0], stroke=0, fill=0)  # as drawn last (n = 0)
    assert arcs == []  # a dot in a place met before: its operators reused
    ours.circle(0, 10, 1)
    assert len(arcs) == 1  # a zero coordinate is worked out by ReportLab every time


def _regular_path() -> str:
    from handouts.files.paths import FONTS_DIR
    from handouts.typeface import FILES

    return str(FONTS_DIR / FILES[REGULAR])


def test_a_face_kept_as_data_is_the_face_reportlab_parses():
    import pickle

    from reportlab.pdfbase.ttfonts import TTFontFace

    path = _regular_path()
    parsed = TTFontFace(path)
    kept = pickle.loads(pickle.dumps(rl_compat.face_state(parsed)))  # as it comes back from the user's cache
    reads: list[str] = []

    def read() -> bytes:
        reads.append(path)
        with open(path, "rb") as file:
            return file.read()

    restored = rl_compat.restored_face(kept, read)
    assert "_ttf_data" not in kept and "glyphToChar" not in kept and "hmetrics" not in kept
    measured = rl_compat.font_over_face("CompatLazy", path, restored)
    assert measured.stringWidth("Ana Lima", 10) == rl_compat.font_over_face("CompatParsed", path, parsed).stringWidth(
        "Ana Lima", 10) > 30
    assert restored.charWidths == parsed.charWidths and "glyphToChar" not in vars(restored) and not reads
    assert restored.glyphToChar == parsed.glyphToChar and reads == [path]  # loaded when first asked for
    assert rl_compat.face_state(restored) == rl_compat.face_state(parsed)
    assert {k: v for k, v in vars(restored).items() if k != "_pdfScale"} == \
           {k: v for k, v in vars(parsed).items() if k != "_pdfScale"}
    assert restored._ttf_data == parsed._ttf_data and parsed.unitsPerEm != 1000  # the scale is not the identity
    for units in (0, 1, 1229, 2048, -530, 17.5):
        assert restored._pdfScale(units) == parsed._pdfScale(units)
    glyphs = [0, 32, 65, 66, 0x00E9, 0x2013]
    assert restored.makeSubset(glyphs) == parsed.makeSubset(glyphs)
    fresh = rl_compat.restored_face(kept, read)  # a subset asked for first: everything loads for it
    assert fresh.makeSubset(glyphs) == parsed.makeSubset(glyphs) and len(reads) == 2
    assert getattr(fresh, "no_such_thing", None) is None  # other names are missing as ever


def test_a_font_over_a_given_face_is_the_font_reportlab_builds():
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.ttfonts import TTFontFace

    path = _regular_path()
    face = ttfonts.TTFontFace(path)
    built = rl_compat.font_over_face("CompatRegular", path, face)
    plain = ttfonts.TTFont("CompatRegular", path)
    assert built.face is face
    assert ttfonts.TTFontFace is TTFontFace  # the module's name is put back after the call
    assert {k: v for k, v in vars(built).items() if k not in ("face", "state", "encoding")} == \
           {k: v for k, v in vars(plain).items() if k not in ("face", "state", "encoding")}
    assert sorted(vars(built)) == sorted(vars(plain)) and len(built.state) == 0
    assert vars(built.encoding) == vars(plain.encoding)
    text = "Gentle pressure, 2–3 minutes"
    assert built.stringWidth(text, 11) == plain.stringWidth(text, 11)


def test_the_pdf_version_a_drawing_asks_for_is_seen_and_can_be_asked_again():
    def header(draw) -> bytes:
        return one_page_pdf(draw)[:8]

    assert header(lambda canv: canv.rect(1, 1, 5, 5)) == b"%PDF-1.3"
    asked: list[tuple[int, int]] = []
    assert header(lambda canv: asked.append(rl_compat.pdf_version_asked(canv, lambda: canv.setFillAlpha(1)))) \
        == b"%PDF-1.4"
    assert asked == [(1, 4)]

    def already_higher(canv) -> None:
        canv.setStrokeAlpha(0.5)
        asked.append(rl_compat.pdf_version_asked(canv, lambda: canv.rect(1, 1, 5, 5)))

    assert header(already_higher) == b"%PDF-1.4" and asked[-1] == (1, 3)  # the rect alone asks for nothing
    assert header(lambda canv: rl_compat.ask_pdf_version(canv, (1, 4))) == b"%PDF-1.4"


def test_a_frame_keeps_plain_state_that_copy_frame_copies_as_deepcopy_does():
    import copy

    from reportlab.platypus import Frame

    from handouts.render.measure import MeasureFrame, Recording

    for cls in Frame.__mro__[:-1]:  # state in the instance dict, copied by no method of ReportLab's own
        assert not {"__slots__", "__deepcopy__", "__getstate__", "__reduce_ex__"} & set(vars(cls)), cls
    recording = Recording()
    frame = MeasureFrame(0, 0, 200, 300, recording=recording)
    canvas = Canvas(io.BytesIO())
    frame.add(Paragraph("Rest the foot.", _style()), canvas)
    kinds = {type(v) for k, v in vars(frame).items() if k != "recording"}
    assert kinds <= {int, float, str, bool, type(None), list}, kinds  # what copy_frame copies by value
    clone = copy.deepcopy(frame)  # MeasureFrame.__deepcopy__ is rl_compat.copy_frame
    assert clone.recording is recording and type(clone) is MeasureFrame
    own = {k: v for k, v in vars(frame).items() if k != "recording"}
    assert {k: v for k, v in vars(clone).items() if k != "recording"} == copy.deepcopy(own)
    assert all(vars(clone)[k] is not v for k, v in own.items() if isinstance(v, list))  # no list shared
    assert clone.add(Paragraph("Breathe out.", _style()), canvas)
    assert clone._y < frame._y  # the copy moved on; the frame it came from did not


def test_pixels_draw_as_the_pillow_image_they_came_from():
    """A picture drawn from its RGB bytes (a logo kept in the cache) writes what drawing the Pillow image wrote."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    from handouts.rl_compat.images import PixelReader

    picture = Image.new("RGB", (37, 11))
    picture.putdata([(x * 7 % 256, y * 23 % 256, (x * y) % 256) for y in range(11) for x in range(37)])

    def drawn(reader: ImageReader) -> bytes:
        assert reader.getSize() == (37, 11)
        return one_page_pdf(lambda canvas: canvas.drawImage(reader, 20, 30, 74, 22))

    from_pillow = drawn(ImageReader(picture))
    assert drawn(PixelReader(37, 11, picture.tobytes())) == from_pillow
    assert b"/Subtype /Image" in from_pillow and b"/Width 37" in from_pillow
    with pytest.raises(ValueError, match="not 37 x 11"):
        PixelReader(37, 11, picture.tobytes()[:-1])


def test_quick_states_restore_what_reportlab_restores():
    """Nested saves, a form between them and changes of every kind: the same operators and the same state back."""

    class Quick(rl_compat.QuickStates, Canvas):
        pass

    def scene(canvas: Canvas) -> list[tuple]:
        seen = []
        canvas.setFont("Helvetica", 11)
        canvas.saveState()
        canvas.setFillColorRGB(0.2, 0.4, 0.6)
        canvas.setLineWidth(3)
        canvas.translate(10, 20)
        canvas.saveState()
        canvas.setFont("Courier", 7, 9)
        canvas.setDash([2, 1])
        canvas.setFillAlpha(0.5)
        seen.append(tuple(getattr(canvas, n) for n in Canvas.STATE_ATTRIBUTES if n != "_extgstate"))
        canvas.restoreState()
        canvas.beginForm("dot")
        canvas.setStrokeColorRGB(1, 0, 0)
        canvas.circle(5, 5, 2)
        canvas.endForm()
        seen.append(tuple(getattr(canvas, n) for n in Canvas.STATE_ATTRIBUTES if n != "_extgstate"))
        canvas.restoreState()
        canvas.drawString(5, 5, "after")
        seen.append(tuple(getattr(canvas, n) for n in Canvas.STATE_ATTRIBUTES if n != "_extgstate"))
        seen.append(tuple(sorted(canvas._extgstate._d.items())))
        return seen

    quick, plain = Quick(io.BytesIO(), invariant=1), Canvas(io.BytesIO(), invariant=1)
    assert scene(quick) == scene(plain)
    assert quick._code == plain._code and quick.state_stack == plain.state_stack == []
    assert quick.getpdfdata() == plain.getpdfdata()
    again = Quick(io.BytesIO(), invariant=1)
    before = {name: getattr(again, name) for name in Canvas.STATE_ATTRIBUTES}
    again.saveState()
    for name in Canvas.STATE_ATTRIBUTES:
        setattr(again, name, object())  # every attribute changed: every one must come back
    again.restoreState()
    assert all(getattr(again, name) is before[name] for name in Canvas.STATE_ATTRIBUTES if name != "_extgstate")


def test_paragraphs_drawn_at_once_write_what_reportlab_writes(monkeypatch):
    """Varied paragraphs (runs of bold, italic and colour, bullets, several lines, accented, Greek and Cyrillic
    text past one font subset, overlong words; links, underlines and other alignments left to ReportLab):
    the same operators, the same codes assigned in the same order, the same file."""
    import random

    from reportlab.lib.colors import Color, HexColor
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY

    from handouts.render.fonts import BOLD, ITALIC
    from handouts.rl_compat import paragraph_drawing

    class Ours(rl_compat.OneStepParagraph, rl_compat.CachedParagraph):  # as TextBlock: lines kept, plans reused
        pass

    drawn: list[bool] = []
    at_once = paragraph_drawing.draw_paragraph_at_once
    monkeypatch.setattr(paragraph_drawing, "draw_paragraph_at_once",
                        lambda para, origin=None: drawn.append(at_once(para, origin)) or drawn[-1])
    register_fonts()
    rng = random.Random(29)
    ink = HexColor("#1f2a33")
    styles = [
        ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13.11, textColor=ink,
                       bulletFontName=REGULAR, bulletFontSize=9.5),
        ParagraphStyle("item", fontName=REGULAR, fontSize=9.5, leading=13.11, textColor=ink, leftIndent=12.35,
                       bulletIndent=1.9, bulletFontName=BOLD, bulletFontSize=8),
        ParagraphStyle("head", fontName=BOLD, fontSize=14, leading=17, textColor=Color(0.7, 0.2, 0.3),
                       firstLineIndent=6),
        ParagraphStyle("muted", fontName=ITALIC, fontSize=8, leading=10.8, textColor=Color(0.4, 0.4, 0.4, 1)),
        ParagraphStyle("justified", fontName=REGULAR, fontSize=9, leading=12, alignment=TA_JUSTIFY),
        ParagraphStyle("centred", fontName=REGULAR, fontSize=9, leading=12, alignment=TA_CENTER),
    ]
    words = ["thumb", "walk", "heel", "Fuß", "Ελένη", "Жанна", "spine", "naïve", "½", "O'Brien", "&amp;",
             "&lt;b&gt;Sons&lt;/b&gt;", "(arch)", "back\\slash", "x" * 60] + [chr(c) * 3 for c in range(0x400, 0x4a0)]
    runs = ["<b>{}</b>", "<i>{}</i>", '<font color="#a03050">{}</font>', "{}<br/>", "{} <b><i>{}</i></b>",
            '<a href="https://x.org">{}</a>', "<u>{}</u>"]
    made = []
    paragraph_drawing._PLANS.clear()
    for n in range(400):
        style = rng.choice(styles)
        chosen = runs if n % 4 == 0 else runs[:5]
        runs_share = 0.0 if n % 3 == 1 else 0.3  # a third in one font and colour (ReportLab's kind 0)
        text = " ".join(rng.choice(chosen).format(rng.choice(words), rng.choice(words)) if rng.random() < runs_share
                        else rng.choice(words) for _ in range(rng.randint(1, 40)))
        bullet = rng.choice((None, "\u2022", "12.", "Wed")) if style.name in ("item", "body") else None
        made.append((text, style, bullet, rng.uniform(60, 400), rng.uniform(0, 700), n % 7 == 3))
    # drawn twice: the second time in another order (other codes), some under a translucent fill
    for order in (made, made[::-1]):
        ours = Canvas(io.BytesIO(), invariant=1, initialFontName=REGULAR)
        plain = Canvas(io.BytesIO(), invariant=1, initialFontName=REGULAR)  # ReportLab's own drawing
        for n, (text, style, bullet, width, y, translucent) in enumerate(order):
            for canvas, kind in ((ours, Ours), (plain, Paragraph)):
                if translucent and order is not made:
                    canvas.saveState()
                    canvas.setFillAlpha(0.5)
                para = kind(text, style, bulletText=bullet)
                para.wrapOn(canvas, width, 1000)
                if n % 5 == 2:  # drawn by draw() under a translation of the caller's own (drawPara)
                    canvas.saveState()
                    canvas.translate(20, y)
                    para._drawOn(canvas)
                    canvas.restoreState()
                else:
                    para.drawOn(canvas, 20, y)
                if translucent and order is not made:
                    canvas.restoreState()
            assert ours._code == plain._code, text
            if n % 50 == 49:
                for canvas in (ours, plain):
                    canvas.showPage()
        for name in (REGULAR, BOLD, ITALIC):  # the same codes assigned, in the same order
            font = pdfmetrics.getFont(name)
            assert font.state[ours._doc].assignments == font.state[plain._doc].assignments
        assert len(font.state[ours._doc].subsets) > 1
        assert ours.getpdfdata() == plain.getpdfdata()
    assert drawn.count(True) > 300 and drawn.count(False) > 150  # both paths were taken, often
    assert len(paragraph_drawing._PLANS) <= len(made)  # the second drawing reused the first's plans


def test_quick_colours_write_and_keep_what_reportlab_does():
    """Opaque, translucent and alpha-less RGB colours, CMYK, names and tuples, an alpha argument, a state's
    alpha changed and restored, and a colour hook: the same operators, colour state, PDF version and file."""
    import random

    from reportlab.lib.colors import CMYKColor, Color, HexColor

    class Quick(rl_compat.QuickColours, Canvas):
        pass

    rng = random.Random(5)
    colours = [HexColor("#1f2a33"), Color(1, 0, 0), Color(0.25, 0.5, 0.75, 1), Color(0.2, 0.4, 0.6, 0.5),
               Color(0, 0, 0, alpha=None), Color(-0.0, 1.0, 0.0), CMYKColor(0.1, 0.2, 0.3, 0.4), "#00ff00", "red",
               (0.1, 0.2, 0.3), (0.1, 0.2, 0.3, 0.4)]
    for hook in (None, lambda colour: colour):
        quick = Quick(io.BytesIO(), invariant=1, enforceColorSpace=hook)
        plain = Canvas(io.BytesIO(), invariant=1, enforceColorSpace=hook)
        for n in range(600):
            how = rng.choice(("setFillColor", "setStrokeColor"))
            colour, alpha = rng.choice(colours), rng.choice((None, None, None, 1, 0.3))
            step = rng.random()
            for canvas in (quick, plain):
                if step < 0.05:
                    canvas.saveState()
                    canvas.setFillAlpha(0.5)
                    canvas.setStrokeAlpha(0.7)
                elif step < 0.1 and canvas.state_stack:
                    canvas.restoreState()
                getattr(canvas, how)(colour, alpha)
            assert quick._code == plain._code, (how, colour, alpha)
            assert (quick._fillColorObj, quick._strokeColorObj) == (plain._fillColorObj, plain._strokeColorObj)
            assert quick._extgstate._d == plain._extgstate._d and quick._doc._pdfVersion == plain._doc._pdfVersion
            if n == 10:  # a new document starts at the lowest version again
                quick, plain = (type(c)(io.BytesIO(), invariant=1, enforceColorSpace=hook) for c in (quick, plain))
        assert quick.getpdfdata() == plain.getpdfdata()
    assert rl_compat.drawing.colour_operator(Color(-0.0, 1.0, 0.5), "RG") == "0 1 .5 RG"


def test_fonts_kept_at_hand_for_documents_drawn_by_turns_are_reportlab_s():
    """Two documents drawn line by line in turn (the kept document changes at every line), fonts first used
    in a different order in each: the same names, codes and operators as ReportLab's in each document."""
    import random

    from handouts.render.document import HandoutsCanvas
    from handouts.render.fonts import BOLD, ITALIC
    from handouts.rl_compat import document_fonts

    register_fonts()
    rng = random.Random(41)
    alphabet = "abc XYZ\u00a0éüß½Ελένη" + "".join(map(chr, range(0x400, 0x530)))  # past 256 codes: two subsets
    ours = [HandoutsCanvas(io.BytesIO(), invariant=1) for _ in range(2)]
    plain = [Canvas(io.BytesIO(), invariant=1, initialFontName=REGULAR) for _ in range(2)]
    for n in range(400):
        which, font = n % 2, rng.choice((REGULAR, REGULAR, REGULAR, BOLD, ITALIC))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for canvas in (ours[which], plain[which]):
            canvas.setFont(font, 9)
            canvas.drawString(10, 10 + n, text)
        assert ours[which]._code == plain[which]._code, text
    for mine, theirs in zip(ours, plain, strict=True):
        for name in (REGULAR, BOLD, ITALIC):
            font = pdfmetrics.getFont(name)
            kept = document_fonts.fonts_of(mine._doc)
            assert kept.state(font) is font.state[mine._doc]
            last = len(font.state[mine._doc].subsets) - 1
            assert kept.name(font, last) == font.getSubsetInternalName(last, theirs._doc)
        assert max(len(pdfmetrics.getFont(name).state[mine._doc].subsets) for name in (REGULAR, BOLD, ITALIC)) > 1
        assert mine.getpdfdata() == theirs.getpdfdata()
    fresh = Canvas(io.BytesIO())
    assert document_fonts.fonts_of(fresh._doc).state(pdfmetrics.getFont(REGULAR)) is None  # nothing drawn yet
    assert document_fonts.fonts_of(fresh._doc).encode(pdfmetrics.getFont(REGULAR), "A") is None


def test_a_wrap_kept_sets_what_reportlab_s_wrap_sets():
    """Wrapped again at the same width (with a bullet that narrows the first line, and without), a paragraph
    gets the lines, widths and height a plain paragraph gets; a width too narrow to try is ReportLab's."""
    style = ParagraphStyle("kept", fontName=REGULAR, fontSize=9.5, leading=13, leftIndent=4, bulletIndent=0,
                           bulletFontName=REGULAR, bulletFontSize=9.5)
    text = "Hold the heel in one hand and <b>walk the thumb</b> up the arch, slowly, three times. " * 2
    rl_compat.CachedParagraph._wraps.clear()
    for bullet in (None, "\u2022", "10."):
        for width in (120.0, 260.5):
            first = rl_compat.CachedParagraph(text, style, bulletText=bullet)
            again = rl_compat.CachedParagraph(text, style, bulletText=bullet)
            plain = Paragraph(text, style, bulletText=bullet)
            sizes = [p.wrap(width, 500) for p in (first, again, plain)]
            assert sizes[0] == sizes[1] == sizes[2] and sizes[0][1] > 2 * 13
            assert again.blPara is first.blPara  # kept, not broken again
            assert again._wrapWidths == first._wrapWidths == plain._wrapWidths and again._wrapWidths is not \
                first._wrapWidths
            assert [[w.text for w in line.words] for line in again.blPara.lines] == \
                [[w.text for w in line.words] for line in plain.blPara.lines]
            assert again.width == plain.width and again.height == plain.height
    assert len(rl_compat.CachedParagraph._wraps) == 6
    narrow = rl_compat.CachedParagraph(text, style)
    assert narrow.wrap(0, 500) == Paragraph(text, style).wrap(0, 500)


def _pages_file(kind: str, encrypt: str | None = None) -> bytes:
    """A three-page file of one kind: plain, with a form, turned, images, a link, a transition, alpha, boxes."""
    from reportlab.lib.colors import Color

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, encrypt=encrypt, pageCompression=0 if kind == "uncompressed" else 1,
                    cropBox=(0, 0, 300, 300) if kind == "boxes" else None)
    if kind == "form":
        canvas.beginForm("total")
        canvas.drawString(0, 0, "3")
        canvas.endForm()
    for n in range(3):
        if kind == "turned":
            canvas.setPageRotation(90 * n)
        if kind == "transition":
            canvas.setPageTransition("Dissolve", 2)
        canvas.setFont(REGULAR, 11)
        canvas.drawString(20, 700, f"Page {n + 1}: O'Brien & <b>Sons</b> \u00e9\u03b1")
        if kind == "form":
            canvas.doForm("total")
        if kind == "images":
            canvas._currentPageHasImages = 1
        if kind == "link":
            canvas.linkURL("https://example.org", (10, 10, 60, 30))
        if kind == "alpha":
            canvas.setFillColor(Color(0.2, 0.4, 0.6, alpha=0.5))
            canvas.rect(10, 10, 50, 50, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pages_and_their_streams_are_written_as_reportlab_writes_them(monkeypatch):
    """Every kind of page, written directly where plain and by ReportLab otherwise, gives ReportLab's bytes;
    plain pages and their operators never reach ReportLab's own ``format``."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    register_fonts()
    page_fast, stream_fast = pdfdoc.PDFPage.format, pdfdoc.PDFStream.format
    kinds = ("plain", "form", "turned", "images", "link", "transition", "alpha", "boxes", "uncompressed")
    for a85 in (0, 1):
        monkeypatch.setattr(rl_config, "useA85", a85)
        for kind in kinds:
            for encrypt in (None, "secret"):
                ours = _pages_file(kind, encrypt)
                with monkeypatch.context() as own:
                    own.setattr(pdfdoc.PDFPage, "format", page_fast.original)
                    own.setattr(pdfdoc.PDFStream, "format", stream_fast.original)
                    theirs = _pages_file(kind, encrypt)
                assert ours == theirs, (kind, encrypt, a85)
                if encrypt is None:
                    assert len(pypdf.PdfReader(io.BytesIO(ours)).pages) == 3
    calls: list[str] = []
    monkeypatch.setattr(rl_config, "useA85", 0)
    for owner, name in ((pdfdoc.PDFPage, "page"), (pdfdoc.PDFStream, "stream")):
        original = owner.format.original
        monkeypatch.setattr(owner.format, "original",
                            lambda self, doc, original=original, name=name: calls.append(name) or original(self, doc))
    made = _pages_file("form")
    assert calls == [] and b"/Type /Page" in made
    _pages_file("link")
    assert calls == ["page"] * 3  # an annotated page is ReportLab's; its operators' stream is still plain
    reader = pypdf.PdfReader(io.BytesIO(made))
    assert "Page 2: O'Brien & <b>Sons</b>" in reader.pages[1].extract_text()
    assert [round(float(v), 2) for v in reader.pages[0].mediabox] == [0, 0, 595.28, 841.89]  # A4, ReportLab's default


def test_values_strings_and_object_headers_are_written_as_reportlab_writes_them(monkeypatch):
    """Plain values through ``pdfdoc.format``, text strings (kept, and made again), object headers, and whole
    files (plain and encrypted, with accents, Greek and markup-like names) give ReportLab's own bytes."""
    from reportlab.pdfbase import pdfdoc

    register_fonts()
    fast_format, fast_string, fast_header = pdfdoc.format, pdfdoc.PDFString.format, pdfdoc.PDFIndirectObject.format
    doc = pdfdoc.PDFDocument()
    values = [0, -3, 2.5, 1e-7, 595.2756, True, None, b"raw (bytes)", "/Name", "plain text", "\u00e9t\u00e9",
              pdfdoc.PDFArray([1, 2.25]), pdfdoc.PDFName("Page"), pdfdoc.PDFString("O'Brien & (Sons)")]
    for value in values:
        assert fast_format(value, doc) == fast_format.original(value, doc), value
    texts = ["Willow Lane Reflexology", "O'Brien & <b>Sons</b> (2)", "\u00c9lodie \u03b1\u03b2", "a\\b)(", b"bytes",
             "\u2026 \u00a0", ""]
    for text in texts:
        for escape in (0, 1, 2, 4, 7):
            for enc in ("auto", "utf-8", "raw"):
                made = pdfdoc.PDFString(text, escape=escape, enc=enc)
                if enc == "raw" and isinstance(text, str):
                    continue
                expected = fast_string.original(made, doc)
                assert fast_string(made, doc) == expected and fast_string(made, doc) == expected, (text, escape)
    for name, content in (("a", pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("X")})), ("b", b"raw\n"), ("c", 7)):
        doc.Reference(content if not isinstance(content, (bytes, int)) else pdfdoc.PDFObjectReference("a"), name)
        wrapped = pdfdoc.PDFIndirectObject(name, content)
        assert fast_header(wrapped, doc) == fast_header.original(wrapped, doc)
    for encrypt in (None, "secret"):
        ours = _pages_file("form", encrypt)
        with monkeypatch.context() as own:
            own.setattr(pdfdoc, "format", fast_format.original)
            own.setattr(pdfdoc.PDFString, "format", fast_string.original)
            own.setattr(pdfdoc.PDFIndirectObject, "format", fast_header.original)
            theirs = _pages_file("form", encrypt)
        assert ours == theirs and ours.startswith(b"%PDF-1.")


def test_a_leader_drawn_again_writes_what_reportlab_writes():
    import random

    from reportlab.lib.colors import Color, HexColor

    from handouts.render.document import HandoutsCanvas

    register_fonts()
    rng = random.Random(7)
    places = [((rng.uniform(1, 500), rng.uniform(1, 700)), (rng.uniform(1, 500), rng.uniform(1, 700)))
              for _ in range(12)] + [((0.0, 5.0), (3.0, 4.0)), ((2.0, 5.0), (3.0, -0.0))]  # zeros: drawn plainly
    colours = [HexColor("#8a6f58"), Color(0.2, 0.4, 0.6), Color(0.1, 0.1, 0.1, alpha=0.5), HexColor("#000000")]
    for kind in (HandoutsCanvas, Canvas):
        ours, plain = kind(io.BytesIO(), invariant=1), Canvas(io.BytesIO(), invariant=1)
        for n in range(200):
            start, end = rng.choice(places)
            colour, width, radius = rng.choice(colours), rng.choice((0.4, 1)), rng.choice((0.9, 2))
            if n % 50 == 49:
                for canvas in (ours, plain):
                    canvas.setFillAlpha(0.5 if n % 100 == 49 else 1)  # a gs operator, once the alpha differs
            rl_compat.draw_leader(ours, start, end, colour, width, radius)
            plain.setStrokeColor(colour)
            plain.setLineWidth(width)
            plain.line(*start, *end)
            plain.setFillColor(colour)
            plain.circle(*end, radius, stroke=0, fill=1)
            assert "\n".join(ours._code) == "\n".join(plain._code), (start, end, colour)
            assert (ours._strokeColorObj, ours._fillColorObj, ours._lineWidth) == (colour, colour, width)
        if kind is Canvas:  # (a handouts canvas starts in another font: only its operators compare)
            assert ours.getpdfdata() == plain.getpdfdata()


def test_lines_drawn_together_write_what_reportlab_writes_line_by_line():
    import random

    from handouts.render.document import HandoutsCanvas
    from handouts.render.fonts import BOLD

    register_fonts()
    rng = random.Random(17)
    alphabet = "ab Z()\\\u00a0éß·Ελ" + "".join(map(chr, range(0x400, 0x4a0)))  # past 256 codes: two subsets
    for kind in (HandoutsCanvas, Canvas):
        ours, plain = kind(io.BytesIO(), invariant=1), kind(io.BytesIO(), invariant=1)  # drawn together, line by line
        for _ in range(150):
            font, size = rng.choice((REGULAR, BOLD)), rng.choice((8, 9.5))
            lines = [(rng.uniform(1, 500), rng.uniform(1, 700), "".join(rng.choice(alphabet) for _ in range(k)))
                     for k in rng.choices(range(0, 14), k=rng.randint(0, 5))]
            for canvas in (ours, plain):
                canvas.setFont(font, size, leading=size * 1.25)
            rl_compat.draw_lines_at_once(ours, lines)
            for x, y, text in lines:
                plain.drawString(x, y, text)
            assert "\n".join(ours._code) == "\n".join(plain._code), lines
        assert ours.getpdfdata() == plain.getpdfdata()


def test_a_form_placed_again_writes_what_reportlab_writes():
    from handouts.render.document import HandoutsCanvas

    register_fonts()
    places = [(10.5, 20.25, False), (100.123456, 5.5, True), (0.0, 7.0, True), (3.0, -0.0, False), (10.5, 20.25, True)]
    for kind in (HandoutsCanvas, Canvas):
        ours, plain = kind(io.BytesIO(), invariant=1), kind(io.BytesIO(), invariant=1)
        for canvas in (ours, plain):
            canvas.beginForm("dot")
            canvas.circle(5, 5, 2, stroke=0, fill=1)
            canvas.endForm()
            canvas.translate(3, 4)  # a matrix in place before: the form's own ``q`` keeps it apart
        for dx, dy, mirrored in places * 2:
            rl_compat.place_form(ours, "dot", dx, dy, mirrored=mirrored)
            plain.saveState()
            plain.translate(dx, dy)
            if mirrored:
                plain.scale(-1, 1)
            plain.doForm("dot")
            plain.restoreState()
            assert "\n".join(ours._code) == "\n".join(plain._code), (dx, dy, mirrored)
            assert ours._formsinuse == plain._formsinuse
            assert [getattr(ours, a) for a in Canvas.STATE_ATTRIBUTES if a != "_extgstate"] == [
                getattr(plain, a) for a in Canvas.STATE_ATTRIBUTES if a != "_extgstate"]
        assert ours.getpdfdata() == plain.getpdfdata()


def test_a_fonts_codes_table_encodes_only_characters_with_codes_in_the_first_subset():
    import codecs

    from handouts.rl_compat.document_fonts import Codes

    def encoded(codes: Codes, text: str) -> bytes | None:
        try:
            return codecs.charmap_encode(text, None, codes.table)[0]
        except UnicodeEncodeError:
            return None

    given = {0: 0, 32: 32, 65: 65, 0xE9: 1, 0x416: 300}  # as a state gives them: U+0000 has code 0
    plain = Codes(given)
    assert not isinstance(plain.table, dict)
    assert encoded(plain, "A éA") == b"A \x01A"
    assert encoded(plain, "Ж") is None and encoded(plain, "\ufffe") is None and encoded(plain, "B") is None
    given[66] = 2  # a code given later: taken in when the table grows
    plain.grow()
    assert encoded(plain, "AB") == b"A\x02"
    other = Codes({65: 0, 0x1D11E: 5, 66: 300})  # no U+0000 at code 0, a character past U+FFFF: a dict
    assert isinstance(other.table, dict)
    assert encoded(other, "A\U0001d11e") == b"\x00\x05"
    assert encoded(other, "B") is None and encoded(other, "\ufffe") is None


def test_a_drawing_kept_writes_what_drawing_it_anew_writes_in_every_document():
    """Lines (right, centred, accents, Greek, past 256 codes: two subsets), colours and rules, kept once and
    written into documents whose codes differ; each the same as drawing it anew, and not drawn again."""
    import random
    from functools import partial

    from reportlab.lib.colors import HexColor

    from handouts.render.document import HandoutsCanvas
    from handouts.render.fonts import BOLD, ITALIC
    from handouts.rl_compat import kept_drawings

    register_fonts()
    alphabet = "abc XYZ()\\\u00a0éüß·½Ελένη" + "".join(map(chr, range(0x400, 0x500)))
    drawn: list[int] = []

    def drawing(canvas: Canvas, seed: int, count: bool = False) -> None:
        rng = random.Random(seed)
        drawn.extend([seed] if count else [])
        canvas.setStrokeColor(HexColor("#c76b3f"))
        canvas.setLineWidth(rng.choice((0.5, 1.2)))
        canvas.line(10, rng.uniform(0, 800), 500, 20.5)
        for n in range(8):
            canvas.setFont(rng.choice((REGULAR, BOLD, ITALIC)), rng.choice((8, 9.5, 14)))
            canvas.setFillColor(HexColor(rng.choice(("#2f5d62", "#555555", "#222222"))))
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
            how = ("drawString", "drawRightString", "drawCentredString")[n % 3]
            getattr(canvas, how)(rng.uniform(20, 500), rng.uniform(20, 800), text)

    rng = random.Random(5)
    several = False
    for document in range(6):
        ours = HandoutsCanvas(io.BytesIO(), invariant=1)
        plain = HandoutsCanvas(io.BytesIO(), invariant=1)
        before = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))  # codes differ by document
        for seed in rng.sample(range(4), 4) * 2:
            for canvas in (ours, plain):
                canvas.setFont(REGULAR, 9)
                canvas.drawString(5, 5, before or "x")
            kept_drawings.draw_kept(ours, ("test drawing", seed), partial(drawing, ours, seed, True))
            drawing(plain, seed)
            assert "\n".join(ours._code) == "\n".join(plain._code), (document, seed)
        states = [pdfmetrics.getFont(name).state.get(plain._doc) for name in (REGULAR, BOLD, ITALIC)]
        several = several or any(state is not None and len(state.subsets) > 1 for state in states)
        outputs = []
        for canvas in (ours, plain):
            canvas.showPage()
            canvas.save()
            outputs.append(canvas.getpdfdata())
        assert outputs[0] == outputs[1]
    assert several  # some document's lines ran into a second subset
    assert sorted(drawn) == [0, 1, 2, 3]  # each drawn once, at its first use; written from what was kept since
    assert all(kept_drawings._KEPT[("test drawing", seed)] is not None for seed in range(4))


def test_a_drawing_that_names_a_resource_or_draws_text_otherwise_is_drawn_anew():
    from functools import partial

    from handouts.render.document import HandoutsCanvas
    from handouts.rl_compat import kept_drawings

    register_fonts()
    drawn: list[str] = []

    def faded(canvas: Canvas) -> None:
        drawn.append("faded")
        canvas.setFillAlpha(0.5)  # a transparency state, named in the page's resources
        canvas.rect(10, 10, 50, 50, fill=1)

    def spaced(canvas: Canvas) -> None:
        drawn.append("spaced")
        canvas.setFont(REGULAR, 9)
        canvas.drawString(10, 10, "Willow Lane", charSpace=1)  # a line with options: not a plain line

    for _ in range(2):
        ours, plain = HandoutsCanvas(io.BytesIO(), invariant=1), HandoutsCanvas(io.BytesIO(), invariant=1)
        for draw in (faded, spaced):
            kept_drawings.draw_kept(ours, ("test declined", draw.__name__), partial(draw, ours))
            draw(plain)
        assert ours._code == plain._code
    assert drawn.count("faded") == 4 and drawn.count("spaced") == 4  # twice each, in both documents
    assert kept_drawings._KEPT[("test declined", "faded")] is None
    assert kept_drawings._KEPT[("test declined", "spaced")] is None


def test_blank_pages_begin_the_next_page_as_reportlab_does_and_make_none():
    from reportlab.lib.colors import HexColor

    from handouts.rl_compat import BlankPages

    register_fonts()
    ended: list[int] = []
    ours = BlankPages(io.BytesIO(), invariant=1, initialFontName=REGULAR, pagesize=(300, 400))
    plain = Canvas(io.BytesIO(), invariant=1, initialFontName=REGULAR, pagesize=(300, 400))
    for canvas in (ours, plain):
        canvas.setPageCallBack(ended.append)
    for n in range(3):
        for canvas in (ours, plain):
            canvas.setFont(REGULAR, 11 + n)
            canvas.setFillColor(HexColor("#2f5d62"))
            canvas.saveState()
            canvas.drawString(10, 10, f"page {n}")
            if n == 1:
                canvas.setPageSize((200, 500))  # waits for the next page
            canvas.showPage()
        assert ours.getPageNumber() == plain.getPageNumber() == n + 2
        assert ours._code == plain._code and ours.state_stack == plain.state_stack == []
        names = [name for name in Canvas.STATE_ATTRIBUTES if name != "_extgstate"]
        assert [getattr(ours, name) for name in names] == [getattr(plain, name) for name in names]
        assert vars(ours._extgstate) == vars(plain._extgstate)
        assert ours._pagesize == plain._pagesize
    assert ended == [1, 1, 2, 2, 3, 3]
    assert len(plain._doc.Pages.pages) == 3 and len(ours._doc.Pages.pages) == 0  # made by ReportLab only


def test_numbers_formatted_once_are_the_text_fp_str_gives(monkeypatch):
    import random

    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfgen import canvas as rl_canvas

    from handouts.rl_compat import kept_fp_str, numbers

    register_fonts()  # installs ``kept_numbers``
    assert rl_canvas.fp_str is kept_fp_str
    rng = random.Random(3)
    values = [0, 0.0, -0.0, 1, 1.0, True, -1, 0.5, 1e-9, -1e-9, 123456789.123456, 1e20, 2 / 3, -2 / 3, 7.25]
    values += [rng.uniform(-1000, 1000) for _ in range(300)] + [rng.randint(-500, 500) / 8 for _ in range(300)]
    calls = [tuple(rng.choice(values) for _ in range(n % 6 + 1)) for n in range(2000)]
    for _ in range(3):  # worked out, then kept
        for args in calls:
            assert kept_fp_str(*args) == fp_str(*args), args
    assert kept_fp_str([1, 2.5, -0.0]) == fp_str([1, 2.5, -0.0])  # a list: formatted anew
    assert kept_fp_str((1, 2.5, -0.0)) == fp_str((1, 2.5, -0.0)) == kept_fp_str(1, 2.5, 0)  # a tuple alone
    assert numbers.numbers_text(1, 2.5, -0.0) == fp_str(1, 2.5, -0.0)
    assert numbers.numbers_text.cache_info().hits >= 4000

    def page(canvas) -> list[str]:
        for n in range(40):
            x, y = rng.uniform(0, 500), rng.uniform(0, 700)
            canvas.line(x, y, 10, 10)
            canvas.rect(x, y, 20.5, -3, fill=n % 2)
            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(0.75, -0.75)
            canvas.setDash([1, 2.5], 0.5)
            canvas.setLineWidth(n / 7)
            canvas.drawString(0, 0, "Willow")
            canvas.restoreState()
        return canvas._code

    rng.seed(9)
    ours = page(Canvas(io.BytesIO(), invariant=1, initialFontName=REGULAR))
    monkeypatch.setattr(rl_canvas, "fp_str", fp_str)
    from reportlab.pdfgen import textobject

    monkeypatch.setattr(textobject, "fp_str", fp_str)
    rng.seed(9)
    assert ours == page(Canvas(io.BytesIO(), invariant=1, initialFontName=REGULAR))
