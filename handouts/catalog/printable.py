"""Every text source checked against the bundled font, not only the client's fields.

A clinic that types its name in Chinese into clinic.yaml, or a translator who
pastes an emoji into strings.yaml or a template, would otherwise get empty
boxes on every sheet while ``validate`` says OK. The check walks the clinic
data, the strings, every catalog entry and every template file, and names the
file and line where the character was written.
"""

from __future__ import annotations

import unicodedata
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from handouts.catalog.entries import Catalog, Record
from handouts.errors import CatalogError, HandoutsError, TemplateError
from handouts.files.cache import code_folder, content_key, keep, read_stored
from handouts.files.paths import display_path
from handouts.files.search_path import Workspace
from handouts.typeface import DISPLAY_NAME, charset, fonts_stamp

# catalogs already found clean in this process; weak, so that a reloaded catalog is never taken for a dead one
_CHECKED: weakref.WeakValueDictionary[int, Catalog] = weakref.WeakValueDictionary()
STORE = "printable"  # the kind of stored work (``files.cache``): clean results, <cache>/printable/<key>.pickle


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string inside ``value`` (models, dicts, lists), with a readable path to it."""
    if isinstance(value, Record):  # a catalog entry: its fields by name, in their order
        value = {name: getattr(value, name) for name in value.FIELDS}
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def _bad_char(text: str) -> str | None:
    table = charset()
    return next((ch for ch in text if ch not in "\n\t" and ord(ch) not in table), None)


def _locate(ch: str, files: list[Path]) -> tuple[str | None, int | None]:
    """The first file and line where ``ch`` was written."""
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            if ch in line:
                return display_path(file), number
    return None, None


def _describe(ch: str) -> str:
    return f"character '{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


def unprintable_sources(catalog: Catalog, workspace: Workspace) -> list[HandoutsError]:
    """One error per data field or template holding a character the bundled font cannot draw."""
    data_files = [workspace.clinic_file] if workspace.clinic_file else []
    for folder in workspace.data_dirs:
        data_files += sorted(folder.rglob("*.yaml"))
    errors: list[HandoutsError] = []
    sources = {"clinic": catalog.clinic, "strings": catalog.strings}
    sources.update({name: getattr(catalog, name) for name in
                    ("zones", "techniques", "goals", "complements", "cautions", "aftercare", "faq")})
    hint = f"the {DISPLAY_NAME} font draws Latin, Greek and Cyrillic; replace the character or leave it out"
    for name, value in sources.items():
        for path, text in _texts(value, name):
            ch = _bad_char(text)
            if ch:
                file, line = _locate(ch, [f for f in data_files if f.is_file()])
                errors.append(CatalogError(f"{_describe(ch)} cannot be printed", file=file, line=line,
                                           field=path, hint=hint))
    for folder in workspace.template_dirs:
        for template in sorted(folder.glob("*.j2")):
            try:
                lines = template.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for number, line in enumerate(lines, start=1):
                ch = _bad_char(line)
                if ch:
                    errors.append(TemplateError(f"{_describe(ch)} cannot be printed", file=display_path(template),
                                                line=number, hint=hint))
                    break
    return errors


def _clean_key(catalog: Catalog, workspace: Workspace) -> str | None:
    """The name under which "these texts all print" is kept: the catalog's content (its chart set's digest),
    every template's name and bytes, the fonts and this code; None for a catalog without a digest."""
    digest = getattr(catalog.charts, "digest", "")
    if not digest:
        return None
    import reportlab

    parts: list[str | bytes] = [digest, fonts_stamp(), f"reportlab {reportlab.Version}"]
    for folder in workspace.template_dirs:
        for template in sorted(folder.glob("*.j2")):
            try:
                parts += [str(template), template.read_bytes()]
            except OSError:
                return None
    return content_key(code_folder(__name__), *parts)


def check_sources(catalog: Catalog, workspace: Workspace) -> None:
    """Raise the first unprintable character in the clinic's data or templates.

    Checked once per catalog in a process; a clean result is also kept in the
    cache folder (``files.cache``) under ``_clean_key``, so a fresh process
    with the same data, templates and fonts does not walk every text again.
    """
    if _CHECKED.get(id(catalog)) is catalog:
        return
    key = _clean_key(catalog, workspace)
    if key is not None and read_stored(STORE, key) is True:
        _CHECKED[id(catalog)] = catalog
        return
    errors = unprintable_sources(catalog, workspace)
    if errors:
        raise errors[0]
    _CHECKED[id(catalog)] = catalog
    if key is not None:
        keep(STORE, key, True, limit=32)
