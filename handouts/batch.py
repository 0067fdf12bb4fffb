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
import csv
import heapq
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from handouts.client_list import ClientList, Row, open_client_list
from handouts.errors import HandoutsError, InputError
from handouts.folder_lock import LOCK, die_with_parent, folder_lock, same_file
from handouts.intake import Client
from handouts.manifest import MANIFEST, Manifest, append_entry, client_hash, fingerprint
from handouts.output import slugify, unique_path, write_atomic
from handouts.terminal import safe_text
from handouts.workspace import Workspace

REPORT = "batch-report.csv"
REPORT_COLUMNS = ("row", "status", "file", "field", "message", "name", "id")
CHUNK = 100  # clients per combined-file chunk: one copy of fonts and chart forms per chunk
GROUP = 4  # sheets per task sent to a worker: fewer, larger messages cost the parent less
IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: enough to keep it busy, few enough to stay small
WRITTEN, UNCHANGED, FAILED = "written", "unchanged", "failed"
SHEET_SECONDS = 60.0  # wall-clock limit for drawing one sheet in a batch; past it the row fails and the run goes on


@dataclass(frozen=True)
class Outcome:
    """What happened to one row."""

    row: int
    status: str
    file: str = ""
    field: str = ""
    message: str = ""
    name: str = ""
    id: str = ""

    @property
    def ok(self) -> bool:
        return self.status != FAILED


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


# --- worker side -------------------------------------------------------------------------------------------

_WORKSPACE: Workspace | None = None
_RENDERER: Callable[[Workspace, Client], bytes] | None = None
_SECONDS = SHEET_SECONDS


def _init_worker(workspace: Workspace, renderer: Callable | None = None, seconds: float = SHEET_SECONDS) -> None:
    """Workers leave Ctrl-C and hang-ups to the parent, which stops them in an orderly way, and die with it."""
    global _WORKSPACE, _RENDERER, _SECONDS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    _WORKSPACE, _RENDERER, _SECONDS = workspace, renderer, seconds
    die_with_parent(signal.SIGTERM)
    parent = os.getppid()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """A second guard besides the kernel's death signal: a worker whose parent is gone stops itself."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


class SheetTimeout(Exception):
    """Drawing one sheet took longer than the batch's per-sheet limit."""


def _on_alarm(signum: int, frame: object) -> None:
    raise SheetTimeout


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after ``seconds`` (only where signals can be used: the main thread)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _draw_sheets(items: list[tuple[Client, str, str, str | None, str | None]]) -> list[tuple[str, str] | None]:
    """Draw and write a few sheets; a user mistake found while drawing comes back as (field, message).

    Each sheet is recorded in the folder's manifest the moment it lands, by this
    process, so a parent killed with ``kill -9`` loses no finished sheet.
    """
    from handouts.pipeline import build_sheet

    assert _WORKSPACE is not None
    renderer = _RENDERER or build_sheet
    results: list[tuple[str, str] | None] = []
    from handouts.post.protect import protect

    for client, target, digest, password, title in items:
        path = Path(target)
        try:
            with _time_limit(_SECONDS):
                pdf = protect(renderer(_WORKSPACE, client), password=password, private_title=title)
            write_atomic(path, pdf)
            append_entry(path.parent, path.name, digest)
        except HandoutsError as exc:
            results.append((exc.field or "", exc.message + (f" ({exc.hint})" if exc.hint else "")))
        except SheetTimeout:
            results.append(("", f"drawing this sheet took longer than {_SECONDS:g} seconds; it was stopped"))
        except OSError as exc:
            results.append(("", f"cannot write {path.name}: {exc.strerror or type(exc).__name__}"))
        except Exception as exc:  # a bug met by one row must not cost the rest of the list
            results.append(("", f"internal error ({type(exc).__name__}); please report this row"))
        else:
            results.append(None)
    return results


