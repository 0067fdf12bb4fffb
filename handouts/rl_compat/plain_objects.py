"""Plain values, text strings and object headers written in fewer steps, same bytes (part of the ``rl_compat`` wall).

Writing a sheet passes some hundred values through ReportLab's generic
``format`` (a class check, an attribute check and a comment check before
a number or a reference is written), ten text strings (title, author,
producer, ... each checked against PDFDocEncoding and escaped) and
twenty-seven object headers. Each installer here does the same in fewer
Python steps; ``tests/test_compat.py`` compares each with ReportLab's own.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfdoc

from handouts.rl_compat.numbers import numbers_text
from handouts.rl_compat.writers import _replace

STRINGS = 1024  # text strings kept formatted per process: a batch sheet has ten, half of them the clinic's


def quick_values() -> None:
    """Write bytes, ASCII-able text and plain numbers handed to ``pdfdoc.format`` without its checks.

    Relies on: ``pdfdoc.format(element, document, toplevel=0)`` (looked up
    by name inside pdfdoc, so replacing it there reaches every writer that
    calls it) passing bytes through, writing a plain ``int`` or ``float``
    as ``pdfdocEnc(fp_str(n))`` and a ``str`` as ``pdfdocEnc(s)``, and
    doing nothing else for them: its other checks are for ``PDFObject``\\ s.
    ``fp_str`` writes only ASCII digits, signs and points.
    """

    def make(original: Any) -> Any:
        def format_value(element: Any, document: Any, toplevel: int = 0) -> bytes:
            kind = type(element)
            if kind is bytes:
                return element
            if kind is int or kind is float:
                return numbers_text(element).encode("ascii")
            if kind is str:
                return pdfdoc.pdfdocEnc(element)
            return original(element, document, toplevel)
        return format_value

    _replace(pdfdoc, "format", make)


def kept_strings(limit: int = STRINGS) -> None:
    """Write a text string from the bytes made for the same text before, in a file that is not encrypted.

    The clinic's name, the producer, the creator and the language recur in
    every file, and the title twice in each (information and outline).
    Relies on: ``PDFString.format(document)`` depending only on the text
    (``s``), its ``enc``, ``escape`` and ``unicodeEncValid`` settings and,
    through ``document.encrypt``, on whether (and how) the file is
    encrypted: with ``NoEncryption`` not at all.
    """
    made: dict[tuple[Any, ...], bytes] = {}

    def make(original: Any) -> Any:
        def format_string(self: Any, document: Any) -> bytes:
            if type(self) is not pdfdoc.PDFString or type(document.encrypt) is not pdfdoc.NoEncryption:
                return original(self, document)
            key = (type(self.s), self.s, getattr(self, "enc", "auto"), getattr(self, "escape", 1),
                   self.unicodeEncValid)
            found = made.get(key)
            if found is None:
                if len(made) >= limit:
                    made.clear()
                found = made[key] = original(self, document)
            return found
        return format_string

    _replace(pdfdoc.PDFString, "format", make)


def quick_object_headers() -> None:
    """Write each object's ``n v obj`` header and ``endobj`` around its bytes in one step.

    Relies on: ``PDFIndirectObject.format(document)`` registering the
    object's number and version with ``document.encrypt`` and writing
    ``n v obj``, a newline, ``pdfdoc.format(content, document, toplevel=1)``,
    a newline unless that ends with one, and ``endobj`` and a newline;
    numbers and versions being ints (``PDFDocument.Reference`` makes them).
    """

    def make(original: Any) -> Any:
        def format_object(self: Any, document: Any) -> bytes:
            number, version = document.idToObjectNumberAndVersion[self.name]
            if type(number) is not int or type(version) is not int:
                return original(self, document)
            document.encrypt.register(number, version)
            content = pdfdoc.format(self.content, document, toplevel=1)
            end = b"endobj\n" if content.endswith(b"\n") else b"\nendobj\n"
            return b"%d %d obj\n%s%s" % (number, version, content, end)
        return format_object

    _replace(pdfdoc.PDFIndirectObject, "format", make)
