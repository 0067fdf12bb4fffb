"""The one-step writers: ReportLab's PDF serialisation made cheaper, same bytes (part of the ``rl_compat`` wall).

Each installer replaces one of ReportLab's private writing steps (stream
compression, number arrays, dictionary keys, known text, PDFDocEncoding, font
subsets) with one that gives the same bytes in fewer Python steps; each says
what it relies on and ``tests/test_compat.py`` compares it with ReportLab's own.
``render.fonts.register_fonts`` installs them once per process.
"""

from __future__ import annotations

import re
from typing import Any

# id of each subset's bytes -> (those bytes, kept alive; the font's label and glyphs): which large streams are
# font programs, the only ones whose compressed form ``flate_streams`` keeps for the next process
_SUBSETS: dict[int, tuple[bytes, tuple[str, tuple[int, ...]]]] = {}


def memoize_subsets(face: Any, limit: int = 512, kept: Any = None, label: str = "") -> None:
    """Reuse the embedded font program made for a set of glyphs already subset in this process.

    ``kept`` (a ``files.kept_table.KeptTable``, named by the caller for the
    font files) also gives subsets an earlier process made, under ``label``
    and the glyphs, and keeps the new ones for the next.

    Relies on: ``TTFontFace.makeSubset(subset)`` being called by the document
    for each subset it embeds, and its result depending only on the glyphs.
    """
    build = face.makeSubset
    made: dict[tuple[int, ...], bytes] = {}

    def make_subset(subset):
        key = tuple(subset)
        found = made.get(key)
        if found is None:
            if len(made) >= limit:
                made.clear()
            stored = kept.get(("subset", label, key)) if kept is not None else None  # closed: holds nothing
            if isinstance(stored, bytes):
                found = stored
            else:
                found = build(subset)
                if kept is not None:
                    kept.add(("subset", label, key), found)
            made[key] = found
            if len(_SUBSETS) >= 4 * limit:
                _SUBSETS.clear()
            _SUBSETS[id(found)] = (found, (label, key))
        return found

    face.makeSubset = make_subset


