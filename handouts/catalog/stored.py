"""A parsed catalog kept on disk between processes, so a front-desk command starts without parsing YAML.

Loading the catalog (reading, parsing and validating a dozen YAML files and
the chart geometry) is most of what a single ``handouts sheet`` waits for.
A catalog that loaded without errors is pickled to the user's cache folder
under a key made of handouts' own code (size and time of the modules that
define and build a catalog, and of those at the package's top, where its
version is), Python's version, the language and the bytes of every file it
could have read (each data folder, whole, and the clinic file), so any
edit, added or removed file makes a new key and the old
entry is never read again. Only a catalog this process or an earlier one
made is ever read back; a file that cannot be read or unpickled is ignored
(the catalog is loaded from YAML instead). The folder is ``files.cache``'s.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from handouts.errors import InputError
from handouts.files.cache import code_folder, code_stamp, keep, key_hash, read_stored
from handouts.files.search_path import Workspace, find_logo

STORE = "catalogs"  # the kind of stored work (``files.cache``): <cache>/catalogs/<key>.pickle
KEEP = 32  # entries kept: a few clinics, languages and data edits; the oldest go first


def catalog_key(workspace: Workspace, language: str) -> str:
    """A hash of everything the catalog is made from: any change to the data gives a new key."""
    here = code_folder(__name__)
    digest = key_hash(f"{code_stamp(here.parent, here)}|{language}".encode())
    files = [str(workspace.clinic_file)] if workspace.clinic_file else []
    for folder in workspace.data_dirs:
        digest.update(f"|dir:{folder}".encode())
        files += data_files(folder)
    for path in files:
        digest.update(f"|{path}|".encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:40]


def data_files(folder: Path) -> list[str]:
    """Every file under ``folder``, as ``sorted(folder.rglob("*"))`` lists them (folders that are links not
    entered), as text: listed with ``os.walk``, as making a Path of every entry was half the key's cost."""
    found = (os.path.join(root, name) for root, _, names in os.walk(folder) for name in names)
    return sorted((path for path in found if os.path.isfile(path)), key=lambda path: path.split(os.sep))


def stored_or_loaded(workspace: Workspace, language: str, load: Callable[[Workspace, str], Any], kind: type) -> Any:
    """The stored catalog for these files (if its clinic's logo is still there), else ``load``'s, then stored.

    Either way its chart set carries the key as its ``digest`` (a name for
    everything the catalog holds, which the printable-character check is
    kept under) and a hash of its views alone as its ``geometry``: what the
    charts' label layouts are kept on disk under (``charts.layouts``), so
    that editing a clinic's wording does not place every chart's labels again.
    """
    key = catalog_key(workspace, language)
    catalog = read_stored(STORE, key)
    if isinstance(catalog, kind) and _logo_still_there(workspace, catalog):
        return catalog
    catalog = load(workspace, language)
    if catalog.charts is not None:
        charts = catalog.charts
        catalog = replace(catalog, charts=replace(charts, digest=key, geometry=geometry_key(charts)))
    keep(STORE, key, catalog, limit=KEEP)
    return catalog


def geometry_key(charts: Any) -> str:
    """A hash of a chart set's views alone: outlines, zone shapes, anchors, guides and their names.

    The views are dataclasses whose reprs hold every number and name in a
    fixed order (no sets), so the same geometry gets the same key in every
    process, whatever else the catalog's files hold.
    """
    return hashlib.sha256(repr(sorted(charts.views.items())).encode()).hexdigest()[:40]


def _logo_still_there(workspace: Workspace, catalog: Any) -> bool:
    """The logo a clinic file names is outside the data folders: checked again on every load."""
    if not (catalog.clinic.logo and workspace.clinic_file):
        return True
    try:
        find_logo(workspace, catalog.clinic.logo)
    except InputError:
        return False
    return True
