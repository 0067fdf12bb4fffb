"""PDF objects formatted once per process: font subsets' objects and forms, the same in every sheet (``rl_compat``).

Saving a sheet formatted again, in every file, what the last file held
already: the three font subsets' widths, ToUnicode maps, descriptors and
font programs, and the chart's forms: saving a batch sheet took 10.3 million
instructions, 3.0 million with these (callgrind, inside ``GetPDFData``).
Each object here is formatted by ReportLab the first time and its bytes
are reused after that, under a key that names everything they depend on:
their content and the numbers of the objects they refer to. Files stay
byte-for-byte what ReportLab writes; ``tests/test_compat_formatted.py``
compares them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap

LIMIT = 512  # formatted objects kept per process (a few MB at most): 640 batch sheets kept 199, 1 MB
# key -> formatted bytes; shared by the font objects and the forms (their keys start with their kind)
_FORMATTED: dict[tuple[Any, ...], bytes] = {}


def _remember(key: tuple[Any, ...], make: Callable[[], bytes]) -> bytes:
    """The bytes kept under ``key``, made by ``make()`` the first time."""
    found = _FORMATTED.get(key)
    if found is None:
        if len(_FORMATTED) >= LIMIT:
            _FORMATTED.clear()
        found = _FORMATTED[key] = make()
    return found


def _plain(document: Any) -> bool:
    """Whether ``document`` writes objects as they are: no encryption (it encodes by object number), and no
    comments (they name each object's class)."""
    return (isinstance(document.encrypt, pdfdoc.NoEncryption)
            and not (rl_config.pdfComments and not rl_config.invariant))


class KeptObject(pdfdoc.PDFObject):
    """A top-level object whose bytes depend only on ``key`` and on the numbers of the objects ``refs`` names.

    ``make()`` builds the ReportLab object itself; it is called only when the
    bytes are not kept yet, or when the document encrypts (then every time).
    """

    __RefOnly__ = 1  # like a stream or a font object: always written as an object of its own, referred to

    def __init__(self, key: tuple[Any, ...], make: Callable[[], Any], refs: tuple[str, ...] = ()) -> None:
        self.key, self.make, self.refs = key, make, refs

    def format(self, document: Any) -> bytes:
        if not _plain(document):
            return self.make().format(document)
        numbers = document.idToObjectNumberAndVersion
        key = (*self.key, rl_config.pdfMultiLine, pdfdoc.PDFZCompress.__dict__.get("encode"),
               *(numbers[name] for name in self.refs))
        return _remember(key, lambda: self.make().format(document))


def kept_font_objects() -> None:
    """Write each font subset's four objects from bytes kept for the same font and characters.

    Replaces ``TTFont.addObjects`` with one that registers the same objects,
    under the same names and in the same order (so with the same numbers):
    per subset its ToUnicode map, font program, font descriptor and font
    object. The widths (one ``getCharWidth`` per character) and the map's
    text are only worked out when the bytes are not kept yet.

    Relies on: ``TTFont.addObjects(doc)`` doing that for each subset of
    ``self.state[doc]`` (the document's ``delayedFonts`` call it at save),
    the names and contents of ReportLab 5.1's ``addObjects`` and
    ``TTFontFace.addSubsetObjects``, the font dictionary being found in
    ``doc.idToObject['BasicFonts']``; and the state being dropped after.
    """

    def make(original: Any) -> Any:
        def add_objects(self: Any, doc: Any) -> None:
            state = self.state.get(doc)
            if state is None or not doc.compression or not _plain(doc) or getattr(self.face, "_full_font", None):
                return original(self, doc)  # nothing drawn, plain streams, encrypted or commented, the whole font
            state.frozen = 1
            fonts = doc.idToObject["BasicFonts"].dict
            for n, subset in enumerate(state.subsets):
                internal = self.getSubsetInternalName(n, doc)[1:]
                base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
                fonts[internal] = _subset_objects(self, doc, internal, base, tuple(subset))
                fonts[internal].__Comment__ = f"Font {self.fontName} subset {n}"
            del self.state[doc]
        return add_objects

    from handouts.rl_compat.writers import _replace

    _replace(TTFont, "addObjects", make)


def _subset_objects(font: Any, doc: Any, internal: str, base: str, subset: tuple[int, ...]) -> KeptObject:
    """Register one subset's objects in ``doc`` (as ``addObjects`` orders them) and return its font object."""
    face = font.face

    def cmap() -> Any:
        return pdfdoc.PDFStream(content=makeToUnicodeCMap(base, list(subset)), filters=[pdfdoc.PDFZCompress])

    def program() -> Any:
        stream = pdfdoc.PDFStream(content=face.makeSubset(list(subset)), filters=[pdfdoc.PDFZCompress])
        stream.dictionary["Length1"] = len(stream.content)
        return stream

    cmap_name, file_name, descriptor_name = (f"toUnicodeCMap:{base}", f"fontFile:{face.filename}({base})",
                                             f"fontDescriptor:{base}")
    doc.Reference(KeptObject(("cmap", base, subset), cmap), cmap_name)
    doc.Reference(KeptObject(("program", face, subset), program), file_name)

    def descriptor() -> Any:
        flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        return pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
            "Descent": face.descent, "Flags": flags, "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(base), "ItalicAngle": face.italicAngle, "StemV": face.stemV,
            "FontFile2": pdfdoc.PDFObjectReference(file_name), "MissingWidth": face.defaultWidth})

    doc.Reference(KeptObject(("descriptor", face, base), descriptor, (file_name,)), descriptor_name)

    def font_object() -> Any:
        made = pdfdoc.PDFTrueTypeFont()
        made.Name, made.BaseFont, made.FirstChar, made.LastChar = internal, base, 0, len(subset) - 1
        made.Widths = pdfdoc.PDFArray(list(map(face.getCharWidth, subset)))
        made.ToUnicode = pdfdoc.PDFObjectReference(cmap_name)
        made.FontDescriptor = pdfdoc.PDFObjectReference(descriptor_name)
        return made

    found = KeptObject(("font", face, internal, base, subset), font_object, (cmap_name, descriptor_name))
    doc.Reference(found, internal)
    return found



