"""Merging PDFs in order into one file, streaming, with bookmarks and metadata.

The combined print file of a large batch can run to tens of thousands of
pages. pypdf's writer keeps every object in memory until it writes, so the
merge here is done by hand: each part is read with pypdf, its objects are
renumbered and written out straight away, and only the page numbers and
bookmark titles are kept until the end, where the page tree, the outline,
the catalogue and the cross-reference table are written. Memory depends on
the largest part, not on the length of the list.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from handouts.files.writing import atomic_writer
from handouts.post.pdf_compat import raw_stream_bytes

CATALOG, PAGES, INFO, OUTLINES = 1, 2, 3, 4  # object numbers written last, at the end of the file


def set_info(writer: PdfWriter, info: Mapping[str, str]) -> None:
    """Document information, with ``/Lang`` going where readers look for it: the catalog."""
    language = info.get("/Lang")
    writer.add_metadata({k: v for k, v in info.items() if k != "/Lang"})
    if language:
        writer.root_object[NameObject("/Lang")] = TextStringObject(language)


def subset_tag(data: bytes) -> str:
    """Six capital letters from a font program's contents: equal subsets, equal names."""
    digest = hashlib.sha256(data).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


class StreamingMerge:
    """Append PDFs one by one to an open binary file; ``close()`` writes the structure."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.offsets: dict[int, int] = {}
        self.next_number = OUTLINES + 1
        self.pages: list[int] = []
        self.bookmarks: list[tuple[str, int]] = []  # title, index into self.pages
        self.fonts: dict[str, int] = {}  # subset name -> object number of a font already written
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _allocate(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def _start(self, number: int) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(b"%d 0 obj\n" % number)

    def _write_object(self, number: int, obj: Any) -> None:
        self._start(number)
        obj.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def append(self, path: Path) -> int:
        """Copy every page of ``path`` (and what it uses) and its top-level bookmarks; returns its page count."""
        reader = PdfReader(str(path))
        mapping: dict[int, int] = {}
        queue: list[int] = []
        fonts: dict[int, NameObject] = {}  # font dict to write -> its content-derived subset name
        renamed: dict[int, NameObject] = {}  # font descriptor to write -> the same name

        def ref(old: int) -> IndirectObject:
            if old not in mapping:
                shared = self._shared_font(reader.get_object(old))
                if shared is not None and shared in self.fonts:
                    mapping[old] = self.fonts[shared]  # the same subset from an earlier part: use that one
                else:
                    mapping[old] = self._allocate()
                    queue.append(old)
                    if shared is not None:
                        self.fonts[shared] = mapping[old]
                        fonts[old] = NameObject(f"/{shared}")
            return IndirectObject(mapping[old], 0, None)  # type: ignore[arg-type]

        def copy(obj: Any) -> Any:
            if isinstance(obj, IndirectObject):
                return ref(obj.idnum)
            if isinstance(obj, DictionaryObject) and not isinstance(obj, StreamObject):
                return DictionaryObject({NameObject(k): copy(v) for k, v in obj.items()})
            if isinstance(obj, ArrayObject):
                return ArrayObject(copy(v) for v in obj)
            return obj

        first = len(self.pages)
        page_refs = [page.indirect_reference for page in reader.pages]
        for page_ref in page_refs:  # pages get their numbers first, so links to them land on the new pages
            assert page_ref is not None
            mapping[page_ref.idnum] = self._allocate()
            self.pages.append(mapping[page_ref.idnum])
        for page, page_ref in zip(reader.pages, page_refs, strict=True):
            entries = {NameObject(k): copy(v) for k, v in page.items() if k != "/Parent"}
            entries[NameObject("/Parent")] = IndirectObject(PAGES, 0, None)  # type: ignore[arg-type]
            self._write_object(mapping[page_ref.idnum], DictionaryObject(entries))
        while queue:
            old = queue.pop()
            obj = reader.get_object(old)
            if isinstance(obj, StreamObject):
                self._write_stream(mapping[old], obj, copy)
                continue
            copied = copy(obj)
            if old in fonts:  # ReportLab names each document's first subset AAAAAA+: name it by content
                copied[NameObject("/BaseFont")] = fonts[old]
                renamed[obj.raw_get("/FontDescriptor").idnum] = fonts[old]
            elif old in renamed:
                copied[NameObject("/FontName")] = renamed[old]
            self._write_object(mapping[old], copied)
        for item in reader.outline:
            if isinstance(item, list):
                continue  # nested bookmarks: the combined file keeps one level, one per client
            self.bookmarks.append((str(item.title), first + reader.get_destination_page_number(item)))
        return len(page_refs)

    @staticmethod
    def _shared_font(obj: Any) -> str | None:
        """The content-derived name of an embedded font subset, or None for anything else."""
        if not isinstance(obj, DictionaryObject) or obj.get("/Type") != "/Font" or "/FontDescriptor" not in obj:
            return None
        descriptor = obj.raw_get("/FontDescriptor")  # written as its own object, to carry the new name
        if not isinstance(descriptor, IndirectObject):
            return None
        base = str(obj.get("/BaseFont", ""))
        font_file = descriptor.get_object().get("/FontFile2")
        if "+" not in base or font_file is None:
            return None
        return f"{subset_tag(font_file.get_object().get_data())}+{base.split('+', 1)[1]}"

    def _write_stream(self, number: int, stream: StreamObject, copy: Any) -> None:
        raw = raw_stream_bytes(stream)  # as stored in the file (still compressed): copied, never decoded
        entries = DictionaryObject({NameObject(k): copy(v) for k, v in stream.items() if k != "/Length"})
        entries[NameObject("/Length")] = NumberObject(len(raw))
        self._start(number)
        entries.write_to_stream(self.out)
        self.out.write(b"\nstream\n")
        self.out.write(raw)
        self.out.write(b"\nendstream\nendobj\n")

    def close(self, info: Mapping[str, str]) -> int:
        """Write the page tree, bookmarks, catalogue, information and cross-references; returns the page count."""
        def ref(number: int) -> IndirectObject:
            return IndirectObject(number, 0, None)  # type: ignore[arg-type]

        self._write_object(PAGES, DictionaryObject({
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): ArrayObject(ref(n) for n in self.pages),
            NameObject("/Count"): NumberObject(len(self.pages)),
        }))
        items = [self._allocate() for _ in self.bookmarks]
        for i, ((title, page), number) in enumerate(zip(self.bookmarks, items, strict=True)):
            entry = DictionaryObject({
                NameObject("/Title"): TextStringObject(title),
                NameObject("/Parent"): ref(OUTLINES),
                NameObject("/Dest"): ArrayObject([ref(self.pages[page]), NameObject("/Fit")]),
            })
            if i > 0:
                entry[NameObject("/Prev")] = ref(items[i - 1])
            if i + 1 < len(items):
                entry[NameObject("/Next")] = ref(items[i + 1])
            self._write_object(number, entry)
        outlines = DictionaryObject({NameObject("/Type"): NameObject("/Outlines"),
                                     NameObject("/Count"): NumberObject(len(items))})
        if items:
            outlines[NameObject("/First")] = ref(items[0])
            outlines[NameObject("/Last")] = ref(items[-1])
        self._write_object(OUTLINES, outlines)
        catalog = DictionaryObject({
            NameObject("/Type"): NameObject("/Catalog"),
            NameObject("/Pages"): ref(PAGES),
            NameObject("/Outlines"): ref(OUTLINES),
            NameObject("/PageMode"): NameObject("/UseOutlines"),
        })
        if info.get("/Lang"):
            catalog[NameObject("/Lang")] = TextStringObject(info["/Lang"])
        self._write_object(CATALOG, catalog)
        self._write_object(INFO, DictionaryObject({NameObject(k): TextStringObject(v)
                                                   for k, v in info.items() if k != "/Lang"}))
        xref = self.out.tell()
        size = self.next_number
        lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
        lines += [b"%010d 00000 n \n" % self.offsets[n] for n in range(1, size)]
        self.out.write(b"".join(lines))
        file_id = hashlib.md5(repr((size, len(self.pages), sorted(info.items()))).encode()).hexdigest()
        self.out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                       % (size, CATALOG, INFO, file_id.encode(), file_id.encode(), xref))
        return len(self.pages)


def merge_chunks(parts: Sequence[Path], target: Path, info: Mapping[str, str]) -> int:
    """Join ``parts`` in order into ``target`` (written to a temporary name, then renamed); the page count.

    Each part was laid out with an even page count, so every client still
    starts on an odd page in the merged file. Top-level bookmarks come along.
    """
    with atomic_writer(target) as handle:
        merger = StreamingMerge(handle)
        for part in parts:
            merger.append(part)
        pages = merger.close(info)
    return pages


def append_pages(pdf: bytes, extra: bytes) -> bytes:
    """``pdf`` followed by every page of ``extra`` (a brochure's empty panels)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.append(PdfReader(io.BytesIO(extra)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
