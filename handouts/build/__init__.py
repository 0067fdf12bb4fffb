"""Build: the ONE place that chains intake -> plan -> compose -> render -> post.

Every front end (the CLI, the batch workers, a web front desk, the benchmarks)
calls these functions and nothing below them, so a sheet made anywhere is the
same bytes. Each call takes typed values and returns PDF bytes; none of them
touches the terminal or chooses where a file goes (``Built.stem`` is only a
suggestion). User mistakes raise ``handouts.errors.HandoutsError`` (with file,
row, line, field and hint where known); nothing else is expected.

API
---
``open_workspace(clinic_dir=None, data_dir=None, templates_dir=None, cwd=None) -> Workspace``
    The search path for a clinic: given folders, then the clinic folder, then the defaults.
``read_client_file(path) -> YamlSource``
    A client's YAML file (size-capped; a syntax error is an input error with its line); ``.data`` is the raw mapping.
``check_client(workspace, raw, *, source=None, file=None, row=None, line=None) -> Client``
    Check a client's raw fields (a mapping like a client YAML file: name, goals,
    conditions, minutes, pressure, therapist, date, notes, language, page_size,
    large_print, id). Every field is checked here, printable characters included.
``check_password(password, **where) -> str``
    A PDF password as given (flag, file, form): not empty, at most 127 bytes, no control characters.
``build_sheet(workspace, client, *, password=None, private=False) -> Built``
    The routine sheet; ``password`` encrypts it (AES-256); ``private`` keeps the
    client's name out of title, bookmarks and the suggested file stem.
``build_chart(workspace, *, views=None, zones=(), goals=(), labels="all", page_size=None) -> Built``
    The foot chart poster: ``views`` default to all; ``zones`` and every zone of ``goals`` in the accent
    colour; ``labels`` is all, highlighted or numbers; ``page_size`` a4, letter or a3.
``build_brochure(workspace, *, layout="trifold", page_size=None, options=None) -> Built``
    The print-ready brochure; ``options`` is a ``PrintOptions`` (bleed, crop marks, CMYK, profile).
``print_options(*, bleed_mm=0.0, crop_marks=False, cmyk=False, icc=None, impose=True) -> PrintOptions``
    Brochure print options from the units people use (bleed in mm, an .icc file path).
``build_chunk(workspace, clients, titles=None) -> Chunk``
    Several clients' sheets drawn as one document: each sheet on an odd page, bookmarked, padded to even.
``check_workspace(workspace) -> (problems, sheets)``
    Every data, template and consistency problem at once (``handouts validate``).
``CombinedFile(workspace, target, list_name)``
    A batch's print file from the clients' own sheets (``add`` each in row order, then ``finish``): nothing drawn twice.
``sheet_pdf(workspace, client) -> bytes``, ``protect_pdf(pdf, *, password=None, private_title=None) -> bytes``
    The two halves of ``build_sheet`` (a batch draws in workers and names files in the parent).
``sheet_from_plan(catalog, workspace, plan, probe=None)``, ``chart_pdf(catalog, workspace, *, views, highlight, ...)``
    Lower-level entries for tests and benchmarks that hold a plan or lit zones already (no checks).
``private_title(workspace, client)``, ``private_stem(client, fallback="")``
    The neutral title and file stem used with private metadata.
``forget_cached()``
    Drop loaded catalogs and template environments (long-lived callers after edits).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.errors import HandoutsError, InputError
from handouts.files.search_path import Workspace, available_languages, find_logo, find_workspace
from handouts.files.writing import slugify

if TYPE_CHECKING:
    from handouts.catalog.loader import Catalog
    from handouts.catalog.source import YamlSource
    from handouts.intake import Client

# Imported on first use, so that ``handouts --help`` and the CLI's start load no pydantic or YAML, and a
# single sheet not the combined print file's machinery (defined in build/chunk.py, with the helpers below).
_LAZY = {
    "Client": "handouts.intake",
    "check_password": "handouts.intake.password",
    "read_client_file": "handouts.intake.client_file",
    "CombinedFile": "handouts.build.chunk",
    "build_chunk": "handouts.build.chunk",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'handouts.build' has no attribute {name!r}")


def load_catalog(workspace: Workspace, language: str = "en") -> Catalog:
    """The workspace's catalog in ``language``, loaded once per process (``catalog.loader.load_catalog``)."""
    from handouts.catalog.loader import load_catalog as load

    return load(workspace, language)

