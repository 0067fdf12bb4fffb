"""Reading a clinic's logo file safely.

A logo is whatever file the clinic dropped in its folder: a text file named
``.png``, an SVG cut short by a failed download, or a tiny PNG that claims to
be 100,000 x 100,000 pixels (a "decompression bomb" that would take gigabytes
to unpack). Each becomes one clear error naming the file, never a traceback.
Text in an SVG logo is set in the bundled font, so that no standard PDF font
(Helvetica, which svglib uses for ``sans-serif`` or no family) is ever named
in the file.

ReportLab's graphics modules are imported only where a drawing is made or
drawn: a fresh ``handouts sheet`` whose logo's operators are kept
(``_kept_operators``) writes them without loading them.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.errors import InputError
from handouts.files.cache import code_folder, content_key, file_stamp, keep, read_stored
from handouts.render.fonts import BOLD, REGULAR
from handouts.rl_compat import (
    ask_pdf_version,
    canvas_code_mark,
    canvas_code_replay,
    canvas_code_since,
    canvas_colour_space,
    pdf_version_asked,
    plain_paths,
)

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

MAX_LOGO_BYTES = 10 * 1024 * 1024  # a logo file
MAX_LOGO_PIXELS = 25_000_000  # width x height of a PNG or JPEG logo (5000 x 5000)


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the logo ({exc.strerror})", file=str(path), field="logo") from None
    if size > MAX_LOGO_BYTES:
        raise InputError(f"the logo file is larger than {MAX_LOGO_BYTES // (1024 * 1024)} MB", file=str(path),
                         field="logo", hint="save a smaller version")


def _bundled_fonts(node: Any) -> None:
    """Point every text in the drawing at the bundled font (bold where the SVG asked for bold)."""
    from reportlab.graphics.shapes import Drawing, Group, String

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, String):
            item.fontName = BOLD if "bold" in str(item.fontName).lower() else REGULAR
        elif isinstance(item, Group | Drawing):
            stack.extend(item.contents)


def _no_doctype(*args: object) -> None:
    raise ValueError("a DOCTYPE or entity declaration")


def _check_svg_xml(path: Path) -> None:
    """Parse strictly first: a cut-short file fails here (svglib would quietly draw part of it), and so
    does any DOCTYPE or entity declaration (the way XML "billion laughs" bombs are built)."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    try:
        parser.Parse(path.read_bytes(), True)
    except (xml.parsers.expat.ExpatError, ValueError) as exc:
        raise InputError(f"the logo is not a complete, plain SVG file ({str(exc)[:80]})", file=str(path),
                         field="logo", hint="open it in a browser to check, or export it again") from None


