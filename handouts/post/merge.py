"""Merging PDFs in order, keeping their bookmarks, with the combined file's own metadata."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from handouts.output import write_atomic


def merge_chunks(parts: Sequence[Path], target: Path, info: Mapping[str, str]) -> int:
    """Append ``parts`` into ``target`` (written atomically); returns the page count.

    Each part was laid out with even page counts, so every client keeps
    starting on an odd page in the merged file. Bookmarks come along.
    """
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part), import_outline=True)
    retag_subsets(writer)
    set_info(writer, info)
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    pages = len(writer.pages)
    writer.close()
    write_atomic(target, buffer.getvalue())
    return pages


def set_info(writer: PdfWriter, info: Mapping[str, str]) -> None:
    """Document information, with ``/Lang`` going where readers look for it: the catalog."""
    language = info.get("/Lang")
    writer.add_metadata({k: v for k, v in info.items() if k != "/Lang"})
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(language)


def _tag(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def retag_subsets(writer: PdfWriter) -> int:
    """Give every embedded font subset a tag derived from its contents.

    ReportLab tags each document's first subset ``AAAAAA+``; once several
    documents are merged, different subsets would share one name, which
    print-shop preflight flags and some RIPs get wrong. Identical subsets keep
    identical names. Returns the number of fonts renamed.
    """
    renamed = 0
    for obj in writer._objects:
        if not isinstance(obj, DictionaryObject) or obj.get("/Type") != "/Font":
            continue
        base = str(obj.get("/BaseFont", ""))
        descriptor = obj.get("/FontDescriptor")
        if "+" not in base or descriptor is None:
            continue
        descriptor = descriptor.get_object()
        file = descriptor.get("/FontFile2") or descriptor.get("/FontFile3") or descriptor.get("/FontFile")
        if file is None:
            continue
        name = base.split("+", 1)[1]
        new = NameObject(f"/{_tag(file.get_object().get_data())}+{name}")
        obj[NameObject("/BaseFont")] = new
        descriptor[NameObject("/FontName")] = new
        renamed += 1
    return renamed
