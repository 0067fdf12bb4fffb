"""The web front desk's one door into the rest of handouts.

Every call from ``handouts.serve`` into the build stages goes through this
module, so that when the build path moves (``handouts/build.py``) only these
thin functions change. Each says in its docstring what it calls today.
Nothing here touches HTTP; everything raises the project's own errors.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import InputError
from handouts.intake import Client
from handouts.workspace import Workspace

# Client lists the batch runner can read today. Uploads are kept generic: a new kind (xlsx) only needs adding here.
LIST_SUFFIXES = (".csv", ".yaml", ".yml")
PAGE_SIZES = ("a4", "letter")
CHART_SIZES = ("a4", "letter", "a3")


@dataclass(frozen=True)
class Choice:
    """One option offered by the form: its id, its label and a one-line description."""

    id: str
    name: str
    description: str = ""
    action: str = ""  # cautions: refer, defer, gentle, avoid
    needs_foot: bool = False  # cautions that concern one foot (foot-fracture:left)


@dataclass(frozen=True)
class Options:
    """Everything the forms offer, from the clinic's catalog."""

    clinic: str
    colours: tuple[str, str]  # primary, accent: "#rrggbb", checked by the catalog
    goals: tuple[Choice, ...]
    cautions: tuple[Choice, ...]
    zones: tuple[Choice, ...]
    views: tuple[str, ...]
    languages: tuple[str, ...]
    language: str
    page_size: str
    label_modes: tuple[str, ...]
    layouts: tuple[str, ...]


@dataclass(frozen=True)
class CautionNote:
    """A caution that applies to a client, as the form shows it before printing."""

    name: str
    action: str
    message: str
    side: str = ""


def open_workspace(clinic_dir: Path | None) -> Workspace:
    """The search path for a clinic folder (today: ``workspace.find_workspace``)."""
    from handouts.workspace import find_workspace

    return find_workspace(clinic_dir=clinic_dir)


def options(ws: Workspace) -> Options:
    """The form's choices (today: ``catalog.loader.load_catalog``, ``pipeline.available_languages``)."""
    from handouts.catalog.loader import load_catalog
    from handouts.charts.draw import LABEL_MODES
    from handouts.pipeline import available_languages
    from handouts.render.brochure import LAYOUTS

    cat = load_catalog(ws)
    return Options(
        clinic=cat.clinic.name,
        colours=(cat.clinic.colours.primary, cat.clinic.colours.accent),
        goals=tuple(Choice(g.id, g.name, g.intro.split(". ")[0].rstrip(".") + ".") for g in cat.goals.values()),
        cautions=tuple(Choice(c.id, c.name, c.message, c.action, c.avoid_foot == "affected")
                       for c in cat.cautions.values()),
        zones=tuple(Choice(z.id, z.name) for z in cat.zones.values()),
        views=tuple(cat.charts.views),
        languages=available_languages(ws),
        language=cat.clinic.language,
        page_size=cat.clinic.page_size,
        label_modes=tuple(m for m in LABEL_MODES if m != "none"),
        layouts=tuple(LAYOUTS),
    )


def check_client(ws: Workspace, fields: Mapping[str, Any]) -> Client:
    """A checked client, or the CLI's InputError naming the field (today: ``pipeline.build_client``)."""
    from handouts.pipeline import build_client

    if not str(fields.get("name") or "").strip():
        raise InputError("a client name is required", field="name")
    return build_client(ws, fields)


def sheet_pdf(ws: Workspace, client: Client) -> bytes:
    """The sheet's PDF bytes, reproducible for the same client and data (today: ``pipeline.build_sheet``)."""
    from handouts.pipeline import build_sheet

    return build_sheet(ws, client)


def cautions_for(ws: Workspace, client: Client) -> list[CautionNote]:
    """The cautions the sheet will carry, refer and defer first (today: ``plan.planner.make_plan``)."""
    from handouts.catalog.loader import load_catalog
    from handouts.plan.planner import make_plan

    cat = load_catalog(ws, client.language)
    plan = make_plan(cat, client)
    order = {"refer": 0, "defer": 1}
    notes = [CautionNote(cat.cautions[a.id].name, a.action, cat.cautions[a.id].message, a.side or "")
             for a in plan.cautions]
    return sorted(notes, key=lambda n: order.get(n.action, 2))


def preview_pngs(pdf: bytes, width: int = 560) -> list[bytes]:
    """Each page as a PNG ``width`` pixels wide (pypdfium2 draws, Pillow encodes)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in doc:
            scale = width / page.get_width()
            bitmap = page.render(scale=scale)
            out = io.BytesIO()
            bitmap.to_pil().save(out, format="PNG", compress_level=1)
            images.append(out.getvalue())
        return images
    finally:
        doc.close()


def warm_up(ws: Workspace) -> None:
    """Draw and rasterise one sample sheet, so fonts, catalog and templates are loaded before the first client.

    A clinic whose data does not check yet still starts: the form shows the error.
    """
    import contextlib

    from handouts.catalog.loader import load_catalog
    from handouts.errors import HandoutsError

    with contextlib.suppress(HandoutsError):
        goals = list(load_catalog(ws).goals)[:2]
        preview_pngs(sheet_pdf(ws, check_client(ws, {"name": "Sample Client", "goals": goals})))


def _pick(value: str, valid: Iterable[str], field: str) -> str:
    """``value`` if valid, else the CLI's "unknown value" error with the nearest choice."""
    from handouts.errors import nearest

    valid = list(valid)
    if value not in valid:
        guess = nearest(value, valid)
        raise InputError(f"unknown value '{value}'", field=field,
                         hint=f"did you mean '{guess}'?" if guess else "valid: " + ", ".join(valid))
    return value


