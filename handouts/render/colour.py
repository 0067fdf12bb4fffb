"""Colour management for print: every colour and image to CMYK through one ICC profile.

A naive RGB to CMYK formula gives numbers that a press (and any viewer that
honours the output profile) prints as a different colour: the brand teal came
out slate blue. Here brand colours, chart colours and images all go through
one transform, sRGB to the output profile, with Pillow's ImageCms (LittleCMS).

Neutral greys are the exception, on purpose: text, rules and a logo's black
are printed with black ink alone (``0 0 0 1 k`` for pure black), as print
shops expect, so thin type never shows colour fringes when plates shift. The
K value for a grey is the one the profile says matches its lightness.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageChops, ImageCms
from reportlab.lib.colors import CMYKColor, Color

from handouts.errors import InputError

BUNDLED_PROFILE = "artifex-cmyk-swop.icc"


@dataclass(frozen=True)
class OutputProfile:
    """A CMYK output profile: its bytes and the name a PDF's OutputIntent gives it."""

    data: bytes
    name: str


def bundled_profile() -> OutputProfile:
    """The CMYK profile shipped with handouts (see handouts/icc/README.md for its licence)."""
    data = resources.files("handouts.icc").joinpath(BUNDLED_PROFILE).read_bytes()
    return load_profile_bytes(data, BUNDLED_PROFILE)


def load_profile(path: Path) -> OutputProfile:
    """A clinic's or print shop's profile (``--icc FILE``): it must be an ICC profile for CMYK output."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the ICC profile: {exc.strerror}", file=str(path), field="--icc") from None
    return load_profile_bytes(data, str(path))


def load_profile_bytes(data: bytes, source: str) -> OutputProfile:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError):
        raise InputError("not an ICC profile", file=source, field="--icc",
                         hint="give a CMYK output profile (.icc or .icm) from your print shop") from None
    space = profile.profile.xcolor_space.strip()
    if space != "CMYK":
        raise InputError(f"the ICC profile is for {space}, not CMYK", file=source, field="--icc",
                         hint="give a CMYK output profile (.icc or .icm) from your print shop")
    name = (ImageCms.getProfileDescription(profile) or Path(source).stem).strip()
    result = OutputProfile(data, name)
    try:
        converter_for(result)(Color(0.2, 0.4, 0.4))  # a few v4 profiles load but fail in Pillow's transforms
    except (OSError, ImageCms.PyCMSError):
        raise InputError("this ICC profile cannot be used for conversion (LittleCMS cannot write it back)",
                         file=source, field="--icc", hint="try the print shop's ICC v2 version of the profile"
                         ) from None
    return result


class CmykConverter:
    """Converts ReportLab colours and Pillow images to CMYK through one output profile."""

    def __init__(self, profile: OutputProfile) -> None:
        self.profile = profile
        cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile.data))
        srgb = ImageCms.createProfile("sRGB")
        lab = ImageCms.createProfile("LAB")
        intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
        self._rgb_to_cmyk = ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK", renderingIntent=intent)
        self._black_for_grey = _k_for_grey(srgb, cmyk, lab, intent)

    def __call__(self, colour: Color) -> CMYKColor:
        """The CMYK for a colour the canvas sets (ReportLab's ``enforceColorSpace`` hook)."""
        if isinstance(colour, CMYKColor):
            return colour
        rgb = tuple(max(0, min(255, round(v * 255))) for v in (colour.red, colour.green, colour.blue))
        c, m, y, k = self._convert(rgb)  # type: ignore[arg-type]
        return CMYKColor(c, m, y, k, alpha=colour.alpha)

    @lru_cache(maxsize=1024)  # noqa: B019 - one converter per document; colours repeat thousands of times
    def _convert(self, rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
        if rgb[0] == rgb[1] == rgb[2]:
            return 0.0, 0.0, 0.0, round(self._black_for_grey[rgb[0]] / 255, 4)
        pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), self._rgb_to_cmyk)
        return tuple(round(v / 255, 4) for v in pixel.getpixel((0, 0)))  # type: ignore[return-value]

    def image(self, picture: Image.Image) -> Image.Image:
        """An RGB image in CMYK: colours through the profile, neutral pixels in black ink only."""
        rgb = picture.convert("RGB")
        out = ImageCms.applyTransform(rgb, self._rgb_to_cmyk)
        r, g, b = rgb.split()
        spread = ImageChops.lighter(ImageChops.difference(r, g), ImageChops.difference(g, b))
        neutral = spread.point(lambda v: 255 if v == 0 else 0)
        zero = Image.new("L", rgb.size, 0)
        black_only = Image.merge("CMYK", (zero, zero, zero, g.point(self._black_for_grey)))
        return Image.composite(black_only, out, neutral)


def _k_for_grey(srgb, cmyk, lab, intent) -> list[int]:
    """For each grey level 0..255, the black-ink value (0..255) the profile prints at the same lightness."""
    greys = Image.new("RGB", (256, 1))
    greys.putdata([(v, v, v) for v in range(256)])
    grey_l = ImageCms.applyTransform(greys, ImageCms.buildTransform(srgb, lab, "RGB", "LAB", intent)).split()[0]
    ramp = Image.new("CMYK", (256, 1))
    ramp.putdata([(0, 0, 0, k) for k in range(256)])
    ink_l = ImageCms.applyTransform(ramp, ImageCms.buildTransform(cmyk, lab, "CMYK", "LAB", intent)).split()[0]
    inks = [ink_l.getpixel((k, 0)) for k in range(256)]
    out = []
    for grey in range(256):
        level = grey_l.getpixel((grey, 0))
        out.append(min(range(256), key=lambda k: (abs(inks[k] - level), -k)))
    out[0], out[255] = 255, 0  # pure black is solid black ink; white is no ink at all
    return out


@lru_cache(maxsize=8)
def converter_for(profile: OutputProfile) -> CmykConverter:
    """One converter (and its transforms) per profile, reused across documents."""
    return CmykConverter(profile)
