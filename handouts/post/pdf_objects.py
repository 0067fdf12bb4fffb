"""The objects a plain PDF's pages use, read straight from its bytes, for joining files fast.

A batch's combined print file is made of the clients' own sheets, page for
page. pypdf turns every object into Python values, about 5 ms a sheet: more
than the whole combined file may cost. Joining needs much less: where each
object is, which objects it refers to, and its bytes as stored. Files as
ReportLab and pypdf write them (one classic cross-reference table, no
encryption, no object streams, stream lengths given directly, page
attributes on the pages) are read here at the byte level; anything else
raises ``Unsupported``, and the caller has pypdf rewrite the file plainly
first (``post.join.plain_pdf``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One scan finds, outside string literals, every reference and where the object's value ends. A string
# with unescaped parentheses inside (legal, but never written by ReportLab or pypdf) stops the scan at a
# bare "(", which is refused rather than misread.
_SCAN = re.compile(rb"\((?:\\.|[^\\()])*\)|(?<![\w.+-])(\d+)\s+(\d+)\s+R\b|(?<=[\s>\]])(stream)\r?\n|(endobj)|\(",
                   re.S)
_OBJ = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_END_STREAM = re.compile(rb"\r?\n?endstream\b")
_XREF = re.compile(rb"xref\s*")
_SUBSECTION = re.compile(rb"(\d+)\s+(\d+)[ \t]*\r?\n")
_TRAILER = re.compile(rb"\s*trailer\s*<<")
_ROOT = re.compile(rb"/Root\s+(\d+)\s+0\s+R")
_PAGES = re.compile(rb"/Pages\s+(\d+)\s+0\s+R")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_IS_PAGES = re.compile(rb"/Type\s*/Pages\b")
_INHERITED = re.compile(rb"/(?:Resources|MediaBox|CropBox|Rotate)\b")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R\b")
_BEFORE_REF = frozenset(bytes([c]) for c in b" \t\r\n[") | {b""}  # what may stand before a reference
_STREAM = re.compile(rb"stream\r?\n")
_ANNOTS = re.compile(rb"/Annots\s*(?:\[([^\]]*)\]|(\d+)\s+0\s+R)")
_REF_TAIL = re.compile(rb"(\d+)\s+(\d+)\s+R\Z")
_AFTER_REF = frozenset(bytes([c]) for c in b" \t\r\n/<>[]") | {b""}  # what may follow one


def _references(head: bytes) -> list[tuple[int, int, int]] | None:
    """Each "n 0 R" in a value without strings as (start, end, n); None if one looks unusual.

    Found from each " R" backwards: a pattern run along the whole value tried
    every digit of a font's long width array, and was most of a join's time.
    """
    refs = []
    at = head.find(b" R")
    while at >= 0:
        if head[at + 2:at + 3] in _AFTER_REF:
            ref = _REF_TAIL.search(head, max(0, at - 24), at + 2)
            if ref is None or ref.group(2) != b"0" or head[ref.start() - 1:ref.start()] not in _BEFORE_REF:
                return None
            refs.append((ref.start(), ref.end(), int(ref.group(1))))
        at = head.find(b" R", at + 2)
    return refs


class Unsupported(Exception):
    """A PDF this reader does not take apart itself (encrypted, cross-reference stream, unusual syntax)."""


@dataclass(frozen=True)
class PdfObject:
    """One object: its value as written (``head``), the references in it, and its stream's stored bytes."""

    number: int
    head: bytes
    refs: tuple[tuple[int, int, int], ...]  # (start, end, object number) of each "n 0 R" in head
    stream: bytes | None


