"""Each page's dictionary and content stream written in a few steps, same bytes (part of the ``rl_compat`` wall).

A sheet's own objects are its two pages and their operators. ReportLab
writes a page by building a catalog-style dictionary, a resource object, a
stream object with its own dictionary and a filter array, and formatting
each of them through its generic ``format``: some eighty Python calls for
a few hundred bytes whose shape never changes. Here the plain case (what
every canvas page is: no annotations, colour spaces, shadings, graphics
states or boxes) is written directly; anything else goes to ReportLab.
``tests/test_compat.py`` compares the two, byte for byte.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

from handouts.rl_compat.formatted import _plain
from handouts.rl_compat.numbers import numbers_text
from handouts.rl_compat.writers import _replace

# the page's optional entries that must be unset for the short path (Rotate and Trans are written when set)
_UNSET = tuple(name for name in pdfdoc.PDFPage.__NoDefault__
               if name not in ("Parent", "Contents", "Resources", "Rotate", "Trans", "Annots"))
_PROCS: dict[bool, bytes] = {}  # whether the page has images -> its ProcSet array, as ReportLab writes it


def _reference(document: Any, name: str) -> bytes:
    """``PDFObjectReference(name).format(document)``: ``n v R``."""
    return b"%d %d R" % document.idToObjectNumberAndVersion[name]


def _procs(document: Any, images: bool) -> bytes:
    """The ProcSet array of a page with (all five sets) or without images (PDF and Text), formatted once."""
    found = _PROCS.get(images)
    if found is None:
        procs = pdfdoc.PDFResourceDictionary.stdprocs
        found = _PROCS[images] = pdfdoc.format(pdfdoc.PDFArray(procs if images else procs[:2]), document)
    return found


def _plain_page(page: Any, document: Any) -> bool:
    """Whether ReportLab's ``check_format`` would give ``page`` only a box, a stream, fonts and forms."""
    return (not page.Override_default_compilation and not page.Contents and not page.Resources
            and bool(page.stream) and not page.Annots and not page.ExtGState and not page._colorsUsed
            and not page._shadingUsed and type(page.XObjects) in (type(None), pdfdoc.PDFDictionary)
            and type(page.Rotate) is int and type(page.Trans) is pdfdoc.PDFDictionary
            and "Type" not in page.__dict__ and not rl_config.pdfMultiLine and _plain(document)
            and all(getattr(page, name) is None for name in _UNSET))


def quick_pages() -> None:
    """Write a plain page's dictionary with its entries joined directly.

    Relies on: ``PDFPage.format`` (``PDFCatalog.format`` after
    ``check_format``) registering, for a page with no preset ``Contents``,
    ``Resources``, ``MediaBox`` or ``Parent``, first the page tree
    (``document.Pages``, as its ``Parent``) and then a new ``PDFStream`` of
    ``page.stream`` (filtered by ``PDFZCompress``, after ASCII85 when
    ``rl_config.useA85``, when ``page.compression``; commented "page
    stream"); and writing the sorted entries Contents, MediaBox (``0 0 w h``,
    turned for 90 and 270), Parent, Resources (Font: ``BasicFonts``,
    ProcSet, XObject: the page's forms), Rotate, Trans and Type ``/Page``,
    joined by spaces with ``\\n `` before the seventh, as ``PDFDictionary``
    writes a dictionary that is not multiline.
    """

    def make(original: Any) -> Any:
        def format_page(self: Any, document: Any) -> bytes:
            if not _plain_page(self, document):
                return format_page.original(self, document)  # looked up: a test counts these
            if not self.Parent:
                self.Parent = document.Reference(document.Pages)
            stream = pdfdoc.PDFStream()
            if self.compression:
                stream.filters = ([pdfdoc.PDFBase85Encode, pdfdoc.PDFZCompress] if rl_config.useA85
                                  else [pdfdoc.PDFZCompress])
            stream.content = self.stream
            stream.__Comment__ = "page stream"
            self.Contents = stream
            contents = document.Reference(stream).name
            parent = document.Reference(self.Parent).name
            width, height = (self.pageheight, self.pagewidth) if self.Rotate in (90, 270) else (
                self.pagewidth, self.pageheight)
            resources = b"<<\n/Font " + _reference(document, pdfdoc.BasicFonts) + b" /ProcSet " + _procs(
                document, bool(self.hasImages))
            if self.XObjects:
                resources += b" /XObject " + pdfdoc.format(self.XObjects, document)
            return b"".join((
                b"<<\n/Contents ", _reference(document, contents), b" /MediaBox [ ",
                numbers_text(0, 0, width, height).encode("ascii"), b" ] /Parent ", _reference(document, parent),
                b" /Resources ", resources, b"\n>> /Rotate ", numbers_text(self.Rotate).encode("ascii"), b" /Trans ",
                pdfdoc.format(self.Trans, document), b" \n  /Type /Page\n>>"))
        return format_page

    _replace(pdfdoc.PDFPage, "format", make)


def quick_streams() -> None:
    """Write a stream with nothing in its dictionary (a page's operators) without building that dictionary.

    Relies on: ``PDFStream.format(document)`` encoding the content through
    its filters (last listed first; the document's ``defaultStreamFilters``
    when it has none), then ``document.encrypt``, and writing the dictionary
    ``/Filter [ names ]`` and ``/Length n`` (sorted, on one line), the word
    ``stream``, the content and ``endstream``, each after a newline.
    """

    def make(original: Any) -> Any:
        def format_stream(self: Any, document: Any) -> bytes:
            filters = self.filters if self.filters is not None else document.defaultStreamFilters
            if self.dictionary.dict or not filters or self.content is None or not _plain(document) \
                    or rl_config.pdfMultiLine:
                return format_stream.original(self, document)  # looked up: a test counts these
            content = self.content
            for step in reversed(filters):
                content = step.encode(content)
            if type(content) is not bytes:
                return format_stream.original(self, document)
            names = b" /".join(step.pdfname.encode("ascii") for step in filters)
            return b"<<\n/Filter [ /%s ] /Length %d\n>>\nstream\n%sendstream\n" % (names, len(content), content)
        return format_stream

    _replace(pdfdoc.PDFStream, "format", make)