def flate_streams(level: int, cache_from: int, cached_level: int = 9, limit: int = 256, kept: Any = None) -> None:
    """Compress every PDF stream at ``level``, and remember the output for large streams seen before.

    Most of what a sheet compresses is the same on every sheet: the memoised
    font subsets and the chart forms. Streams of ``cache_from`` bytes or more
    are compressed once per process, at ``cached_level`` (so they come out no
    larger than before), and the same bytes are reused; the rest at ``level``.
    ``kept`` (a ``files.kept_table.KeptTable``) also gives what an earlier
    process compressed of a font subset (``memoize_subsets``), and keeps the
    new ones; no other stream is kept, since a page's own holds the client's
    words. zlib's output depends only on its input and level, so files stay
    byte-for-byte reproducible.

    Relies on: ``pdfdoc.PDFZCompress``, the one Flate filter object every
    stream (pages, forms, font files) is given, encoding through its
    ``encode(text)`` method (text as str or bytes), and a font file stream
    being given the very bytes object ``makeSubset`` returned.
    """
    import zlib

    from reportlab.pdfbase import pdfdoc

    made: dict[bytes, bytes] = {}

    def encode(text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        if len(data) < cache_from:
            return zlib.compress(data, level)
        found = made.get(data)
        if found is None:
            if len(made) >= limit:
                made.clear()
            subset = _SUBSETS.get(id(data))
            keeping = kept is not None and subset is not None and subset[0] is data
            key = ("flate", cached_level, *subset[1]) if keeping else None
            stored = kept.get(key) if key is not None else None
            found = stored if isinstance(stored, bytes) else zlib.compress(data, cached_level)
            if key is not None and stored is not found:
                kept.add(key, found)
            made[data] = found
        return found

    pdfdoc.PDFZCompress.encode = encode


def _replace(owner: Any, name: str, make: Any) -> None:
    """Put ``make(original)`` in place of ``owner.name`` once (it keeps the original as ``.original``)."""
    original = getattr(owner, name)
    if not hasattr(original, "original"):
        replacement = make(original)
        replacement.original = original
        setattr(owner, name, replacement)


def fast_number_arrays() -> None:
    """Write PDF arrays of plain numbers (font widths: hundreds a file) in one call, not one call per number.

    Relies on: ``pdfdoc.PDFArray.format(document, IND)`` writing ``[ a b c ]``
    (numbers by ``fp_str``, joined by a space; past ten, an item of a line
    break and a space before every tenth) unless ``multiline`` is forced or
    on with ``rl_config.pdfMultiLine``. ``tests/test_compat.py`` compares them.
    """
    from reportlab import rl_config
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase import pdfdoc

    def make(original: Any) -> Any:
        def format_array(self: Any, document: Any, IND: bytes = b"\n ") -> bytes:
            seq = self.sequence
            if (not seq or (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced"
                    or any(type(e) not in (int, float) for e in seq)):
                return original(self, document, IND)
            groups = [fp_str(*seq[i:i + 10]) for i in range(0, len(seq), 10)]
            return b"[ " + " \n  ".join(groups).encode("latin-1") + b" ]"
        return format_array

    _replace(pdfdoc.PDFArray, "format", make)


def fast_dictionary_keys(limit: int = 4096) -> None:
    """Write PDF dictionary keys (the same few dozen in every file) from bytes made once per process.

    Relies on: ``pdfdoc.PDFDictionary.format(document, IND)`` writing ``<<``,
    a newline, entries ``format(PDFName(key)) + b" " + format(value)`` (keys
    sorted unless an OrderedDict) joined by ``IND`` when multiline is forced
    or on with ``pdfMultiLine``, else by spaces with an item ``b"\\n "`` before
    every sixth past the first six, a newline and ``>>``; a name's bytes
    not depending on the document. ``tests/test_compat.py`` compares them.
    """
    from collections import OrderedDict

    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    generic, name_of = pdfdoc.format, pdfdoc.PDFName
    names: dict[str, bytes] = {}

    def make(original: Any) -> Any:
        def format_dictionary(self: Any, document: Any, IND: bytes = b"\n ") -> bytes:
            entries = self.dict
            keys = list(entries.keys())
            if not isinstance(entries, OrderedDict):
                keys.sort()
            parts = []
            for key in keys:
                name = names.get(key)
                if name is None:
                    if len(names) >= limit:
                        names.clear()
                    name = names[key] = generic(name_of(key), document)
                parts.append(name + b" " + generic(entries[key], document))
            if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
                return b"<<\n" + IND.join(parts) + b"\n>>"
            for i in reversed(range(6, len(parts), 6)):
                parts.insert(i, b"\n ")
            return b"<<\n" + b" ".join(parts) + b"\n>>"
        return format_dictionary

    _replace(pdfdoc.PDFDictionary, "format", make)


def fast_known_text() -> None:
    """Encode text of characters a document already uses (most of a page's) in one step, not per character.

    Anything else (a new character, one the font lacks, a second subset of
    256 codes) goes through ReportLab's ``splitString``, which assigns codes.
    Relies on: ``TTFont.splitString(text, doc)`` returning ``[(subset, bytes)]``
    from ``self.state[doc].assignments`` (character -> code, subset = code >> 8),
    U+00A0 drawn as a space. ``tests/test_compat.py`` compares the two.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    def make(original: Any) -> Any:
        def split_string(self: Any, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
            state = self.state.get(doc) if isinstance(text, str) and text else None
            if state is not None:
                try:  # KeyError: a character not assigned yet; ValueError: a code past the first subset
                    return [(0, bytes(map(state.assignments.__getitem__, map(ord, text.replace("\xa0", " ")))))]
                except (KeyError, ValueError):
                    pass
            return original(self, text, doc, encoding)
        return split_string

    _replace(TTFont, "splitString", make)


_NO_PDFDOC_CODE = re.compile("[\x18-\x1f]")  # ASCII characters PDFDocEncoding has no code for
_NO_PDFDOC_BYTES = tuple(range(0x18, 0x20))  # the same, as byte values: each found by a memchr scan
_LONG = 256  # characters: past this, eight memchr scans of the bytes beat one pattern scan of the text


def fast_pdfdoc_text() -> None:
    """Encode ASCII text (a file's structure, every chart form's operators) to PDFDocEncoding in one step.

    ReportLab's codec is a charmap looked up per character: encoding the chart
    forms' operators again in every file was a twentieth of a batch sheet.
    Relies on: ``pdfdoc.pdfdocEnc(x)`` (looked up by name inside pdfdoc)
    encoding str with the 'extpdfdoc' codec and passing anything else through;
    that codec giving every ASCII character its own byte except U+0018..U+001F,
    which it refuses (and still does: they take ReportLab's path). Long text
    is checked for those eight by ``bytes.__contains__`` (a memchr scan each)
    rather than by a pattern, which steps through it a character at a time.
    ``tests/test_compat.py`` compares all 128, in short and in long text.
    """
    from reportlab.pdfbase import pdfdoc

    def make(original: Any) -> Any:
        def encode(x: Any) -> Any:
            if type(x) is str and x.isascii():
                if len(x) < _LONG:
                    if not _NO_PDFDOC_CODE.search(x):
                        return x.encode("ascii")
                else:  # a form's operators (tens of KB, every file): the pattern scan was 30 times slower
                    data = x.encode("ascii")
                    if not any(code in data for code in _NO_PDFDOC_BYTES):
                        return data
            return original(x)
        return encode

    _replace(pdfdoc, "pdfdocEnc", make)
