"""Clients and their history: the list, search by name (a POST: names stay out of URLs), one client, forget."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from handouts.serve import core
from handouts.serve.app import desk_of, page
from handouts.serve.forgetting import forget_client
from handouts.store import name_key

router = APIRouter()


@router.get("/clients")
async def clients(request: Request) -> Response:
    """Everyone with a sheet, most recent first."""
    return page(request, "clients.html", rows=desk_of(request).store.clients(), search="", forgotten="")


@router.post("/clients")
async def search(request: Request) -> Response:
    """Clients whose name holds the search text; sent in the body so the name never lands in a URL or log."""
    text = str((await request.form()).get("search") or "")[:200]
    return page(request, "clients.html", rows=desk_of(request).store.clients(text), search=text, forgotten="")


@router.get("/clients/{number}")
async def client(request: Request, number: int) -> Response:
    """One client's sheets, newest first, each with reprint and "new sheet from this one"."""
    desk = desk_of(request)
    row = desk.store.client(number)
    if row is None:
        return Response("No such client.", status_code=404, media_type="text/plain")
    opts = core.options(desk.ws)
    goal_names = {g.id: g.name for g in opts.goals}
    caution_names = {c.id: c.name for c in opts.cautions}
    return page(request, "client.html", client=row, sheets=desk.store.sheets(number), goal_names=goal_names,
                caution_names=caution_names, fingerprint=core.fingerprint(desk.ws))


@router.post("/clients/{number}/forget")
async def forget(request: Request, number: int) -> Response:
    """Remove the client, their history and their files for good (a data-protection request)."""
    desk = desk_of(request)
    row = desk.store.client(number)
    if row is None:
        return Response("No such client.", status_code=404, media_type="text/plain")
    removed = await desk.run(forget_client, desk.store, row)
    for job in desk.jobs.values():  # the batch reports shown in the browser forget them too
        with job.lock:
            job.rows = [r for r in job.rows if name_key(r["name"]) != name_key(row.name)]
    return page(request, "clients.html", rows=desk.store.clients(), search="",
                forgotten=f"Client forgotten: {row.sheets} sheet records and {removed} files removed.")


@router.get("/clients/{number}/new")
async def new_from_latest(request: Request, number: int) -> Response:
    """A new sheet pre-filled from the client's latest sheet."""
    sheets = desk_of(request).store.sheets(number)
    return RedirectResponse(f"/?sheet={sheets[0].id}" if sheets else "/", status_code=303)
