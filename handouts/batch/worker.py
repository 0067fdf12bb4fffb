"""What runs in each batch worker process: draw a few sheets and write them.

Workers call ``handouts.build`` and nothing below it. Each sheet is written
atomically and recorded in the folder's manifest the moment it lands, by the
worker itself, so a parent killed with ``kill -9`` loses no finished sheet.
Workers ignore Ctrl-C and hang-ups (the parent stops them in an orderly way)
and die with their parent.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from handouts.batch.manifest import append_entry
from handouts.errors import HandoutsError
from handouts.files.lock import die_with_parent, let_go_in_child
from handouts.files.search_path import Workspace
from handouts.files.writing import write_atomic
from handouts.intake import Client

SHEET_SECONDS = 60.0  # wall-clock limit for drawing one sheet in a batch; past it the row fails and the run goes on

_WORKSPACE: Workspace | None = None
_RENDERER: Callable[[Workspace, Client], bytes] | None = None
_SECONDS = SHEET_SECONDS
_SETTLE = False  # a pool worker that has not yet frozen what its first sheets loaded (settle_worker)


def _init_worker(workspace: Workspace, renderer: Callable | None = None, seconds: float = SHEET_SECONDS) -> None:
    """Workers leave Ctrl-C and hang-ups to the parent, which stops them in an orderly way, and die with it.

    They close their copy of the output folder's lock (``files.lock``): the
    folder is free the moment the parent is gone, whatever its workers do.
    """
    global _WORKSPACE, _RENDERER, _SECONDS, _SETTLE
    let_go_in_child()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    _WORKSPACE, _RENDERER, _SECONDS, _SETTLE = workspace, renderer, seconds, True
    die_with_parent(signal.SIGTERM)
    parent = os.getppid()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def settle_worker() -> None:
    """Take what a worker keeps for good out of the cycle collector's walks (``gc.freeze``).

    A sheet makes reference cycles (ReportLab's documents and canvases), so a
    worker keeps the collector on. But each of its full passes also walked
    everything the worker had loaded once and keeps: modules, the catalog,
    fonts, compiled templates, the caches filled by the first sheets. Frozen
    after the first group of sheets, those are no longer walked; what a
    sheet makes is still collected as before. Measured per generation with
    ``gc.callbacks``: full passes went from 1.1 to 0.1 ms a sheet with every
    cache warm, and from 2.0 to 0.4 ms while new goal sets were still being
    placed (all collecting, warm: about 1.5 to 0.7 ms).
    Frozen objects are still freed when nothing refers to them any more; a
    cycle among them that is later dropped (a cache entry cleared) stays,
    but the frozen set is made once, so that can never grow with the list.
    """
    gc.collect()
    gc.freeze()


def _watch_parent(parent: int) -> None:
    """A second guard besides the kernel's death signal: a worker whose parent is gone stops itself."""
    while os.getppid() == parent:
        time.sleep(1.0)
    with _LANDING:  # never between a sheet landing and its manifest line
        os._exit(1)


_LANDING = threading.Lock()


def _land(path: Path, pdf: bytes, digest: str) -> None:
    """Write a sheet and record it in the manifest as one step, as far as stopping the worker goes.

    A worker whose parent is killed is stopped by SIGTERM (or by its watcher
    thread). Stopped between the file landing and its line, it left a sheet
    the manifest did not know (seen once in the killed-parent test): the
    signal is held until both are done, and the watcher waits for them.
    """
    with _LANDING:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            write_atomic(path, pdf)
            append_entry(path.parent, path.name, digest)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)


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


Problem = tuple[str, str]  # (field, message) of a row that could not be drawn or written


def _draw_one(client: Client, password: str | None, title: str | None) -> bytes:
    """One sheet's bytes, protected as asked."""
    from handouts.build import protect_pdf, sheet_pdf

    assert _WORKSPACE is not None
    pdf = _RENDERER(_WORKSPACE, client) if _RENDERER is not None else sheet_pdf(_WORKSPACE, client)
    return protect_pdf(pdf, password=password, private_title=title)


def _draw_sheets(items: list[tuple[Client, str, str, str | None, str | None]]) -> list[Problem | None]:
    """Draw and write a few sheets: for each, a user mistake found while drawing as (field, message), or None.

    Each sheet is recorded in the folder's manifest the moment it lands, by
    this process, so a parent killed with ``kill -9`` loses no finished
    sheet. (A combined print file is made by the parent from these files.)
    """
    results: list[Problem | None] = []
    for client, target, digest, password, title in items:
        try:
            with _time_limit(_SECONDS):
                pdf = _draw_one(client, password, title)
            _land(Path(target), pdf, digest)
        except HandoutsError as exc:
            results.append((exc.field or "", exc.message + (f" ({exc.hint})" if exc.hint else "")))
        except SheetTimeout:
            results.append(("", f"drawing this sheet took longer than {_SECONDS:g} seconds; it was stopped"))
        except OSError as exc:
            results.append(("", f"cannot write {os.path.basename(target)}: {exc.strerror or type(exc).__name__}"))
        except Exception as exc:  # a bug met by one row must not cost the rest of the list
            results.append(("", f"internal error ({type(exc).__name__}); please report this row"))
        else:
            results.append(None)
    global _SETTLE
    if _SETTLE:
        _SETTLE = False
        settle_worker()
    return results


def _blank_page(page_size: str, large_print: bool) -> bytes:
    """The combined file's blank page for sheets of this kind, drawn here, where ReportLab is loaded anyway."""
    from handouts.build.chunk import blank_page_pdf

    assert _WORKSPACE is not None
    return blank_page_pdf(_WORKSPACE, page_size, large_print)


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