def kept_forms() -> None:
    """Write a form XObject (the chart's outlines and zones: the same in most sheets) from bytes kept for it.

    A form's bytes depend on its operators, box, compression, resources and
    the number of the fonts dictionary its resources refer to; a form with
    anything else set (its own resources, forms it draws, annotations, a
    matrix) is written by ReportLab as before.

    Relies on: ``PDFFormXObject.format(document)`` building, from an unset
    ``Contents``, ``Resources``, ``BBox`` and ``Matrix``, a stream of
    ``self.stream`` (filtered when ``self.compression``, through ``PDFZCompress``
    and ASCII85 when ``rl_config.useA85``) whose resources are the
    ``BasicFonts`` dictionary and the procedure sets (all of them when
    ``hasImages``), the box from ``lowerx .. uppery`` and the unit matrix.
    """

    def make(original: Any) -> Any:
        def format_form(self: Any, document: Any) -> bytes:
            if (self.Contents or self.Resources or self.BBox or self.Matrix or self.XObjects or self.Annots
                    or not self.stream or not _plain(document)):
                return original(self, document)
            key = ("form", self.stream, self.lowerx, self.lowery, self.upperx, self.uppery, self.compression,
                   rl_config.useA85, self.hasImages, rl_config.pdfMultiLine,
                   pdfdoc.PDFZCompress.__dict__.get("encode"),
                   document.idToObjectNumberAndVersion[pdfdoc.BasicFonts])
            return _remember(key, lambda: original(self, document))
        return format_form

    from handouts.rl_compat.writers import _replace

    _replace(pdfdoc.PDFFormXObject, "format", make)
