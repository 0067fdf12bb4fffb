"""One PDF written page by page from other PDFs' pages, with what they share written once.

The combined print file of a batch holds every client's own sheet as it is,
page for page, in row order: nothing is composed, laid out or drawn again,
and what a page shows is what the client's sheet shows. Sheets share most
of their weight: each embeds font subsets and chart forms, and the same
ones recur from sheet to sheet (subsets are memoised). Each object copied
is therefore keyed by its bytes with its references already renumbered, so
equal fonts, equal forms and everything built on them are written once.

The file streams: pages and objects are written as they come, and what is
kept until the end is a number per object and per page (arrays, not Python
objects), the last few thousand keys for sharing, and the bookmark not yet
written (each is written when the next one's number is known). So the
memory does not grow with the list, as a batch's parent must not.
"""

from __future__ import annotations

import hashlib
import io
from array import array
from collections import OrderedDict
from collections.abc import Mapping
from typing import IO

from handouts.post.pdf_objects import PdfObject, PdfSource, Unsupported

CATALOG, PAGES, INFO, OUTLINES = 1, 2, 3, 4  # object numbers written last, at the end of the file
KEEP = 4096  # object keys remembered for sharing: fonts and forms recur within a few sheets
PIECE = 4096  # page references or table entries written at a time at the end
_FONT_NAME = (b"/FontName", b"/BaseFont")


def pdf_text(text: str) -> bytes:
    """A PDF text string: printable ASCII as a literal, anything else as UTF-16 with its byte-order mark."""
    if text.isascii() and text.isprintable():
        return b"(" + text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<feff" + text.encode("utf-16-be").hex().encode("ascii") + b">"


def subset_tag(digest: bytes) -> bytes:
    """Six capital letters from a font program's key: equal subsets, equal names; different, different."""
    return bytes(65 + b % 26 for b in digest[:6])


