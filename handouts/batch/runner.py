"""Batch runs: a client list in, one sheet per good row and a report line per row out.

The parent process reads the list one row at a time, checks each row (cheap,
and it gives row-numbered errors at once), names the output file and decides
whether the sheet is already up to date. Drawing happens in a process pool;
each worker writes its PDF atomically, so a crash or Ctrl-C never leaves a
half-written sheet. At most a few jobs per worker are in flight, so memory
stays flat however long the list is: no PDF ever travels back to the parent.

Outcomes are reported in row order (a small reorder buffer absorbs the pool's
out-of-order completions) to ``batch-report.csv`` and to the caller's
progress callback. The combined print file is made in the same order, here,
from the sheets the workers wrote (``build.CombinedFile``): each client is
drawn once, for their own sheet, and the print file shows exactly that.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from handouts import build
from handouts.batch.manifest import MANIFEST, Manifest, client_hash, fingerprint
from handouts.batch.report import REPORT, ReportWriter, remove_stale_parts
from handouts.batch.schedule import FAILED, UNCHANGED, WRITTEN, Job, Outcome, Scheduler
from handouts.batch.worker import SHEET_SECONDS, _blank_page
from handouts.build.chunk import blank_page_pdf
from handouts.errors import HandoutsError, InputError
from handouts.files.lock import LOCK, folder_lock, same_file
from handouts.files.search_path import Workspace, available_languages
from handouts.files.writing import TakenNames, slugify, unique_name
from handouts.intake import Client
from handouts.intake.client_list import ClientList, Row, open_client_list


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
        self.out_folder = str(out_dir)  # joined with each row's file name as strings (see unique_name)
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.force = force
        self.combined = combined
        self.wait = wait
        self.sheet_seconds = sheet_seconds
        self.renderer = renderer
        self.password = password
        self.private = private
        self.summary = Summary()
        self._combined: build.CombinedFile | None = None
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
        self._taken = self._reserved()
        if self.combined is not None and same_file(self.combined.parent, self.out_dir):
            self._manifest.forget(self.combined.name)  # that name now holds the print file, not a sheet
        report = ReportWriter(self.out_dir)
        sched = Scheduler(self, lambda outcome, job: self._record(outcome, job, report), self._landed,
                          lambda job: self._manifest.forget(job.file))
        try:
            if self.combined is not None:
                self._combined = build.CombinedFile(self.workspace, self.combined, self.listing.path.name,
                                                    functools.partial(self._blank_page, sched))
            yield from self._rows(sched)
            self._finish_combined()
        except KeyboardInterrupt:
            self.summary.interrupted = True
            sched.pool.shutdown(wait=True, cancel_futures=True)  # in-flight sheets finish and land whole
            raise
        finally:
            self._finish(sched, report)

    def _rows(self, sched: Scheduler) -> Iterator[Outcome]:
        """Every row checked here, in the parent; the ones to draw go to the pool."""
        for seq, row in enumerate(self.listing.rows()):
            job, outcome = self._prepare(seq, row)
            if outcome is not None:
                sched.settle(job, outcome)
                yield from sched.drain()
            else:
                yield from sched.add(job)
        sched.submit_group()
        yield from sched.wait_all()

    def _landed(self, job: Job) -> None:
        """A sheet was written: note it in the manifest."""
        self._manifest.record(job.file, job.digest)

    def _record(self, outcome: Outcome, job: Job, report: ReportWriter) -> None:
        """A row's outcome, in row order: counted, reported, and its sheet added to the combined file."""
        self._count(outcome)
        report.write(outcome)
        if self._combined is None or not outcome.ok or job.client is None:
            return
        try:
            self._combined.add(os.path.join(self.out_folder, outcome.file), job.client, job.title, job.password)
        except Exception as exc:  # the sheets are all written; only the print file is given up
            self._combined.discard()
            self._combined = None
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
            self.summary.combined_error = (f"row {outcome.row}'s sheet {outcome.file} could not be added ({reason}), "
                                           "so the file was not written; run the batch again with --force to make it")

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
        name = unique_name(stem, ".pdf", self._taken)
        job.digest = client_hash(client, self._base + f"|encrypted={bool(job.password)}|title={job.title}")
        if not self.force and self._manifest.up_to_date(name, job.digest):
            return job, Outcome(row.number, UNCHANGED, name, name=client.name, id=client.id)
        job.file = name
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
            if self._combined is not None:  # stopped before the end: no print file, and no part of one left
                self._combined.discard()
                self._combined = None
            remove_stale_parts(self.out_dir)

    def _count(self, outcome: Outcome) -> None:
        self.summary.rows += 1
        if outcome.status == WRITTEN:
            self.summary.written += 1
        elif outcome.status == UNCHANGED:
            self.summary.unchanged += 1
        else:
            self.summary.failures.append(outcome)

    def _blank_page(self, sched: Scheduler, page_size: str, large_print: bool) -> bytes:
        """The combined file's blank page, drawn by a worker (the parent need not load ReportLab for it)."""
        try:
            return sched.pool.submit(_blank_page, page_size, large_print).result()
        except BrokenProcessPool:  # a worker was killed: the next rows get a fresh pool, this page is drawn here
            return blank_page_pdf(self.workspace, page_size, large_print)

    def _finish_combined(self) -> None:
        """Put the combined file in place once every row is in it (none, if no sheet was good)."""
        combined, self._combined = self._combined, None
        if combined is None or self.combined is None:
            return
        if not combined.pages:
            combined.discard()
            return
        self.summary.combined_pages = combined.finish()
        self.summary.combined = self.combined


def open_batch(workspace: Workspace, path: Path, out_dir: Path, encoding: str | None = None,
               sheet: str | None = None, **options) -> Batch:
    """Open the client list (header and encoding checked at once) and prepare a run."""
    return Batch(workspace, open_client_list(path, encoding, sheet), out_dir, **options)


def count_rows(path: Path, encoding: str | None = None, sheet: str | None = None) -> int:
    """Rows in a client list that hold anything, for the progress bar's total (a YAML list: its length)."""
    listing = open_client_list(path, encoding, sheet)
    return listing.count if listing.count is not None else sum(1 for _ in listing.rows())
