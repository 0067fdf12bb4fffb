"""Protection for sheets that leave the clinic by email: a password, and metadata without the name.

A routine sheet carries health information (cautions, notes). Encryption is
AES-256 (PDF 2.0 security handler, /V 5 /R 6), which qpdf, poppler, MuPDF and
pdf.js all open with the password. The permissions allow printing (full
quality) and text extraction for accessibility, and nothing else without the owner password, which is random and
never stored: the clinic keeps its unencrypted copy, the client gets a file
to read and print.

``private_title`` replaces the document title and every bookmark title, so a
file list, a mail client's preview or a PDF viewer's title bar does not show
the client's name; the pages themselves still greet the client by name.
"""

from __future__ import annotations

import io
import secrets

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

# Print (at full quality) and let screen readers extract text; no editing, copying or assembling. The
# reserved bits are set, as PDF 2.0 asks.
_P = UserAccessPermissions
PRINT_ONLY = _P.all() & ~(_P.MODIFY | _P.EXTRACT | _P.ADD_OR_MODIFY | _P.FILL_FORM_FIELDS | _P.ASSEMBLE_DOC)


def _retitle_outline(item: DictionaryObject | None, title: str) -> None:
    """Give every bookmark (first, next, and their children) the same neutral title."""
    seen: set[int] = set()
    stack = [item]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        node = node.get_object()
        if "/Title" in node:
            node[NameObject("/Title")] = TextStringObject(title)
        for key in ("/First", "/Next"):
            if key in node:
                stack.append(node[key])


def protect(pdf: bytes, *, password: str | None = None, private_title: str | None = None) -> bytes:
    """``pdf`` with its title and bookmarks made neutral and/or encrypted with ``password``."""
    if not password and private_title is None:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if private_title is not None:
        writer.add_metadata({"/Title": private_title})
        outlines = writer.root_object.get("/Outlines")
        if outlines is not None:
            _retitle_outline(outlines.get_object().get("/First"), private_title)
    if password:
        writer.pdf_header = b"%PDF-2.0"  # the AES-256 (revision 6) security handler is part of PDF 2.0
        writer.encrypt(user_password=password, owner_password=secrets.token_urlsafe(24),
                       permissions_flag=PRINT_ONLY, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
