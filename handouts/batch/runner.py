"""Batch runs: a client list in, one sheet per good row and a report line per row out.

The parent process reads the list one row at a time, checks each row (cheap,
and it gives row-numbered errors at once), names the output file and decides
whether the sheet is already up to date. Drawing happens in a process pool;
each worker writes its PDF atomically, so a crash or Ctrl-C never leaves a
half-written sheet. At most a few jobs per worker are in flight, so memory
stays flat however long the list is: no PDF ever travels back to the parent.

Outcomes are reported in row order (a small reorder buffer absorbs the pool's
out-of-order completions) to ``batch-report.csv`` and to the caller's
progress callback. The combined print file is made from chunks of clients,
each chunk one ReportLab document (one copy of the fonts and chart forms per
chunk), merged by pypdf at the end.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts import build
from handouts.batch.manifest import MANIFEST, Manifest, client_hash, fingerprint
from handouts.batch.report import REPORT, ReportWriter, remove_stale_parts
from handouts.batch.schedule import FAILED, UNCHANGED, WRITTEN, Job, Outcome, Scheduler
from handouts.batch.worker import SHEET_SECONDS, _draw_chunk
from handouts.catalog.loader import load_catalog
from handouts.errors import HandoutsError, InputError
from handouts.files.lock import LOCK, folder_lock, same_file
from handouts.files.search_path import Workspace, available_languages
from handouts.files.writing import TakenNames, slugify, unique_path
from handouts.intake import Client
from handouts.intake.client_list import ClientList, Row, open_client_list

CHUNK = 100  # clients per combined-file chunk: one copy of fonts and chart forms per chunk


@dataclass
class Summary:
    """Counts for the terminal, plus every failure (they are few, and each must be shown)."""

    rows: int = 0
    written: int = 0
    unchanged: int = 0
    failures: list[Outcome] = field(default_factory=list)
    combined: Path | None = None
    combined_pages: int = 0
    combined_error: str = ""
    interrupted: bool = False

    @property
    def failed(self) -> int:
        return len(self.failures)


# --- parent side -------------------------------------------------------------------------------------------


class Batch:
    """One batch run; ``run()`` yields every row's outcome, in row order."""

    def __init__(
        self,
        workspace: Workspace,
        listing: ClientList,
        out_dir: Path,
        *,
        workers: int | None = None,
        force: bool = False,
        combined: Path | None = None,
        wait: bool = False,
        sheet_seconds: float = SHEET_SECONDS,
        renderer: Callable[[Workspace, Client], bytes] | None = None,
        password: str | None = None,
        private: bool = False,
    ) -> None:
        """``renderer`` replaces the sheet drawing (a module-level function, so workers can load it);
        the hazard tests use it to run 10,000 rows in seconds, with everything else real."""
        self.workspace = workspace
        self.listing = listing
        self.out_dir = out_dir
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.force = force
        self.combined = combined
        self.wait = wait
        self.sheet_seconds = sheet_seconds
        self.renderer = renderer
        self.password = password
        self.private = private
        self.summary = Summary()
        self._chunks: list[tuple[int, Path, Future]] = []
        self._check_combined()

    def _check_combined(self) -> None:
        """The print file may not be the report, the manifest, the lock, or the list being read."""
        if self.combined is None:
            return
        for own in (REPORT, MANIFEST, LOCK):
            if same_file(self.combined, self.out_dir / own):
                raise InputError(f"cannot be {own}, which the batch writes itself", field="--combined",
                                 hint="choose another name, e.g. print-me.pdf")
        if same_file(self.combined, self.listing.path):
            raise InputError("cannot be the client list", field="--combined",
                             hint="choose another name, e.g. print-me.pdf")
        if self.combined.suffix.lower() != ".pdf":
            raise InputError(f"must be a .pdf file, not '{self.combined.name}'", field="--combined")
        if self.combined.is_dir():
            raise InputError(f"--combined '{self.combined}' is a folder", field="--combined",
                             hint="give a file name, e.g. print-me.pdf")

    def _reserved(self) -> TakenNames:
        """File names in the output folder that no sheet may take."""
        taken = {REPORT, MANIFEST, LOCK}
        if self.combined is not None and same_file(self.combined.parent, self.out_dir):
            taken.add(self.combined.name)
        return TakenNames(taken)

    # the pieces of a row --------------------------------------------------------------------------------

    def _check(self, row: Row) -> tuple[Client, str | None]:
        """The row's checked client, and the password its sheet is to be encrypted with (if any)."""
        csv_row = self.listing.kind in ("csv", "xlsx")
        where = {"file": str(self.listing.path), "row": row.number if csv_row else None,
                 "line": None if csv_row else row.line}
        if row.error:
            raise InputError(row.error, **where)
        fields = dict(row.fields)
        password = fields.pop("password", None)
        password = self.password if password in (None, "") else build.check_password(str(password), field="password",
                                                                               **where)
        return build.check_client(self.workspace, fields, languages=self._languages, **where), password

    def _failure(self, row: Row, exc: HandoutsError | str, fld: str = "") -> Outcome:
        name = str(row.fields.get("name") or "")[:200]
        if isinstance(exc, HandoutsError):
            message = exc.message + (f" ({exc.hint})" if exc.hint else "")
            fld = exc.field or fld
        else:
            message = exc
        return Outcome(row.number, FAILED, "", fld, message, name, str(row.fields.get("id") or "")[:100])

    # the run ---------------------------------------------------------------------------------------------

    def run(self) -> Iterator[Outcome]:
        """Process every row, holding the output folder's lock; yields outcomes in row order."""
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise InputError(f"'{self.out_dir}' is a file, not a folder", field="--out-dir",
                             hint="give a folder for the sheets")
        with contextlib.ExitStack() as locks:
            locks.enter_context(folder_lock(self.out_dir, wait=self.wait))
            if self.combined is not None and not same_file(self.combined.parent, self.out_dir):
                locks.enter_context(folder_lock(self.combined.parent, wait=self.wait))
            yield from self._run()

    def _run(self) -> Iterator[Outcome]:
        """Clean up after a killed run, then every row in order; report and manifest are closed whatever happens."""
        build.forget_cached()
        remove_stale_parts(self.out_dir)  # under the lock, any temporary file here is an orphan of a killed run
        if self.combined is not None:
            remove_stale_parts(self.combined.parent)
        self._base = fingerprint(self.workspace)
        self._languages = available_languages(self.workspace)  # looked up once, not per row
        self._manifest = Manifest(self.out_dir)
        self._blank_note = load_catalog(self.workspace).strings.get("blank_page", "")
        self._taken = self._reserved()
        self._chunk: list[tuple[int, Client, str | None]] = []  # (row sequence, client, bookmark title)
        self._waiting: list[list[tuple[int, Client, str | None]]] = []  # full chunks whose sheets are not all done
        self._layouts: dict[int, Any] = {}  # row sequence -> the layout its own sheet was drawn in
        if self.combined is not None and same_file(self.combined.parent, self.out_dir):
            self._manifest.forget(self.combined.name)  # that name now holds the print file, not a sheet
        report = ReportWriter(self.out_dir)
        sched = Scheduler(self, lambda outcome: (self._count(outcome), report.write(outcome)), self._landed,
                          lambda job: self._manifest.forget(job.file))
        try:
            yield from self._rows(sched)
            if self.combined is not None:
                self._merge_combined()
        except KeyboardInterrupt:
            self.summary.interrupted = True
            sched.pool.shutdown(wait=True, cancel_futures=True)  # in-flight sheets finish and land whole
            raise
        finally:
            self._finish(sched, report)

    def _rows(self, sched: Scheduler) -> Iterator[Outcome]:
        """Every row checked here, in the parent; the ones to draw go to the pool.

        A combined file's chunk goes to the pool once every sheet in it is done, with the layouts they
        were drawn in, so each client is measured once: for their own sheet.
        """
        for seq, row in enumerate(self.listing.rows()):
            job, outcome = self._prepare(seq, row)
            if job.client is not None and self.combined is not None:
                self._chunk.append((seq, job.client, job.title))
                if len(self._chunk) >= CHUNK:
                    self._waiting.append(self._chunk)
                    self._chunk = []
            if outcome is not None:
                sched.settle(job, outcome)
                yield from sched.drain()
            else:
                yield from sched.add(job)
            self._release_chunks(sched)
        sched.submit_group()
        if self._chunk:
            self._waiting.append(self._chunk)
        yield from sched.wait_all()
        self._release_chunks(sched)

    def _landed(self, job: Job) -> None:
        """A sheet was written: into the manifest, and its layout kept for its chunk of the combined file."""
        self._manifest.record(self.out_dir / job.file, job.digest)
        if self.combined is not None and job.layout is not None:
            self._layouts[job.seq] = job.layout

    def _release_chunks(self, sched: Scheduler) -> None:
        """Send the waiting chunks whose rows all have their outcome (in row order), with their layouts."""
        while self._waiting and self._waiting[0][-1][0] < sched.next_seq:
            chunk = self._waiting.pop(0)
            layouts = [self._layouts.pop(seq, None) for seq, _, _ in chunk]
            self._submit_chunk(sched.pool, [(c, t) for _, c, t in chunk], self._blank_note, layouts)

    def _prepare(self, seq: int, row: Row) -> tuple[Job, Outcome | None]:
        """The row's job (checked, named, hashed), and its outcome already if it failed or is up to date."""
        job = Job(seq, row, None)
        try:
            client, job.password = self._check(row)
        except HandoutsError as exc:
            return job, self._failure(row, exc)
        job.client = client
        stem = slugify(client.name) + (f"-{slugify(client.id, 'id')}" if client.id else "")
        if self.private:
            stem = build.private_stem(client, f"row-{row.number}")
            job.title = build.private_title(self.workspace, client)
        target = unique_path(self.out_dir, stem, ".pdf", self._taken)
        job.digest = client_hash(client, self._base + f"|encrypted={bool(job.password)}|title={job.title}")
        if not self.force and self._manifest.up_to_date(target, job.digest):
            return job, Outcome(row.number, UNCHANGED, target.name, name=client.name, id=client.id)
        job.file = target.name
        return job, None

    def _finish(self, sched: Scheduler, report: ReportWriter) -> None:
        """After the last row or a stop: record sheets that still landed, close the report, clean up."""
        sched.pool.shutdown(wait=True)
        with contextlib.suppress(Exception):  # after a stop: record the sheets that still landed
            sched.collect(block=False)
            for _ in sched.drain(final=True):
                pass
        try:
            self._manifest.close()
            report.finish(self.listing.path)
        except OSError:
            report.discard()
            raise
        finally:
            for _, path, _ in self._chunks:
                with contextlib.suppress(OSError):
                    path.unlink()
            remove_stale_parts(self.out_dir)

    def _count(self, outcome: Outcome) -> None:
        self.summary.rows += 1
        if outcome.status == WRITTEN:
            self.summary.written += 1
        elif outcome.status == UNCHANGED:
            self.summary.unchanged += 1
        else:
            self.summary.failures.append(outcome)

    def _submit_chunk(self, pool, chunk: list[tuple[Client, str | None]], blank_note: str,
                      layouts: list[Any] | None = None) -> None:
        assert self.combined is not None
        index = len(self._chunks)
        path = self.combined.parent / f".{self.combined.name}.chunk{index:05d}.part"
        clients, titles = [c for c, _ in chunk], [t for _, t in chunk]
        self._chunks.append((index, path, pool.submit(_draw_chunk, clients, str(path), blank_note, titles, layouts)))

    def _merge_combined(self) -> None:
        """Join the chunks in order into the print file, keeping one bookmark per client."""
        assert self.combined is not None
        parts = []
        for _, path, future in self._chunks:
            try:
                pages = future.result()
            except BrokenProcessPool:
                self.summary.combined_error = ("a worker stopped while drawing the combined file, so it was not "
                                               "written; run the batch again to make it")
                return
            if pages > 0:
                parts.append(path)
        if not parts:
            return
        self.summary.combined_pages = build.combine(parts, self.combined, self.workspace, self.listing.path.name)
        self.summary.combined = self.combined


def open_batch(workspace: Workspace, path: Path, out_dir: Path, encoding: str | None = None,
               sheet: str | None = None, **options) -> Batch:
    """Open the client list (header and encoding checked at once) and prepare a run."""
    return Batch(workspace, open_client_list(path, encoding, sheet), out_dir, **options)


def count_rows(path: Path, encoding: str | None = None, sheet: str | None = None) -> int:
    """Rows in a client list that hold anything, for the progress bar's total (a YAML list: its length)."""
    listing = open_client_list(path, encoding, sheet)
    return listing.count if listing.count is not None else sum(1 for _ in listing.rows())