def chart_pdf(ws: Workspace, *, highlight: list[str], goals: list[str], labels: str, views: list[str],
              page_size: str) -> bytes:
    """A foot chart poster, checked as ``handouts chart`` checks it (today: ``render.poster.render_chart``)."""
    from handouts.catalog.loader import load_catalog
    from handouts.render.glyphs import check_sources
    from handouts.render.poster import render_chart

    cat = load_catalog(ws)
    check_sources(cat, ws)
    _pick(labels, options(ws).label_modes, "labels")
    size = _pick((page_size or cat.clinic.page_size).lower(), CHART_SIZES, "page_size")
    chosen = [_pick(v, list(cat.charts.views), "views") for v in views]
    if not chosen:
        raise InputError("at least one view is needed", field="views", hint="e.g. plantar,medial")
    both = frozenset(("left", "right"))
    lit: dict[str, frozenset[str]] = {}
    zones = [_pick(z, list(cat.zones), "highlight") for z in highlight]
    for g in goals:
        zones += [s.zone for s in cat.goals[_pick(g, list(cat.goals), "goals")].steps if s.zone]
    for zone in zones:
        foot = cat.zones[zone].foot
        lit[zone] = both if foot == "both" else frozenset((foot,))
    return render_chart(cat, ws, views=chosen, highlight=lit, labels=labels, page_size=size)


def brochure_pdf(ws: Workspace, *, layout: str, page_size: str, bleed_mm: float, crop_marks: bool, cmyk: bool,
                 impose: bool) -> bytes:
    """The print-ready brochure, options as ``handouts brochure`` (today: ``render.brochure.render_brochure``)."""
    from handouts.catalog.loader import load_catalog
    from handouts.render.brochure import LAYOUTS, PAGE_SIZES, PrintOptions, render_brochure
    from handouts.render.glyphs import check_sources

    cat = load_catalog(ws)
    check_sources(cat, ws)
    layout = _pick(layout, LAYOUTS, "layout")
    size = _pick((page_size or cat.clinic.page_size).lower(), PAGE_SIZES, "page_size")
    if not 0 <= bleed_mm <= 10:
        raise InputError(f"{bleed_mm:g} is out of range", field="bleed", hint="use 0 to 10 mm")
    opts = PrintOptions(bleed=bleed_mm * 72 / 25.4, crop_marks=crop_marks, cmyk=cmyk, impose=impose)
    return render_brochure(cat, ws, layout, size, opts)


def open_batch(ws: Workspace, listing: Path, out_dir: Path, combined: Path) -> Any:
    """A prepared batch run; ``.run()`` yields each row's outcome in order (today: ``batch.open_batch``).

    One worker, in the calling thread: the web app already runs batches off
    its event loop, and a process pool forked from a threaded server is fragile.
    """
    from handouts.batch import open_batch as open_run

    return open_run(ws, listing, out_dir, workers=1, combined=combined)


def list_rows(listing: Path) -> dict[int, dict[str, Any]]:
    """A client list's raw fields by row number, as the batch numbers them (today: ``client_list``)."""
    from handouts.client_list import open_client_list

    return {row.number: dict(row.fields) for row in open_client_list(listing).rows()}


def today() -> str:
    """Today's date as the intake sees it (``SOURCE_DATE_EPOCH`` respected), ISO (today: ``intake.today``)."""
    from handouts.intake import today as intake_today

    return intake_today().isoformat()


def count_rows(listing: Path) -> int:
    """Rows holding anything in a client list (today: ``batch.count_rows``)."""
    from handouts.batch import count_rows as count

    return count(listing)


@functools.lru_cache(maxsize=8)
def fingerprint(ws: Workspace) -> str:
    """A hash of the data, templates and code that shape a sheet (today: ``manifest.fingerprint``).

    Cached for the server's life: data edited while it runs is picked up on restart.
    """
    from handouts.manifest import fingerprint as digest

    return digest(ws)


def file_stem(client: Client) -> str:
    """A safe file-name stem for the client's sheet (today: ``output.slugify``)."""
    from handouts.output import slugify

    return slugify(client.name) + (f"-{slugify(client.id, 'id')}" if client.id else "")


def write_file(path: Path, data: bytes) -> None:
    """Write atomically (today: ``output.write_atomic``)."""
    from handouts.output import write_atomic

    write_atomic(path, data)
