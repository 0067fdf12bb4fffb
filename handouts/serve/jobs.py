"""Batch jobs started from the browser: run in the batch pool, watched by polling.

A job keeps its rows' outcomes in memory (the page polls for them) and its
files in a folder of its own under the clinic's output, so the zip and the
combined print file can be fetched afterwards, and ``forget`` can find them.
Every written sheet is recorded in the history like a sheet made by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import secrets
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError
from handouts.serve import core
from handouts.store import Store, client_inputs

COMBINED = "print-me.pdf"  # the web batches' combined print file


@dataclass
class Job:
    """One uploaded list being turned into sheets."""

    id: str
    folder: Path
    listing: Path
    total: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False
    error: str = ""
    combined: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status(self, since: int = 0) -> dict[str, Any]:
        """What the page shows: progress, the rows after ``since``, and the end state."""
        with self.lock:
            rows = self.rows[since:]
            failed = sum(1 for r in self.rows if r["status"] == "failed")
            return {"total": self.total, "processed": len(self.rows), "failed": failed, "rows": rows,
                    "done": self.done, "error": self.error, "combined": self.combined,
                    "zip": f"/batch/{self.id}.zip" if self.done and not self.error else ""}


def new_job(output: Path, upload: bytes, suffix: str) -> Job:
    """Save the upload in a fresh folder (the list holds client data: it is deleted when the run ends)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    job_id = secrets.token_hex(8)
    folder = output / f"batch-{stamp}-{job_id[:6]}"
    folder.mkdir(parents=True, exist_ok=False)
    listing = folder / f".upload-clients{suffix}"
    listing.write_bytes(upload)
    listing.chmod(0o600)
    return Job(job_id, folder, listing, total=0)


def run_job(job: Job, desk_ws: Any, store: Store) -> None:
    """Run the batch, appending each outcome as it comes; record written sheets in the history."""
    try:
        run = core.open_batch(desk_ws, job.listing, job.folder, job.folder / COMBINED)
        fields = core.list_rows(job.listing)
        for outcome in run.run():
            row = {"row": outcome.row, "status": outcome.status, "file": outcome.file, "field": outcome.field,
                   "message": outcome.message, "name": outcome.name}
            if outcome.status == "written":
                _record(desk_ws, store, fields.get(outcome.row, {}), job.folder / outcome.file)
            with job.lock:
                job.rows.append(row)
        job.combined = run.summary.combined is not None
    except HandoutsError as exc:
        job.error = str(exc).replace(str(job.listing), "the list")
    finally:
        with contextlib.suppress(OSError):
            job.listing.unlink()
        job.done = True


def _record(ws: Any, store: Store, raw: dict[str, Any], path: Path) -> None:
    """A batch sheet in the history, with the inputs that make it again."""
    raw.pop("password", None)
    try:
        client = core.check_client(ws, raw)
    except HandoutsError:
        return  # written by the batch, so it checked there; a row that no longer checks is not recorded
    pdf = path.read_bytes()
    store.record(name=client.name, client_ref=client.id, inputs=client_inputs(client),
                 fingerprint=core.fingerprint(ws), file=path, sha256=hashlib.sha256(pdf).hexdigest())


def zip_of(job: Job) -> bytes:
    """A zip of the job's sheets, the combined print file and the report.

    Made in memory on each request, never kept on disk: a stored copy would be
    one more place a forgotten client's sheet could survive.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(job.folder.iterdir()):
            if path.is_file() and not path.name.startswith(".") and path.suffix in (".pdf", ".csv"):
                archive.write(path, path.name)
    return buffer.getvalue()
