"""The wall around pypdf's internals: every private pypdf API handouts uses, and nowhere else.

Each names the public behaviour it relies on; ``tests/test_compat.py``
checks each, so an upgrade that changes one fails there. The tested range is
pinned in ``pyproject.toml``.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import IndirectObject, PdfObject

__all__ = ["add_object"]


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Add ``obj`` to the file as an indirect object and return a reference to it.

    Relies on ``PdfWriter._add_object`` (what ``add_page`` and friends use to
    register objects); pypdf has no public equivalent for a free-standing object.
    """
    return writer._add_object(obj)

