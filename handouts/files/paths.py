"""Where the shipped defaults live, in a checkout and in an installed wheel.

In a checkout the defaults are the top-level ``data/`` and ``templates/``
folders; a wheel carries the same files as ``handouts/data`` and
``handouts/templates`` (see ``[tool.setuptools.package-dir]``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the handouts package folder
FONTS_DIR = PACKAGE_DIR / "fonts"


def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    checkout = PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"handouts is installed without its {name}/ folder")


@cache
def shipped_data() -> Path:
    """The default catalog folder."""
    return _shipped("data")


@cache
def shipped_docs() -> Path:
    """The guides shipped with the package (the story markup a template may produce)."""
    return _shipped("docs")


@cache
def shipped_templates() -> Path:
    """The default templates folder."""
    return _shipped("templates")


def display_path(path: Path) -> str:
    """A short, readable name for a file in messages: relative where that helps."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        pass
    for base in (shipped_data().parent, PACKAGE_DIR.parent):
        try:
            return str(path.resolve().relative_to(base))
        except ValueError:
            continue
    return str(path)


def find_in_template(path: Path | None, pattern: str) -> int | None:
    """First line of the template source matching ``pattern``, to point errors at it."""
    if path is None or not path.is_file():
        return None
    regex = re.compile(pattern)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if regex.search(line):
            return number
    return None


def find_element_line(path: Path | None, tag: str, attrs: dict[str, str], near: int) -> int | None:
    """The template line that most likely wrote the element ``<tag attrs>`` found on line ``near`` of the output.

    Several lines of a template may open the same element (a ``<p>`` on line 5
    and on line 9); the first is not necessarily the one at fault. Each line
    opening ``<tag`` scores by the attributes it writes literally as the output
    has them (``kind="cuation"``) or by name; among the best, the line nearest
    the output line wins (templates and their output keep roughly in step).
    """
    if path is None or not path.is_file():
        return None
    opener = re.compile(rf"<{re.escape(tag)}\b")
    best: tuple[int, int, int] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not opener.search(line):
            continue
        score = 0
        for name, value in attrs.items():
            if f'{name}="{value}"' in line or f"{name}='{value}'" in line:
                score += 2
            elif re.search(rf"\b{re.escape(name)}=", line):
                score += 1
        candidate = (-score, abs(number - near), number)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else None