def read_svg(path: Path) -> Drawing:
    """An SVG logo as a ReportLab drawing, its text in the bundled font."""
    from svglib.svglib import svg2rlg

    _check_size(path)
    _check_svg_xml(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            drawing = svg2rlg(str(path))
    except Exception:  # svglib and its XML parser raise many kinds for a broken file
        drawing = None
    if drawing is None or not drawing.width or not drawing.height:
        raise InputError("the logo could not be read as SVG (is the file complete?)", file=str(path),
                         field="logo", hint="open it in a browser to check, or export it again")
    _bundled_fonts(drawing)
    return drawing


def read_image(path: Path, data: bytes | None = None) -> Any:
    """A PNG or JPEG logo as an RGBA Pillow image, refusing broken files and oversized pictures.

    ``data``, when given, is the file's bytes as already read: the picture is
    then decoded from exactly the bytes its cache entry is named for.
    """
    from PIL import Image as PILImage

    _check_size(path)
    try:
        with PILImage.open(path if data is None else io.BytesIO(data)) as raw:
            width, height = raw.size
            if width * height > MAX_LOGO_PIXELS:
                raise InputError(f"the logo is {width:,} x {height:,} pixels", file=str(path), field="logo",
                                 hint=f"use at most {MAX_LOGO_PIXELS:,} pixels in all, e.g. 1000 x 1000")
            return raw.convert("RGBA")
    except InputError:
        raise
    except PILImage.DecompressionBombError:
        raise InputError("the logo claims more pixels than any logo needs", file=str(path), field="logo",
                         hint=f"use at most {MAX_LOGO_PIXELS:,} pixels in all, e.g. 1000 x 1000") from None
    except (OSError, ValueError, SyntaxError):
        raise InputError(f"the logo is not a readable {path.suffix.lstrip('.').upper()} picture", file=str(path),
                         field="logo", hint="open it in an image viewer to check, or export it again") from None


def flat_picture(path: Path, data: bytes | None = None) -> Any:
    """A PNG or JPEG logo as an RGB picture, its transparency laid onto white paper (``data``: see read_image)."""
    from PIL import Image as PILImage

    picture = read_image(path, data)
    flat = PILImage.new("RGB", picture.size, (255, 255, 255))
    flat.paste(picture, mask=picture.split()[3])
    return flat


def _loaded(path: Path) -> Any:
    """The logo ready to draw: a Drawing (SVG) or an ImageReader over the picture flattened onto white."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return _stored_svg(path)
    if suffix not in (".png", ".jpg", ".jpeg"):
        raise InputError(f"logo format '{suffix}' is not supported", file=str(path), field="logo",
                         hint="use PNG, JPEG or SVG")
    return _stored_picture(path)


PICTURES = "logo-pictures"  # the kind of stored work (``files.cache``): a flattened PNG or JPEG logo's pixels
MAX_KEPT_PIXELS = 2_000_000  # width x height of a picture worth keeping (6 MB of RGB); larger ones are decoded


def _decoder_code() -> str:
    """Pillow's image and PNG/JPEG decoding modules (found without importing it) by name, size and time:
    they decide the pixels a logo file becomes; an upgrade changes its version file and binary module."""
    import importlib.util

    spec = importlib.util.find_spec("PIL")
    if spec is None or not spec.origin:
        return ""
    folder = Path(spec.origin).parent
    modules = [folder / name for name in ("_version.py", "Image.py", "ImageFile.py", "PngImagePlugin.py",
                                          "JpegImagePlugin.py")]
    try:
        return "|".join(file_stamp(p) for p in [*modules, *sorted(folder.glob("_imaging.*"))])
    except OSError:
        return ""


def _stored_picture(path: Path) -> Any:
    """A PNG or JPEG logo flattened onto white, ready to draw; its pixels kept in the user's cache.

    Importing Pillow, decoding the file and flattening it was a tenth of a
    fresh sheet's work for a clinic with a PNG logo, the same every time.
    The entry is named for the file's bytes, handouts' render code and
    Pillow's decoders; a hit is drawn through ``rl_compat.images`` without
    Pillow, writing the same bytes. Anything unusual (no cache, a file that
    cannot be read, a damaged entry) decodes the file as before, with its errors.
    """
    from reportlab.lib.utils import ImageReader

    _check_size(path)
    try:
        data = path.read_bytes()
    except OSError:
        return ImageReader(flat_picture(path))  # Pillow names the problem as before
    key = content_key(code_folder(__name__), _decoder_code(), data)
    kept = read_stored(PICTURES, key)
    if isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[2], bytes):
        from handouts.rl_compat.images import PixelReader

        with contextlib.suppress(TypeError, ValueError):
            return PixelReader(*kept)
    flat = flat_picture(path, data)
    if flat.width * flat.height <= MAX_KEPT_PIXELS:
        keep(PICTURES, key, (flat.width, flat.height, flat.tobytes()), limit=8)
    return ImageReader(flat)


def _converter_code() -> str:
    """The installed svglib's modules (found without importing it) by name, size and time, as ``code_stamp``
    names handouts' own: its code decides what a drawing holds (hashing its 160 KB cost a cold sheet more)."""
    import importlib.util

    spec = importlib.util.find_spec("svglib")
    if spec is None or not spec.origin:
        return ""
    return "|".join(file_stamp(p) for p in sorted(Path(spec.origin).parent.glob("*.py")))


def _svg_key(data: bytes) -> str:
    """The name of an SVG logo's stored work: its bytes, handouts' render code, ReportLab's version, svglib's code."""
    from reportlab import Version

    return content_key(code_folder(__name__), f"reportlab {Version}", _converter_code(), data)


def _stored_svg(path: Path) -> Drawing:
    """An SVG logo as a drawing, kept in the user's cache (``files.cache``) under a hash of the file's bytes.

    Converting SVG loads svglib and lxml and parses the file: a good part of a
    single ``handouts sheet``'s wait, for the same logo every time. The key
    also covers handouts' code, ReportLab's version and svglib's code.
    """
    from reportlab.graphics.shapes import Drawing

    _check_size(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the logo ({exc.strerror})", file=str(path), field="logo") from None
    key = _svg_key(data)
    drawing = read_stored("logos", key)
    if isinstance(drawing, Drawing):
        return drawing
    drawing = read_svg(path)
    drawing.initialFontName = REGULAR  # the Drawing's default would name Helvetica in the file
    keep("logos", key, drawing, limit=8)
    return drawing


_CACHE: dict[tuple[str, int, int], Any] = {}


def letterhead_logo(path: Path) -> Any:
    """The logo for letterheads, read once per process per version of the file (a batch draws it per sheet)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read the logo ({exc.strerror})", file=str(path), field="logo") from None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        _CACHE.clear()  # one clinic per process in practice; never grow without bound
        _CACHE[key] = _loaded(path)
    return _CACHE[key]


# An SVG logo's drawing operators, made once per process (converting the drawing is most of a letterhead's
# cost) and written again into each PDF, when they are only paths and colours: no font, image, transparency
# or other named resource that would have to be defined in each file. The drawing is kept with them, and the
# PDF version drawing it asked for (an opacity of 1 writes nothing but still asks for 1.4).
_DRAWN: dict[tuple[int, Any], tuple[Drawing, list[str], tuple[int, int]]] = {}

OPERATORS = "logo-operators"  # the kind of stored work (``files.cache``): an SVG logo's size and PDF operators
# the drawing's width and height, its operators joined into one string, the PDF version drawing it asked for
Kept = tuple[float, float, list[str], tuple[int, int]]
# per logo file (path, time, size): what the user's cache holds for it, or None; looked up once per process
_KEPT: dict[tuple[str, int, int], Kept | None] = {}


def _kept_operators(path: Path) -> Kept | None:
    """An SVG logo's size and operators as an earlier process drew them, if kept (``_keep_operators``).

    Anything unusual (no cache, a file that cannot be read or is too large, a
    damaged entry) is None, and the logo is read and drawn as before, with
    its errors. The entry is named for the file's bytes (``_svg_key``).
    """
    try:
        info = path.stat()
        memo = (str(path), info.st_mtime_ns, info.st_size)
        if memo not in _KEPT:
            _KEPT.clear()  # one logo per process in practice
            data = path.read_bytes() if info.st_size <= MAX_LOGO_BYTES else b""
            found = read_stored(OPERATORS, _svg_key(data)) if data else None
            plain = isinstance(found, tuple) and len(found) == 4 and all(isinstance(v, str) for v in found[2])
            _KEPT[memo] = found if plain and found[0] > 0 and found[1] > 0 and len(found[3]) == 2 else None
        return _KEPT[memo]
    except (OSError, TypeError, ValueError):
        return None


def _keep_operators(path: Path, drawn: Kept) -> None:
    """Keep an SVG logo's size and plain-path operators for the next process (``_kept_operators``)."""
    try:
        info = path.stat()
        data = path.read_bytes()
    except OSError:
        return
    keep(OPERATORS, _svg_key(data), drawn, limit=8)
    _KEPT.clear()
    _KEPT[(str(path), info.st_mtime_ns, info.st_size)] = drawn


def _place(canv: Any, width: float, height: float, left: float, top: float, max_w: float, max_h: float) -> float:
    """Move and scale the canvas so that a width x height drawing fits max_w x max_h at (left, top); its scale."""
    scale = min(max_w / width, max_h / height)
    canv.translate(left, top - height * scale)
    canv.scale(scale, scale)
    return scale


def draw_logo(canv: Any, path: Path, left: float, top: float, max_w: float, max_h: float) -> float:
    """Draw the logo with its top-left corner at (left, top), fitted into max_w x max_h; return its width.

    An SVG logo whose operators are plain paths is drawn once and then
    written again: within a process from ``_DRAWN``, and, on a canvas without
    a colour hook (``--cmyk`` sets one), in later processes from the user's
    cache, without converting the drawing or loading ReportLab's graphics.
    """
    space = canvas_colour_space(canv)
    kept = _kept_operators(path) if space is None and path.suffix.lower() == ".svg" else None
    if kept is not None:
        canv.saveState()
        scale = _place(canv, kept[0], kept[1], left, top, max_w, max_h)
        canvas_code_replay(canv, kept[2])
        ask_pdf_version(canv, kept[3])
        canv.restoreState()
        return kept[0] * scale
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing

    logo = letterhead_logo(path)
    if isinstance(logo, Drawing):
        canv.saveState()
        scale = _place(canv, logo.width, logo.height, left, top, max_w, max_h)
        key = (id(logo), space)
        found = _DRAWN.get(key)
        if found is not None and found[0] is logo:
            canvas_code_replay(canv, found[1])
            ask_pdf_version(canv, found[2])
        else:
            start = canvas_code_mark(canv)
            version = pdf_version_asked(canv, lambda: renderPDF.draw(logo, canv, 0, 0))
            code = canvas_code_since(canv, start)
            _DRAWN.clear()  # one logo per process in practice
            if plain_paths(code):
                joined = ["\n".join(code)]  # written joined by newlines, as a page's operators are
                _DRAWN[key] = (logo, joined, version)
                if space is None:
                    _keep_operators(path, (logo.width, logo.height, joined, version))
        canv.restoreState()
        return logo.width * scale
    width, height = logo.getSize()
    scale = min(max_w / width, max_h / height)
    canv.drawImage(logo, left, top - height * scale, width * scale, height * scale)
    return width * scale
