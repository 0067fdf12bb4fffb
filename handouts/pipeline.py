"""The whole sheet pipeline for one client: intake -> plan -> compose -> render.

The CLI and the batch runner both call ``build_sheet``, so a sheet made at the
front desk and the same client's sheet in a batch are the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from handouts.catalog.loader import load_catalog
from handouts.catalog.source import YamlSource, load_yaml
from handouts.errors import HandoutsError, InputError
from handouts.intake import Client, make_client
from handouts.plan.planner import make_plan
from handouts.workspace import Workspace


def forget_cached() -> None:
    """Drop the loaded catalogs and template environments, so edits made since are seen.

    Each command runs in a fresh process, so this matters only to long-lived
    callers (a batch started twice in one process, tests).
    """
    from handouts.compose.environment import make_environment

    load_catalog.cache_clear()
    make_environment.cache_clear()


def available_languages(workspace: Workspace) -> tuple[str, ...]:
    """English plus every language with a ``locales/<code>/`` folder."""
    found = {"en"}
    for folder in workspace.data_dirs:
        locales = folder / "locales"
        if locales.is_dir():
            found.update(p.name for p in locales.iterdir() if p.is_dir())
    return tuple(sorted(found))


MAX_CLIENT_FILE_BYTES = 256 * 1024  # one client's YAML file: notes are capped far below this
MAX_CLIENT_LIST_BYTES = 8 * 1024 * 1024  # a YAML client list (CSV lists are streamed and not limited)


def read_input_yaml(path: Path, max_bytes: int = MAX_CLIENT_FILE_BYTES) -> YamlSource:
    """A YAML file of client details; a syntax error in it is the user's input error."""
    try:
        return load_yaml(path, str(path), max_bytes=max_bytes)
    except HandoutsError as exc:
        raise InputError(exc.message, file=exc.file, line=exc.line, hint=exc.hint) from None


def read_client_file(path: Path) -> YamlSource:
    """A client YAML file: a mapping of client fields."""
    if not path.is_file():
        raise InputError(f"client file '{path}' not found")
    src = read_input_yaml(path)
    if not isinstance(src.data, dict):
        raise InputError("expected client details as 'field: value' lines (name, goals, ...)", file=str(path), line=1)
    return src


def build_client(workspace: Workspace, raw: Mapping[str, Any], *, source: YamlSource | None = None,
                 file: str | None = None, row: int | None = None, line: int | None = None) -> Client:
    """Check a client's raw fields; errors point at the file line or row where possible."""
    catalog = load_catalog(workspace, "en")
    try:
        return make_client(raw, catalog, languages=available_languages(workspace), file=file, row=row, line=line)
    except InputError as exc:
        if source is not None and exc.field and exc.line is None:
            key = exc.field if exc.field in (source.data or {}) else exc.field.rstrip("s")
            exc.line = source.line_of((key,)) if key in source.data else None
        raise


def private_title(workspace: Workspace, client: Client) -> str:
    """The title and bookmark of a sheet with private metadata: the sheet's kind and the client's id only."""
    title = load_catalog(workspace, client.language).strings.get("sheet_title", "Foot care routine")
    return f"{title} {client.id}".strip()


def private_stem(client: Client, fallback: str = "") -> str:
    """A file name stem without the client's name: the id, else ``fallback`` (e.g. the row), else a short hash."""
    import hashlib

    from handouts.output import slugify

    if client.id:
        return slugify(client.id, "id")
    if fallback:
        return fallback
    return "sheet-" + hashlib.sha256(f"{client.name}|{client.date}".encode()).hexdigest()[:10]


def build_sheet(workspace: Workspace, client: Client) -> bytes:
    """The routine sheet PDF for an already-checked client."""
    from handouts.render.glyphs import check_sources
    from handouts.render.sheet import render_sheet  # ReportLab loads only when drawing

    catalog = load_catalog(workspace, client.language)
    check_sources(catalog, workspace)
    return render_sheet(catalog, workspace, make_plan(catalog, client))