__all__ = [
    "Built",
    "Chunk",
    "Client",
    "CombinedFile",
    "brochure_pdf",
    "build_brochure",
    "build_chart",
    "build_chunk",
    "build_sheet",
    "cautions_for",
    "chart_highlight",
    "chart_pdf",
    "check_client",
    "check_password",
    "check_workspace",
    "forget_cached",
    "open_workspace",
    "print_options",
    "private_stem",
    "private_title",
    "protect_pdf",
    "read_client_file",
    "sheet_from_plan",
    "sheet_job",
    "sheet_pdf",
    "today",
]


@dataclass(frozen=True)
class Built:
    """A finished PDF: its bytes, a safe file-name stem to suggest, its title, paper size and clinic."""

    pdf: bytes
    stem: str
    title: str
    page_size: str
    clinic: str


@dataclass(frozen=True)
class Chunk:
    """Part of a combined print file: the PDF and its page count (0: nothing in it could be drawn)."""

    pdf: bytes
    pages: int


def open_workspace(clinic_dir: Path | None = None, data_dir: Path | None = None,
                   templates_dir: Path | None = None, cwd: Path | None = None) -> Workspace:
    """The folders a build reads, highest priority first: given folders, the clinic folder, the defaults."""
    return find_workspace(clinic_dir=clinic_dir, data_dir=data_dir, templates_dir=templates_dir, cwd=cwd)


def forget_cached() -> None:
    """Drop the loaded catalogs and template environments, so edits made since are seen.

    Each command runs in a fresh process, so this matters only to long-lived
    callers (a batch started twice in one process, a web app, tests).
    """
    from handouts.catalog.loader import load_catalog as load
    from handouts.compose.environment import forget_environments

    load.cache_clear()
    forget_environments()


def check_client(workspace: Workspace, raw: Mapping[str, Any], *, source: YamlSource | None = None,
                 file: str | None = None, row: int | None = None, line: int | None = None,
                 languages: tuple[str, ...] | None = None) -> Client:
    """Check a client's raw fields; errors point at the file line or row where possible.

    ``languages`` are the workspace's (``available_languages``); a batch looks
    them up once rather than listing the locale folders for every row.
    """
    from handouts.intake import make_client

    catalog = load_catalog(workspace, "en")
    if languages is None:
        languages = available_languages(workspace)
    try:
        return make_client(raw, catalog, languages=languages, file=file, row=row, line=line)
    except InputError as exc:
        if source is not None and exc.field and exc.line is None:
            key = exc.field if exc.field in (source.data or {}) else exc.field.rstrip("s")
            exc.line = source.line_of((key,)) if key in source.data else None
        raise


def private_title(workspace: Workspace, client: Client) -> str:
    """The title and bookmark of a sheet with private metadata: the sheet's kind and the client's id only."""
    title = load_catalog(workspace, client.language).strings["sheet_title"]
    return f"{title} {client.id}".strip()


def private_stem(client: Client, fallback: str = "") -> str:
    """A file name stem without the client's name: the id, else ``fallback`` (e.g. the row), else a short hash."""
    if client.id:
        return slugify(client.id, "id")
    if fallback:
        return fallback
    return "sheet-" + hashlib.sha256(f"{client.name}|{client.date}".encode()).hexdigest()[:10]


def _checked_catalog(workspace: Workspace, language: str = "en") -> Catalog:
    """The catalog in ``language``, its texts checked printable with the bundled font."""
    from handouts.catalog.printable import check_sources

    catalog = load_catalog(workspace, language)
    check_sources(catalog, workspace)
    return catalog


def sheet_job(catalog: Catalog, workspace: Workspace, plan: Any) -> Any:
    """What render needs to draw ``plan``'s sheet in any layout: compose bound to the workspace's templates."""
    from handouts.compose.documents import SheetMarkup
    from handouts.compose.environment import make_environment
    from handouts.compose.metadata import letterhead_fields, sheet_meta
    from handouts.render.sheet import SheetJob, make_letterhead, make_meta

    env = make_environment(workspace.template_dirs)
    client = plan.client
    markup = SheetMarkup(env, catalog, plan)  # one context for all the layouts tried
    return SheetJob(
        catalog=catalog,
        plan=plan,
        compose=markup,
        compact_complements=markup.compact_complements,
        meta=make_meta(sheet_meta(catalog, client)),
        letterhead=make_letterhead({**letterhead_fields(catalog, client.name),
                                    "logo": find_logo(workspace, catalog.clinic.logo)}),
    )