def _draw_chunk(clients: list[Client], target: str, blank_note: str, titles: list[str | None] | None = None) -> int:
    """Draw a chunk of the combined file (each packet on an odd page, even end); its page count.

    Like a single sheet, a packet that runs past two pages is drawn again in
    the compact layout: the first pass tells exactly which ones need it.
    ``titles`` replace the clients' names as bookmarks (private metadata).
    """
    from handouts.catalog.loader import load_catalog
    from handouts.plan.planner import make_plan
    from handouts.render.document import DocMeta, render_packets
    from handouts.render.sheet import MAX_PAGES, looks_long, sheet_packet

    assert _WORKSPACE is not None
    plans = []
    for client in clients:
        catalog = load_catalog(_WORKSPACE, client.language)
        plans.append((catalog, make_plan(catalog, client)))
    compact = {i for i, (catalog, plan) in enumerate(plans) if plan.has_routine and looks_long(catalog, plan)}
    for _ in range(2):
        packets = []
        kept: list[int] = []
        meta = None
        for index, (catalog, plan) in enumerate(plans):
            try:
                packet, client_meta = sheet_packet(catalog, _WORKSPACE, plan, compact=index in compact)
            except HandoutsError:
                continue  # reported by the client's own sheet job
            meta = meta or DocMeta(title="", author=client_meta.author, subject="", language=client_meta.language)
            if titles and titles[index]:
                packet.title = titles[index]
            packets.append(packet)
            kept.append(index)
        if not packets:
            return 0
        assert meta is not None
        counts: list[int] = []
        pdf = render_packets(packets, meta, blank_note, pad_to_even=True, page_counts=counts)
        too_long = {i for i, n in zip(kept, counts, strict=True) if n > MAX_PAGES and plans[i][1].has_routine}
        if not too_long - compact:
            break
        compact |= too_long
    write_atomic(Path(target), pdf)
    return sum(n + n % 2 for n in counts)


# --- parent side -------------------------------------------------------------------------------------------


@dataclass
class _Job:
    seq: int
    row: Row
    client: Client | None
    file: str = ""  # the sheet's file name in the output folder, once it is to be drawn
    digest: str = ""  # what the manifest records for it
    password: str | None = None  # never written anywhere but into the encrypted PDF
    title: str | None = None  # the neutral title and bookmark, with private metadata


class _InProcess:
    """The pool interface, run in this process (``--workers 1``, and tests)."""

    def __init__(self, workspace: Workspace, renderer: Callable | None = None, seconds: float = SHEET_SECONDS) -> None:
        global _WORKSPACE, _RENDERER, _SECONDS
        _WORKSPACE, _RENDERER, _SECONDS = workspace, renderer, seconds

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # the same path as a pool future that raised
            if isinstance(exc, KeyboardInterrupt):
                raise
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        return None


def _make_pool(workspace: Workspace, workers: int, renderer: Callable | None = None,
               seconds: float = SHEET_SECONDS) -> ProcessPoolExecutor | _InProcess:
    if workers <= 1:
        return _InProcess(workspace, renderer, seconds)
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(workspace, renderer, seconds))


