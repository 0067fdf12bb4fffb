"""New sheet: the form, its live preview, making the PDF, and fetching a made sheet.

Client details only ever travel in POST bodies; the only thing in a URL is a
sheet's number. Drawing happens in the render pool, never on the event loop.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from handouts.errors import HandoutsError
from handouts.files.writing import first_free
from handouts.serve import core
from handouts.serve.app import Desk, desk_of, page
from handouts.serve.forms import field_errors, prefill, raw_fields
from handouts.store import client_inputs

router = APIRouter()


@router.get("/")
async def form(request: Request, sheet: int | None = None) -> Response:
    """The new-sheet form; ``?sheet=N`` pre-fills it from sheet N ("new sheet from this one")."""
    desk = desk_of(request)
    start = prefill(desk.store.sheet(sheet) if sheet else None)
    return page(request, "form.html", opts=core.options(desk.ws), start=start, today=core.today(),
                therapists=desk.store.therapists())


@router.get("/clinic.css")
async def clinic_css(request: Request) -> Response:
    """The clinic's brand colours for the pages (a stylesheet: the CSP allows no inline styles)."""
    primary, accent = core.options(desk_of(request).ws).colours
    return Response(f":root {{ --brand: {primary}; --accent: {accent}; }}\n", media_type="text/css")


def _preview(desk: Desk, raw: dict[str, Any]) -> dict[str, Any]:
    """Check, draw and rasterise: everything the preview pane shows, or the errors instead."""
    try:
        client = core.check_client(desk.ws, raw)
        pdf = core.sheet_pdf(desk.ws, client)
        cautions = core.cautions_for(desk.ws, client)
    except HandoutsError as exc:
        return {"ok": False, "errors": field_errors(exc)}
    pngs = core.preview_pngs(pdf)
    return {
        "ok": True,
        "pages": ["data:image/png;base64," + base64.b64encode(p).decode() for p in pngs],
        "cautions": [{"name": c.name, "action": c.action, "message": c.message, "side": c.side} for c in cautions],
        "warnings": list(client.warnings),
    }


@router.post("/api/preview")
async def preview(request: Request) -> Response:
    """The sheet's pages as PNG, with the cautions that apply; nothing is recorded."""
    raw = raw_fields(await request.form())
    result = await desk_of(request).run(_preview, desk_of(request), raw)
    return JSONResponse(result, status_code=200 if result["ok"] else 422)


def make_sheet(desk: Desk, client: core.Client) -> int:
    """Draw, write into the clinic's output folder and record in the history; returns the sheet's number."""
    pdf = core.sheet_pdf(desk.ws, client)
    target = first_free(desk.output, f"{core.file_stem(client)}-{client.date.isoformat()}", ".pdf", same=pdf)
    core.write_file(target, pdf)
    return desk.store.record(name=client.name, client_ref=client.id, inputs=client_inputs(client),
                             fingerprint=core.fingerprint(desk.ws), file=target,
                             sha256=hashlib.sha256(pdf).hexdigest())


def _make(desk: Desk, raw: dict[str, Any]) -> dict[str, Any]:
    try:
        client = core.check_client(desk.ws, raw)
        number = make_sheet(desk, client)
    except HandoutsError as exc:
        return {"ok": False, "errors": field_errors(exc)}
    return {"ok": True, "sheet": number, "pdf": f"/sheets/{number}.pdf"}


@router.post("/api/sheet")
async def make(request: Request) -> Response:
    """Make the sheet for real: written, recorded, and then fetched by its number."""
    raw = raw_fields(await request.form())
    result = await desk_of(request).run(_make, desk_of(request), raw)
    return JSONResponse(result, status_code=200 if result["ok"] else 422)


def pdf_response(pdf: bytes, filename: str, inline: bool) -> Response:
    """PDF bytes as a download (or shown in the page, for printing)."""
    how = "inline" if inline else "attachment"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'{how}; filename="{filename}"'})


@router.get("/sheets/{number}.pdf")
async def sheet_file(request: Request, number: int, inline: bool = False) -> Response:
    """A made sheet's file, as written."""
    desk = desk_of(request)
    row = desk.store.sheet(number)
    if row is None or not Path(row.file).is_file():
        return Response("That sheet is no longer on file.", status_code=404, media_type="text/plain")
    path = Path(row.file)
    return pdf_response(path.read_bytes(), path.name, inline)


@router.get("/sheets/{number}/reprint.pdf")
async def reprint(request: Request, number: int) -> Response:
    """Draw the sheet again from its recorded inputs: the same bytes while data and templates are unchanged."""
    desk = desk_of(request)
    row = desk.store.sheet(number)
    if row is None:
        return Response("No such sheet.", status_code=404, media_type="text/plain")

    def draw() -> bytes:
        return core.sheet_pdf(desk.ws, core.check_client(desk.ws, row.inputs))

    pdf = await desk.run(draw)
    same = hashlib.sha256(pdf).hexdigest() == row.sha256
    response = pdf_response(pdf, Path(row.file).name, inline=False)
    response.headers["X-Handouts-Identical"] = "yes" if same else "no"
    return response