def plain_pdf(data: bytes, password: str | None = None) -> bytes:
    """``data`` rewritten by pypdf as the plain kind ``PdfSource`` reads: decrypted, pages flattened.

    For what ReportLab did not write as it is: an encrypted sheet (its
    password is known to the batch), a sheet retitled by pypdf, a test's stand-in.
    """
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(password or ""):
        raise ValueError("an encrypted sheet whose password is not known")
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class JoinedPdf:
    """Pages of other PDFs appended in order to an open binary file; ``close()`` writes the structure."""

    def __init__(self, out: IO[bytes], keep: int = KEEP) -> None:
        self.out = out
        self.offsets = array("Q", [0] * (OUTLINES + 1))  # object number -> where it starts in the file
        self.pages = array("Q")  # object numbers of the pages, in order
        self.keys: OrderedDict[bytes, int] = OrderedDict()  # an object's key -> its number, most recent last
        self.keep = keep
        self.marks = 0
        self.first_mark = 0
        self.pending: tuple[int, int, bytes, int] | None = None  # bookmark to write: number, page, title, prev
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _allocate(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def _write(self, number: int, head: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.out.tell()
        if stream is None:
            self.out.write(b"%d 0 obj\n%s\nendobj\n" % (number, head))
        else:
            self.out.write(b"%d 0 obj\n%s\nstream\n" % (number, head))
            self.out.write(stream)
            self.out.write(b"\nendstream\nendobj\n")

    def add(self, data: bytes, title: str | None = None, password: str | None = None) -> int:
        """Append every page of ``data`` (bookmarked ``title`` at its first page); returns the page count.

        A file the byte-level reader does not take is rewritten plainly by pypdf first (``plain_pdf``).
        """
        try:
            source = PdfSource(data)
            objects, own = source.closure(), source.annotations()
        except Unsupported:
            source = PdfSource(plain_pdf(data, password))
            objects, own = source.closure(), source.annotations()
        if not source.pages:
            return 0
        mapping = dict.fromkeys(source.page_tree, PAGES)
        for page in source.pages:
            mapping[page] = self._allocate()
        digests: dict[int, bytes] = {}
        tags: dict[int, bytes] = {}
        pages = set(source.pages)
        for obj in objects:  # annotations (``own``) are never shared: each belongs to one page
            head = _renumbered(obj, mapping)
            head = self._rename_subset(obj, head, digests, tags)
            if obj.number in pages or obj.number in own:
                if obj.number not in mapping:  # pages have their numbers already
                    mapping[obj.number] = self._allocate()
                self._write(mapping[obj.number], head, obj.stream)
                continue
            key = hashlib.blake2b(head + b"\0" + (obj.stream or b""), digest_size=20).digest()
            digests[obj.number] = key
            number = self.keys.get(key)
            if number is None:
                number = self._allocate()
                self._write(number, head, obj.stream)
                self.keys[key] = number
                if len(self.keys) > self.keep:
                    self.keys.popitem(last=False)
            else:
                self.keys.move_to_end(key)
            mapping[obj.number] = number
        if title is not None:
            self._bookmark(title, mapping[source.pages[0]])
        self.pages.extend(mapping[p] for p in source.pages)
        return len(source.pages)

    @staticmethod
    def _rename_subset(obj: PdfObject, head: bytes, digests: dict[int, bytes], tags: dict[int, bytes]) -> bytes:
        """Name a font subset by its program's key: ReportLab calls every document's first subset AAAAAA+.

        Two different programs under one name make some printers and viewers
        use one for both; equal programs get one name and are written once.
        """
        for start, _, ref in obj.refs:
            key = obj.head[max(0, start - 16):start]
            if key.rstrip().endswith((b"/FontFile2", b"/FontFile", b"/FontFile3")) and ref in digests:
                tags[obj.number] = subset_tag(digests[ref])
                return _retag(head, b"/FontName", tags[obj.number])
            if key.rstrip().endswith(b"/FontDescriptor") and ref in tags:
                return _retag(head, b"/BaseFont", tags[ref])
        return head

    def _bookmark(self, title: str, page: int) -> None:
        """Write the previous bookmark (its next is now known) and hold this one."""
        number = self._allocate()
        previous = 0
        if self.pending is not None:
            self._write_mark(*self.pending, following=number)
            previous = self.pending[0]
        else:
            self.first_mark = number
        self.pending = (number, page, pdf_text(title), previous)
        self.marks += 1

    def _write_mark(self, number: int, page: int, title: bytes, previous: int, following: int = 0) -> None:
        head = b"<< /Title %s /Parent %d 0 R /Dest [ %d 0 R /Fit ]" % (title, OUTLINES, page)
        head += b" /Prev %d 0 R" % previous if previous else b""
        head += b" /Next %d 0 R" % following if following else b""
        self._write(number, head + b" >>")

    def close(self, info: Mapping[str, str]) -> int:
        """Write the page tree, bookmarks, catalogue, information and cross-references; returns the page count."""
        self.offsets[PAGES] = self.out.tell()  # written in pieces: a list as long as the file's pages is not kept
        self.out.write(b"%d 0 obj\n<< /Type /Pages /Count %d /Kids [" % (PAGES, len(self.pages)))
        for start in range(0, len(self.pages), PIECE):
            self.out.write(b"".join(b" %d 0 R" % n for n in self.pages[start:start + PIECE]))
        self.out.write(b" ] >>\nendobj\n")
        last = 0
        if self.pending is not None:
            self._write_mark(*self.pending)
            last = self.pending[0]
        ends = b" /First %d 0 R /Last %d 0 R" % (self.first_mark, last) if last else b""
        self._write(OUTLINES, b"<< /Type /Outlines /Count %d%s >>" % (self.marks, ends))
        lang = b" /Lang %s" % pdf_text(info["/Lang"]) if info.get("/Lang") else b""
        self._write(CATALOG, b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines%s >>"
                    % (PAGES, OUTLINES, lang))
        fields = b" ".join(b"/%s %s" % (k.lstrip("/").encode("ascii"), pdf_text(v))
                           for k, v in info.items() if k != "/Lang")
        self._write(INFO, b"<< %s >>" % fields)
        xref = self.out.tell()
        size = len(self.offsets)
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for start in range(1, size, PIECE):
            piece = self.offsets[start:min(size, start + PIECE)]
            self.out.write(b"".join(b"%010d 00000 n \n" % offset for offset in piece))
        file_id = hashlib.md5(repr((size, len(self.pages), sorted(info.items()))).encode()).hexdigest().encode()
        self.out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                       % (size, CATALOG, INFO, file_id, file_id, xref))
        return len(self.pages)


def _renumbered(obj: PdfObject, mapping: dict[int, int]) -> bytes:
    """``obj``'s value with every reference given its number in the joined file."""
    if not obj.refs:
        return obj.head
    parts, at = [], 0
    for start, end, ref in obj.refs:
        parts += [obj.head[at:start], b"%d 0 R" % mapping[ref]]
        at = end
    parts.append(obj.head[at:])
    return b"".join(parts)


def _retag(head: bytes, key: bytes, tag: bytes) -> bytes:
    """``head`` with the six-letter subset prefix of its ``key`` name replaced by ``tag``."""
    at = head.find(key + b" /")
    if at < 0 or head[at + len(key) + 8:at + len(key) + 9] != b"+":
        return head
    start = at + len(key) + 2
    return head[:start] + tag + head[start + 6:]