def _excel_safe(text: str) -> str:
    """Keep a client's text from being run as a formula in a spreadsheet, or as escapes in a terminal."""
    text = safe_text(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def remove_stale_parts(folder: Path) -> int:
    """Delete temporary files left by a run that was killed before it could clean up."""
    removed = 0
    if folder.is_dir():
        for part in folder.glob(".*.part"):
            with contextlib.suppress(OSError):
                part.unlink()
                removed += 1
    return removed


REPORT_SOURCE = ".batch-report.source"  # which client list the current report is for


def keep_other_report(out_dir: Path, listing: Path) -> None:
    """Before a new report replaces ``batch-report.csv``, keep one made from another list.

    Two lists run one after the other into one folder (``--wait``) each keep
    their report: the older one moves to ``batch-report-<its list>.csv``.
    """
    source_file, report = out_dir / REPORT_SOURCE, out_dir / REPORT
    this = str(listing.resolve())
    try:
        before = source_file.read_text(encoding="utf-8").strip()
    except OSError:
        before = ""
    if before and before != this and report.is_file():
        stem = Path(before).stem or "list"
        target = out_dir / f"batch-report-{stem}.csv"
        n = 2
        while target.exists():
            target, n = out_dir / f"batch-report-{stem}-{n}.csv", n + 1
        os.replace(report, target)
    source_file.write_text(this + "\n", encoding="utf-8")


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

    def _reserved(self) -> set[str]:
        """File names in the output folder that no sheet may take."""
        taken = {REPORT.casefold(), MANIFEST.casefold(), LOCK.casefold()}
        if self.combined is not None and same_file(self.combined.parent, self.out_dir):
            taken.add(self.combined.name.casefold())
        return taken

    # the pieces of a row --------------------------------------------------------------------------------

    def _check(self, row: Row) -> tuple[Client, str | None]:
        """The row's checked client, and the password its sheet is to be encrypted with (if any)."""
        from handouts.pipeline import build_client
        from handouts.post.protect import check_password

        csv_row = self.listing.kind in ("csv", "xlsx")
        where = {"file": str(self.listing.path), "row": row.number if csv_row else None,
                 "line": None if csv_row else row.line}
        if row.error:
            raise InputError(row.error, **where)
        fields = dict(row.fields)
        password = fields.pop("password", None)
        password = self.password if password in (None, "") else check_password(str(password), field="password",
                                                                               **where)
        return build_client(self.workspace, fields, **where), password

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
        from handouts.catalog.loader import load_catalog
        from handouts.pipeline import forget_cached

        forget_cached()
        remove_stale_parts(self.out_dir)  # under the lock, any temporary file here is an orphan of a killed run
        if self.combined is not None:
            remove_stale_parts(self.combined.parent)
        base = fingerprint(self.workspace)
        manifest = Manifest(self.out_dir)
        blank_note = load_catalog(self.workspace).strings.get("blank_page", "")
        taken = self._reserved()
        if self.combined is not None and same_file(self.combined.parent, self.out_dir):
            manifest.entries.pop(self.combined.name, None)  # that name now holds the print file, not a sheet
        pending: dict[Future, list[_Job]] = {}
        group: list[_Job] = []
        group_size = GROUP if self.workers > 1 else 1
        done: list[tuple[int, int, Outcome]] = []  # heap of finished outcomes by sequence
        next_seq = 0
        chunk: list[tuple[Client, str | None]] = []
        limit = self.workers * IN_FLIGHT_PER_WORKER
        report_path = self.out_dir / REPORT
        report_tmp = self.out_dir / f".{REPORT}.part"
        try:
            report_file = report_tmp.open("w", encoding="utf-8-sig", newline="")
            report = csv.writer(report_file)
            report.writerow(REPORT_COLUMNS)
            report_file.flush()
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                report_file.close()
            with contextlib.suppress(OSError):
                report_tmp.unlink()
            raise
        pool = _make_pool(self.workspace, self.workers, self.renderer, self.sheet_seconds)

        def settle(job: _Job, outcome: Outcome) -> None:
            heapq.heappush(done, (job.seq, job.row.number, outcome))

        def drain(final: bool = False) -> Iterator[Outcome]:
            """Outcomes ready in row order; ``final`` (after a stop) also those after a gap of unfinished rows."""
            nonlocal next_seq
            while done and (final or done[0][0] == next_seq):
                seq, _, outcome = heapq.heappop(done)
                next_seq = seq + 1
                self._count(outcome)
                report.writerow([outcome.row, outcome.status, outcome.file, outcome.field, safe_text(outcome.message),
                                 _excel_safe(outcome.name), _excel_safe(outcome.id)])
                yield outcome

        def collect(block: bool) -> None:
            nonlocal pool
            if not pending:
                return
            finished, _ = wait(list(pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                jobs = pending.pop(future)
                if future.cancelled():
                    continue  # a stop cancelled it before it started: the rerun makes it
                try:
                    problems = future.result()
                except BrokenProcessPool:
                    broken = True
                    for job in jobs:
                        settle(job, self._failure(job.row, "the worker drawing this sheet stopped unexpectedly; "
                                                           "run the batch again to finish it"))
                    continue
                for job, problem in zip(jobs, problems, strict=True):
                    assert job.client is not None
                    if problem is not None:
                        settle(job, self._failure(job.row, problem[1], problem[0]))
                        continue
                    manifest.record(self.out_dir / job.file, job.digest)
                    settle(job, Outcome(job.row.number, WRITTEN, job.file, message="; ".join(job.client.warnings),
                                        name=job.client.name, id=job.client.id))
            if broken:  # the other in-flight jobs of a broken pool fail too; go on with a fresh pool
                for future, jobs in list(pending.items()):
                    pending.pop(future)
                    for job in jobs:
                        settle(job, self._failure(job.row, "the worker pool stopped unexpectedly; run the batch "
                                                           "again to finish this sheet"))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _make_pool(self.workspace, self.workers, self.renderer, self.sheet_seconds)

        def submit_group() -> None:
            nonlocal group
            if group:
                items = [(job.client, str(self.out_dir / job.file), job.digest, job.password, job.title)
                         for job in group]
                pending[pool.submit(_draw_sheets, items)] = group
                group = []

        seq = 0
        try:
            for row in self.listing.rows():
                job = _Job(seq, row, None)
                seq += 1
                try:
                    client, job.password = self._check(row)
                except HandoutsError as exc:
                    settle(job, self._failure(row, exc))
                    yield from drain()
                    continue
                job.client = client
                stem = slugify(client.name) + (f"-{slugify(client.id, 'id')}" if client.id else "")
                if self.private:
                    from handouts.pipeline import private_stem, private_title

                    stem = private_stem(client, f"row-{row.number}")
                    job.title = private_title(self.workspace, client)
                target = unique_path(self.out_dir, stem, ".pdf", taken)
                if self.combined is not None:
                    chunk.append((client, job.title))
                    if len(chunk) >= CHUNK:
                        self._submit_chunk(pool, chunk, blank_note)
                        chunk = []
                job.digest = client_hash(client, base + f"|encrypted={bool(job.password)}|title={job.title}")
                if not self.force and manifest.up_to_date(target, job.digest):
                    settle(job, Outcome(row.number, UNCHANGED, target.name, name=client.name, id=client.id))
                    yield from drain()
                    continue
                job.file = target.name
                group.append(job)
                if len(group) < group_size:
                    continue
                submit_group()
                while len(pending) >= limit:
                    collect(block=True)
                    yield from drain()
                collect(block=False)
                yield from drain()
            submit_group()
            if chunk:
                self._submit_chunk(pool, chunk, blank_note)
            while pending:
                collect(block=True)
                yield from drain()
            yield from drain()
            if self.combined is not None:
                self._merge_combined()
        except KeyboardInterrupt:
            self.summary.interrupted = True
            pool.shutdown(wait=True, cancel_futures=True)  # in-flight sheets finish and land whole
            raise
        finally:
            pool.shutdown(wait=True)
            with contextlib.suppress(Exception):  # after a stop: record the sheets that still landed
                collect(block=False)
                for _ in drain(final=True):
                    pass
            try:
                manifest.close()
                report_file.close()
                keep_other_report(self.out_dir, self.listing.path)
                os.replace(report_tmp, report_path)
            except OSError:
                with contextlib.suppress(OSError):
                    report_tmp.unlink()
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

    def _submit_chunk(self, pool, chunk: list[tuple[Client, str | None]], blank_note: str) -> None:
        assert self.combined is not None
        index = len(self._chunks)
        path = self.combined.parent / f".{self.combined.name}.chunk{index:05d}.part"
        clients, titles = [c for c, _ in chunk], [t for _, t in chunk]
        self._chunks.append((index, path, pool.submit(_draw_chunk, clients, str(path), blank_note, titles)))

    def _merge_combined(self) -> None:
        """Join the chunks in order into the print file, keeping one bookmark per client."""
        from handouts.post.merge import merge_chunks

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
        self.summary.combined_pages = merge_chunks(parts, self.combined, self._combined_meta())
        self.summary.combined = self.combined

    def _combined_meta(self) -> dict[str, str]:
        from handouts.catalog.loader import load_catalog

        catalog = load_catalog(self.workspace)
        title = catalog.strings.get("combined_title", "Routine sheets") + f": {self.listing.path.name}"
        return {"/Title": title, "/Author": catalog.clinic.name, "/Subject": catalog.strings.get("sheet_title", ""),
                "/Creator": "handouts", "/Lang": catalog.clinic.language}


def open_batch(workspace: Workspace, path: Path, out_dir: Path, encoding: str | None = None,
               sheet: str | None = None, **options) -> Batch:
    """Open the client list (header and encoding checked at once) and prepare a run."""
    return Batch(workspace, open_client_list(path, encoding, sheet), out_dir, **options)


def count_rows(path: Path, encoding: str | None = None, sheet: str | None = None) -> int:
    """Rows in a client list that hold anything, for the progress bar's total."""
    return sum(1 for _ in open_client_list(path, encoding, sheet).rows())
