"""The web front desk's one door into the rest of handouts.

Every call from ``handouts.serve`` into the rest of handouts goes through this
module, and from here only into ``handouts.build`` (the one build path), the
batch runner and the ground modules, as the architecture test requires.
Nothing here touches HTTP; everything raises the project's own errors, with
the field named as the form names it.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts import build
from handouts.build import Client
from handouts.errors import HandoutsError, InputError
from handouts.files.search_path import Workspace

# Client lists the batch runner can read today. Uploads are kept generic: a new kind (xlsx) only needs adding here.
LIST_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")
# PDFium keeps process-wide state and must never be entered by two threads at once, not even for two
# different documents (pypdfium2's documentation: the process may crash). Previews are drawn in the
# render pool's threads, so every use of it holds this lock.
PDFIUM = threading.Lock()


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
    page_size: str  # the clinic's
    page_sizes: tuple[str, ...]  # for sheets and brochures
    chart_sizes: tuple[str, ...]
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
    """The search path for a clinic folder (``build.open_workspace``)."""
    return build.open_workspace(clinic_dir=clinic_dir)


def options(ws: Workspace) -> Options:
    """The form's choices, from the clinic's catalog."""
    from handouts.catalog.loader import load_catalog
    from handouts.choices import LABEL_MODES, LAYOUTS, PAGE_SIZES, PAGE_SIZES_CHART
    from handouts.files.search_path import available_languages

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
        page_sizes=PAGE_SIZES,
        chart_sizes=PAGE_SIZES_CHART,
        label_modes=tuple(m for m in LABEL_MODES if m != "none"),
        layouts=tuple(LAYOUTS),
    )


def _form_field(exc: HandoutsError) -> HandoutsError:
    """The CLI names a flag (``--page-size``); the form names its field (``page_size``)."""
    if exc.field and exc.field.startswith("--"):
        exc.field = exc.field[2:].replace("-", "_")
    return exc


def check_client(ws: Workspace, fields: Mapping[str, Any]) -> Client:
    """A checked client, or the CLI's InputError naming the field (``build.check_client``)."""
    if not str(fields.get("name") or "").strip():
        raise InputError("a client name is required", field="name")
    try:
        return build.check_client(ws, fields)
    except HandoutsError as exc:
        raise _form_field(exc) from None


def sheet_pdf(ws: Workspace, client: Client) -> bytes:
    """The sheet's PDF bytes, reproducible for the same client and data (``build.sheet_pdf``)."""
    return build.sheet_pdf(ws, client)


def cautions_for(ws: Workspace, client: Client) -> list[CautionNote]:
    """The cautions the sheet will carry, refer and defer first (``build.cautions_for``)."""
    from handouts.catalog.loader import load_catalog

    cat = load_catalog(ws, client.language)
    order = {"refer": 0, "defer": 1}
    notes = [CautionNote(cat.cautions[cid].name, action, cat.cautions[cid].message, side)
             for cid, action, side in build.cautions_for(ws, client)]
    return sorted(notes, key=lambda n: order.get(n.action, 2))


def preview_pngs(pdf: bytes, width: int = 560) -> list[bytes]:
    """Each page as a PNG ``width`` pixels wide (pypdfium2 draws, Pillow encodes)."""
    import pypdfium2

    with PDFIUM:  # the PIL image shares the PDFium bitmap's memory: encoded before the lock is let go
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


def chart_pdf(ws: Workspace, *, highlight: list[str], goals: list[str], labels: str, views: list[str],
              page_size: str) -> bytes:
    """A foot chart poster, checked as ``handouts chart`` checks it (``build.build_chart``)."""
    if not views:
        raise InputError("at least one view is needed", field="views", hint="e.g. plantar,medial")
    try:
        return build.build_chart(ws, views=views, zones=highlight, goals=goals, labels=labels,
                                 page_size=page_size or None).pdf
    except HandoutsError as exc:
        raise _form_field(exc) from None


def brochure_pdf(ws: Workspace, *, layout: str, page_size: str, bleed_mm: float, crop_marks: bool, cmyk: bool,
                 impose: bool) -> bytes:
    """The print-ready brochure, options as ``handouts brochure`` (``build.build_brochure``)."""
    try:
        opts = build.print_options(bleed_mm=bleed_mm, crop_marks=crop_marks, cmyk=cmyk, impose=impose)
        return build.build_brochure(ws, layout=layout, page_size=page_size or None, options=opts).pdf
    except HandoutsError as exc:
        raise _form_field(exc) from None


def open_batch(ws: Workspace, listing: Path, out_dir: Path, combined: Path) -> Any:
    """A prepared batch run; ``.run()`` yields each row's outcome in order (today: ``batch.open_batch``).

    One worker, in the calling thread: the web app already runs batches off
    its event loop, and a process pool forked from a threaded server is fragile.
    """
    from handouts.batch import open_batch as open_run

    return open_run(ws, listing, out_dir, workers=1, combined=combined)


def list_rows(listing: Path) -> dict[int, dict[str, Any]]:
    """A client list's raw fields by row number, as the batch numbers them (today: ``client_list``)."""
    from handouts.batch import open_client_list

    return {row.number: dict(row.fields) for row in open_client_list(listing).rows()}


def today() -> str:
    """Today's date as the intake sees it (``SOURCE_DATE_EPOCH`` respected), ISO (``intake.client.today``)."""
    return build.today()


def count_rows(listing: Path) -> int:
    """Rows holding anything in a client list (today: ``batch.count_rows``)."""
    from handouts.batch import count_rows as count

    return count(listing)


@functools.lru_cache(maxsize=8)
def fingerprint(ws: Workspace) -> str:
    """A hash of the data, templates and code that shape a sheet (today: ``manifest.fingerprint``).

    Cached for the server's life: data edited while it runs is picked up on restart.
    """
    from handouts.batch.manifest import fingerprint as digest

    return digest(ws)


def file_stem(client: Client) -> str:
    """A safe file-name stem for the client's sheet (``files.writing.slugify``: safe on every system)."""
    from handouts.files.writing import slugify

    return slugify(client.name) + (f"-{slugify(client.id, 'id')}" if client.id else "")


def write_file(path: Path, data: bytes) -> None:
    """Write atomically (``files.writing.write_atomic``: a temporary file, then a rename)."""
    from handouts.files.writing import write_atomic

    write_atomic(path, data)
