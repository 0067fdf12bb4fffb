"""Adding pages to a PDF, and document information where readers look for it.

(A batch's combined print file is joined at the byte level: ``post.join``.)
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject


def set_info(writer: PdfWriter, info: Mapping[str, str]) -> None:
    """Document information, with ``/Lang`` going where readers look for it: the catalog."""
    language = info.get("/Lang")
    writer.add_metadata({k: v for k, v in info.items() if k != "/Lang"})
    if language:
        writer.root_object[NameObject("/Lang")] = TextStringObject(language)


def append_pages(pdf: bytes, extra: bytes) -> bytes:
    """``pdf`` followed by every page of ``extra`` (a brochure's empty panels)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.append(PdfReader(io.BytesIO(extra)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