class PdfSource:
    """A PDF's cross-reference table, page list and objects, read from its bytes on demand."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offsets: dict[int, int] = {}
        root = self._read_xref()
        self.page_tree: list[int] = []  # every /Pages node: their references are the joined file's page tree
        pages = _PAGES.search(self.object(root).head)
        if pages is None:
            raise Unsupported("no page tree")
        self.pages = self._kids(int(pages.group(1)), depth=0)

    def _read_xref(self) -> int:
        """Fill ``offsets`` from the one cross-reference table; returns the catalog's number."""
        data = self.data
        at = data.rfind(b"startxref")
        found = re.match(rb"startxref\s+(\d+)", data[at:at + 40]) if at >= 0 else None
        xref = _XREF.match(data, int(found.group(1))) if found else None
        if xref is None:
            raise Unsupported("no classic cross-reference table")
        pos = xref.end()
        while (section := _SUBSECTION.match(data, pos)) is not None:
            first, count = int(section.group(1)), int(section.group(2))
            pos = section.end()
            for n in range(first, first + count):
                entry = data[pos:pos + 20]
                if entry[17:18] == b"n":
                    self.offsets[n] = int(entry[:10])
                elif entry[17:18] != b"f":
                    raise Unsupported("a cross-reference entry that is not 20 bytes")
                pos += 20
        trailer = _TRAILER.match(data, pos)
        end = data.find(b">>", pos) if trailer is None else data.find(b"startxref", pos)
        tail = data[pos:end]
        if trailer is None or b"/Encrypt" in tail or b"/Prev" in tail:
            raise Unsupported("encrypted or updated in increments")
        root = _ROOT.search(tail)
        if root is None:
            raise Unsupported("no catalog")
        return int(root.group(1))

    def _kids(self, node: int, depth: int) -> list[int]:
        """The pages under a /Pages node, in order; attributes pages would inherit are refused."""
        head = self.object(node).head
        kids = _KIDS.search(head)
        if depth > 8 or kids is None or _INHERITED.search(head):
            raise Unsupported("a page tree with inherited attributes")
        self.page_tree.append(node)
        pages: list[int] = []
        for ref in _REF.finditer(kids.group(1)):
            kid = int(ref.group(1))
            if _IS_PAGES.search(self.object(kid).head):
                pages += self._kids(kid, depth + 1)
            else:
                pages.append(kid)
        return pages

    def object(self, number: int) -> PdfObject:
        """Object ``number``: its value, its references and (a stream) its bytes as stored, still compressed."""
        data = self.data
        start = self.offsets.get(number)
        found = _OBJ.match(data, start) if start is not None else None
        if found is None or int(found.group(1)) != number or found.group(2) != b"0":
            raise Unsupported(f"object {number} is not where the table says")
        begin = found.end()
        end = data.find(b"endobj", begin)
        at = data.find(b"stream", begin, end)
        head = data[begin:end if at < 0 else at]
        if b"(" in head or end < 0:  # a string might hold either keyword: scan token by token
            return self._scanned(number, begin)
        refs = _references(head)
        if refs is None:
            return self._scanned(number, begin)
        if at < 0:
            return PdfObject(number, head, tuple(refs), None)
        keyword = _STREAM.match(data, at)
        if keyword is None or head[-1:] not in b" \t\r\n>]":
            return self._scanned(number, begin)
        return PdfObject(number, head, tuple(refs), self._stream(head, keyword.end()))

    def _scanned(self, number: int, begin: int) -> PdfObject:
        """``object``, the careful way: token by token, strings skipped whole."""
        data = self.data
        refs = []
        for token in _SCAN.finditer(data, begin):
            if token.group(1) is not None:
                if token.group(2) != b"0":
                    raise Unsupported("a reference to an old generation")
                refs.append((token.start() - begin, token.end() - begin, int(token.group(1))))
            elif token.group(4) is not None:
                return PdfObject(number, data[begin:token.start()], tuple(refs), None)
            elif token.group(3) is not None:
                head = data[begin:token.start()]
                return PdfObject(number, head, tuple(refs), self._stream(head, token.end()))
            elif token.group(0) == b"(":
                raise Unsupported("a string with parentheses inside")
        raise Unsupported(f"object {number} never ends")

    def _stream(self, head: bytes, start: int) -> bytes:
        length = _LENGTH.search(head)
        if length is None:
            raise Unsupported("a stream whose length is not given directly")
        end = start + int(length.group(1))
        if _END_STREAM.match(self.data, end) is None:
            raise Unsupported("a stream whose length is wrong")
        return self.data[start:end]

    def closure(self) -> list[PdfObject]:
        """Every object the pages use, each after the objects it refers to; each page after its own.

        Page dictionaries are listed but not followed through ``/Parent`` (the
        joined file has its own page tree); a reference back to a page is
        kept as a reference, never followed. A cycle below the pages is refused.
        """
        order: list[PdfObject] = []
        done: set[int] = set(self.page_tree)
        pages = set(self.pages)
        for page in self.pages:
            self._visit(page, order, done, pages, set(), root=True)
        return order

    def annotations(self) -> set[int]:
        """The pages' annotations (links, notes): each belongs to one page, so a join never shares one."""
        found: set[int] = set()
        for page in self.pages:
            annots = _ANNOTS.search(self.object(page).head)
            if annots is not None:
                listed = annots.group(1) if annots.group(1) else self.object(int(annots.group(2))).head
                found.update(int(ref.group(1)) for ref in _REF.finditer(listed))
        return found

    def _visit(self, number: int, order: list[PdfObject], done: set[int], pages: set[int], path: set[int],
               root: bool = False) -> None:
        if number in done or (number in pages and not root):
            return
        if number in path or len(path) > 64:
            raise Unsupported("objects that refer to each other in a circle")
        obj = self.object(number)
        path.add(number)
        for _, _, ref in obj.refs:
            self._visit(ref, order, done, pages, path)
        path.discard(number)
        done.add(number)
        order.append(obj)