def sheet_from_plan(catalog: Catalog, workspace: Workspace, plan: Any, probe: list | None = None) -> bytes:
    """The sheet for an already-made plan; ``probe`` (tests, benchmarks) receives the drawn charts."""
    from handouts.render.sheet import render_sheet  # ReportLab loads only when drawing

    return render_sheet(sheet_job(catalog, workspace, plan), probe)


def sheet_pdf(workspace: Workspace, client: Client) -> bytes:
    """The routine sheet's bytes before any protection: what the batch renderer hook replaces."""
    from handouts.plan.planner import make_plan
    from handouts.render.sheet import render_sheet

    catalog = _checked_catalog(workspace, client.language)
    return render_sheet(sheet_job(catalog, workspace, make_plan(catalog, client)))


def chart_pdf(catalog: Catalog, workspace: Workspace, *, views: Sequence[str],
              highlight: Mapping[str, frozenset[str]], labels: str = "all", page_size: str = "a4",
              probe: list | None = None) -> bytes:
    """The chart poster for checked views and lit zones; ``probe`` (tests) receives the drawn charts."""
    from handouts.compose.documents import chart_markup
    from handouts.compose.environment import make_environment
    from handouts.compose.metadata import chart_meta, letterhead_fields
    from handouts.render.poster import render_chart
    from handouts.render.sheet import make_letterhead, make_meta

    markup, template = chart_markup(make_environment(workspace.template_dirs), catalog, views, highlight, labels,
                                    page_size)
    meta = make_meta(chart_meta(catalog))
    logo = find_logo(workspace, catalog.clinic.logo)  # on every sheet, poster and brochure
    head = make_letterhead({**letterhead_fields(catalog, meta.title), "logo": logo})
    return render_chart(catalog, markup, template, meta, head, page_size=page_size, probe=probe)


def protect_pdf(pdf: bytes, *, password: str | None = None, private_title: str | None = None) -> bytes:
    """Encrypt a finished sheet and/or replace the client's name in its title and bookmarks (post stage)."""
    if not password and private_title is None:
        return pdf  # nothing to do: pypdf is not even loaded
    from handouts.post.protect import protect

    return protect(pdf, password=password, private_title=private_title)


def build_sheet(workspace: Workspace, client: Client, *, password: str | None = None,
                private: bool = False) -> Built:
    """The routine sheet PDF for an already-checked client."""
    neutral = private_title(workspace, client) if private else None
    pdf = protect_pdf(sheet_pdf(workspace, client), password=password, private_title=neutral)
    catalog = load_catalog(workspace, client.language)
    title = neutral or f"{catalog.strings['sheet_title']}: {client.name}"
    return Built(pdf, private_stem(client) if private else slugify(client.name), title, client.page_size,
                 catalog.clinic.name)


def _feet_of(foot: str) -> frozenset[str]:
    return frozenset(("left", "right")) if foot == "both" else frozenset((foot,))


def chart_highlight(workspace: Workspace, *, zones: Sequence[str] = (), goals: Sequence[str] = (),
                    zone_field: str = "--highlight", goal_field: str = "--goal") -> dict[str, frozenset[str]]:
    """Zone id -> the feet to light, for zone ids and for every zone of the given goals (checked)."""
    from handouts.choices import choice

    catalog = load_catalog(workspace)
    lit: dict[str, frozenset[str]] = {}
    for z in zones:
        zone = choice(z.strip().lower(), list(catalog.zones), zone_field)
        lit[zone] = _feet_of(catalog.zones[zone].foot)
    for g in goals:
        goal_id = choice(g.strip().lower(), list(catalog.goals), goal_field)
        for step in catalog.goals[goal_id].steps:
            lit[step.zone] = _feet_of(catalog.zones[step.zone].foot)  # type: ignore[index]
    return lit


def build_chart(workspace: Workspace, *, views: Sequence[str] | None = None, zones: Sequence[str] = (),
                goals: Sequence[str] = (), labels: str = "all", page_size: str | None = None) -> Built:
    """The foot chart poster: ``views`` (default: every view); ``zones`` and the zones of ``goals`` lit."""
    from handouts.choices import LABEL_MODES, PAGE_SIZES_CHART, choice
    from handouts.choices import page_size as size_named

    catalog = _checked_catalog(workspace)
    labels = choice(labels, [m for m in LABEL_MODES if m != "none"], "--labels")
    size = size_named(page_size or catalog.clinic.page_size, PAGE_SIZES_CHART)
    view_list = [choice(v.strip(), list(catalog.charts.views), "--views") for v in (views or catalog.charts.views)
                 if v.strip()]
    if not view_list:
        raise InputError("at least one view is needed", field="--views", hint="e.g. plantar,medial")
    lit = chart_highlight(workspace, zones=zones, goals=goals)
    pdf = chart_pdf(catalog, workspace, views=view_list, highlight=lit, labels=labels, page_size=size)
    return Built(pdf, "foot-chart", catalog.strings["chart_title"], size, catalog.clinic.name)


