"""Joining PDFs at the byte level (post.join, post.pdf_objects): what pypdf reads back is what went in."""

from __future__ import annotations

import io

import pypdf
import pytest
from pypdf.annotations import FreeText

from handouts.post.join import JoinedPdf, plain_pdf
from handouts.post.pdf_objects import PdfSource, Unsupported

from .conftest import pdf_text, sheet_pdf, squash


def _join(*files: bytes, titles: list[str] | None = None, keep: int = 4096) -> pypdf.PdfReader:
    out = io.BytesIO()
    joined = JoinedPdf(out, keep=keep)
    for n, data in enumerate(files):
        joined.add(data, titles[n] if titles else None)
    joined.close({"/Title": "All (of them)", "/Author": "Willow Lane", "/Lang": "en"})
    _every_number_is_an_object(out.getvalue())
    return pypdf.PdfReader(io.BytesIO(out.getvalue()))


def _every_number_is_an_object(data: bytes) -> None:
    """Every entry of the cross-reference table points at its object (qpdf and print shops check this)."""
    source = PdfSource(data)
    size = int(data.rsplit(b"/Size ", 1)[1].split()[0])
    assert sorted(source.offsets) == list(range(1, size))
    for number in source.offsets:
        assert source.object(number).number == number


def _hand_made(strings: str) -> bytes:
    """A one-page PDF written by hand, with ``strings`` in an annotation's text, and a correct table."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 200 100 ] /Resources << >> /Annots [ 4 0 R ] >>",
               f"<< /Type /Annot /Subtype /Text /Rect [ 10 10 30 30 ] /Contents {strings} >>"]
    out = b"%PDF-1.7\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body.encode("latin-1"))
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def test_sheets_joined_show_their_pages_and_share_their_fonts(workspace, catalog):
    one = sheet_pdf(workspace, catalog, goals=["sleep"])
    two = sheet_pdf(workspace, catalog, name="Ελένη O'Brien & <b>Sons</b>", goals=["stress", "digestion"],
                    page_size="letter")
    source = PdfSource(one)
    assert len(source.pages) == len(pypdf.PdfReader(io.BytesIO(one)).pages)
    reader = _join(one, two, one, titles=["Ana (first)", "Ελένη O'Brien & <b>Sons</b>", "Ana again"])
    singles = [pypdf.PdfReader(io.BytesIO(d)) for d in (one, two, one)]
    pages = [p for s in singles for p in s.pages]
    assert len(reader.pages) == len(pages)
    for joined, own in zip(reader.pages, pages, strict=True):
        assert joined.mediabox == own.mediabox and joined.extract_text() == own.extract_text()
    assert [o.title for o in reader.outline] == ["Ana (first)", "Ελένη O'Brien & <b>Sons</b>", "Ana again"]
    assert [reader.get_destination_page_number(o) for o in reader.outline] == [0, len(singles[0].pages),
                                                                                len(pages) - len(singles[0].pages)]
    assert reader.metadata.title == "All (of them)" and reader.trailer["/Root"]["/Lang"] == "en"
    programs = [o.get_object()["/FontFile2"].get_data() for o in _objects(reader) if "/FontFile2" in o]
    first = [o for o in _objects(pypdf.PdfReader(io.BytesIO(one))) if "/FontFile2" in o]
    assert len(programs) == len(set(programs)) < 2 * len(first)  # the third sheet added no font at all
    names = {o["/BaseFont"]: o["/FontDescriptor"]["/FontFile2"].get_data() for o in _objects(reader)
             if o.get("/Type") == "/Font"}
    assert len(names) == len(programs) and not any(n.startswith("/AAAAAA+") for n in names)


def _objects(reader: pypdf.PdfReader):
    for number in range(1, reader.trailer["/Size"]):
        obj = reader.get_object(number)
        if isinstance(obj, dict):
            yield obj


def test_strings_that_look_like_references_or_keywords_are_left_alone():
    tricky = r"(Bo \(12 0 R\) endobj stream 3 0 R)"
    data = _hand_made(tricky)
    page = PdfSource(data)
    annotation = page.object(4)
    assert annotation.refs == () and b"endobj stream" in annotation.head
    reader = _join(data, data)
    notes = [p["/Annots"][0] for p in reader.pages]
    assert [n.get_object()["/Contents"] for n in notes] == ["Bo (12 0 R) endobj stream 3 0 R"] * 2
    assert notes[0].idnum != notes[1].idnum  # an annotation belongs to one page: equal ones are not shared


def test_what_the_byte_reader_refuses_pypdf_rewrites_first():
    nested = _hand_made("(a (nested) string)")
    with pytest.raises(Unsupported):
        PdfSource(nested).closure()
    reader = _join(nested)
    assert reader.pages[0]["/Annots"][0].get_object()["/Contents"] == "a (nested) string"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(300, 200)
    writer.add_annotation(0, FreeText(text="locked", rect=(10, 10, 100, 50)))
    writer.encrypt("pw", algorithm="AES-256")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(Unsupported):
        PdfSource(locked.getvalue())
    assert "locked" in str(pypdf.PdfReader(io.BytesIO(plain_pdf(locked.getvalue(), "pw"))).pages[0]["/Annots"][0]
                           .get_object()["/Contents"])
    with pytest.raises(ValueError, match="password"):
        plain_pdf(locked.getvalue(), "wrong")


def test_a_pypdf_file_is_read_without_pypdf():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    data = io.BytesIO()
    writer.write(data)
    source = PdfSource(data.getvalue())  # no Unsupported: the hazard tests' stand-in sheets take the fast path
    assert len(source.pages) == 1 and source.closure()[-1].number == source.pages[0]


def test_sharing_remembers_a_bounded_number_of_objects(workspace, catalog):
    one = sheet_pdf(workspace, catalog, goals=["sleep"])
    out = io.BytesIO()
    joined = JoinedPdf(out, keep=4)
    for _ in range(5):
        joined.add(one, "Ana")
    assert len(joined.keys) == 4
    joined.close({"/Title": "t"})
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    assert squash(pdf_text(out.getvalue())).count(squash("Your routine")) == 5
    assert len(reader.pages) == 5 * len(pypdf.PdfReader(io.BytesIO(one)).pages)
