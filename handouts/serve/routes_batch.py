"""Batch from the browser: upload a client list, watch it run, read the report, download a zip.

Uploads are bounded twice: the request's size (the guard refuses large bodies
before reading them) and the list's rows (counted before anything is drawn).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import JSONResponse, Response

from handouts.errors import HandoutsError
from handouts.serve import core
from handouts.serve.app import desk_of, page
from handouts.serve.jobs import new_job, run_job, zip_of

router = APIRouter()


@router.get("/batch")
async def batch_form(request: Request) -> Response:
    desk = desk_of(request)
    return page(request, "batch.html", suffixes=", ".join(core.LIST_SUFFIXES), max_rows=desk.settings.max_rows,
                max_mb=desk.settings.max_upload // (1024 * 1024))


def _refuse(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message}, status_code=status)


@router.post("/api/batch")
async def start(request: Request) -> Response:
    """Check the upload, save it in a folder of its own, and start the run in the batch pool."""
    desk = desk_of(request)
    form = await request.form(max_files=1, max_fields=10)
    upload = form.get("list")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _refuse("choose a client list to upload")
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in core.LIST_SUFFIXES:
        return _refuse(f"'{suffix or upload.filename}' lists are not read (use {', '.join(core.LIST_SUFFIXES)})")
    data = await upload.read(desk.settings.max_upload + 1)
    if len(data) > desk.settings.max_upload:
        return _refuse(f"the list is too large: at most {desk.settings.max_upload // (1024 * 1024)} MB", 413)
    job = new_job(desk.output, data, suffix)
    try:
        job.total = await desk.run(core.count_rows, job.listing)
    except HandoutsError as exc:
        job.listing.unlink()
        job.folder.rmdir()
        return _refuse(str(exc).replace(str(job.listing), "the list"))
    if job.total > desk.settings.max_rows:
        job.listing.unlink()
        job.folder.rmdir()
        return _refuse(f"the list has {job.total} rows; at most {desk.settings.max_rows} at once (split it)", 413)
    desk.jobs[job.id] = job
    asyncio.get_running_loop().run_in_executor(desk.batch_pool, run_job, job, desk.ws, desk.store)
    return JSONResponse({"ok": True, "job": job.id, "total": job.total})


@router.get("/api/batch/{job_id}")
async def status(request: Request, job_id: str, since: int = 0) -> Response:
    """Progress and the report rows after ``since``, polled by the page."""
    job = desk_of(request).jobs.get(job_id)
    if job is None:
        return _refuse("no such batch", 404)
    return JSONResponse(job.status(max(0, since)))


@router.get("/batch/{job_id}.zip")
async def download(request: Request, job_id: str) -> Response:
    """Every sheet, the combined print file and the report, in one zip."""
    desk = desk_of(request)
    job = desk.jobs.get(job_id)
    if job is None or not job.done:
        return Response("No such finished batch.", status_code=404, media_type="text/plain")
    data = await desk.run(zip_of, job)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{job.folder.name}.zip"'})