def build_brochure(workspace: Workspace, *, layout: str = "trifold", page_size: str | None = None,
                   options: Any = None) -> Built:
    """The print-ready brochure; ``options`` is a ``render.brochure.PrintOptions`` (bleed, marks, CMYK)."""
    from handouts.choices import LAYOUTS, choice
    from handouts.choices import page_size as size_named

    layout = choice(layout.strip().lower(), LAYOUTS, "--layout")
    catalog = _checked_catalog(workspace)
    size = size_named(page_size or catalog.clinic.page_size)
    pdf = brochure_pdf(catalog, workspace, layout, size, options)
    return Built(pdf, f"brochure-{layout}", catalog.strings["brochure_title"], size, catalog.clinic.name)


def brochure_pdf(catalog: Catalog, workspace: Workspace, layout: str, page_size: str, options: Any = None) -> bytes:
    """The brochure for a checked layout and size: composed, drawn as panels, then imposed for the press."""
    from handouts.post.impose import impose
    from handouts.post.merge import append_pages

    draft = brochure_draft(catalog, workspace, layout, page_size, options)
    pdf = append_pages(draft.panels, draft.padding) if draft.padding else draft.panels
    return impose(pdf, draft.sides, draft.bleed, draft.mark_room, draft.marks, draft.info, draft.intent)


def brochure_draft(catalog: Catalog, workspace: Workspace, layout: str, page_size: str, options: Any = None) -> Any:
    """The brochure composed and drawn as panels in reading order (a ``render.brochure.BrochureDraft``).

    Everything a template or the clinic's data can get wrong shows up here;
    imposing the panels for the press (``brochure_pdf``) depends on neither,
    so ``validate`` stops at this step: it was a third of a validate run.
    """
    from handouts.compose.documents import brochure_markup
    from handouts.compose.environment import make_environment
    from handouts.compose.metadata import brochure_info
    from handouts.render.brochure import PrintOptions, render_brochure

    markup, template = brochure_markup(make_environment(workspace.template_dirs), catalog, layout)
    logo = find_logo(workspace, catalog.clinic.logo)
    return render_brochure(catalog, markup, template, layout, page_size, options or PrintOptions(), logo,
                           brochure_info(catalog))


def cautions_for(workspace: Workspace, client: Client) -> list[tuple[str, str, str]]:
    """The cautions this client's sheet carries, as (caution id, action, foot or ""), in the client's order.

    A front desk shows them before printing, refer and defer first.
    """
    from handouts.plan.planner import make_plan

    plan = make_plan(_checked_catalog(workspace, client.language), client)
    return [(a.id, a.action, a.side or "") for a in plan.cautions]


def today() -> str:
    """Today's date as the intake sees it (``SOURCE_DATE_EPOCH`` respected), ISO."""
    from handouts.intake.client import today as intake_today

    return intake_today().isoformat()


def check_workspace(workspace: Workspace) -> tuple[list[HandoutsError], int]:
    """Every problem in the data and templates (all at once), and how many sheets the consistency check built."""
    from handouts.build.checks import check_workspace as check

    return check(workspace)


def print_options(*, bleed_mm: float = 0.0, crop_marks: bool = False, cmyk: bool = False,
                  icc: Path | None = None, impose: bool = True) -> Any:
    """Brochure print options from the units people use: bleed in mm (0 to 10), the print shop's .icc file."""
    from handouts.render.brochure import PrintOptions

    if not 0 <= bleed_mm <= 10:  # checked here only: the CLI and the web form say the same
        raise InputError(f"{bleed_mm:g} is out of range", field="--bleed", hint="use 0 to 10 mm")
    from handouts.render.colour import load_profile

    profile = load_profile(icc) if icc is not None else None
    return PrintOptions(bleed=bleed_mm * 72 / 25.4, crop_marks=crop_marks, cmyk=cmyk or icc is not None,
                        impose=impose, profile=profile)
