"""One writer per output folder.

Two batches writing into one folder would share the report's temporary file,
append to one manifest from two processes and overwrite each other's sheets.
A batch therefore holds an exclusive lock on ``.handouts.lock`` in its output
folder for the whole run. The lock is an ``flock`` on an open file, so the
kernel releases it the moment the holder dies, even by ``kill -9``: a stale
lock file never blocks anyone. The file records who holds it, so the second
run can say which run is in the way.

Worker processes forked during the run inherit the open file, and an
``flock`` lasts until every copy is closed: a parent killed with its workers
still alive (an instant later, or longer while one finishes writing a
sheet) would leave the folder locked, and the user's rerun refused. So each
worker closes its copies first (``let_go_in_child``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from handouts.errors import InputError

LOCK = ".handouts.lock"
_HELD: dict[int, int] = {}  # lock descriptor -> the process holding it; a process forked from it closes them


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return "another handouts run"
    return "".join(ch for ch in text if ch.isprintable())[:200] or "another handouts run"


@contextlib.contextmanager
def folder_lock(folder: Path, *, wait: bool = False, what: str = "batch") -> Iterator[Path]:
    """Hold the folder's lock for the block; refuse at once (or wait) if another run holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise InputError(f"the folder is in use by {_holder(path)}", file=str(folder),
                                 hint="wait for it to finish, add --wait, or choose another --out-dir") from None
            fcntl.flock(fd, fcntl.LOCK_EX)
        started = dt.datetime.now().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"handouts {what} (process {os.getpid()}, started {started})\n".encode(), 0)
        _HELD[fd] = os.getpid()
        yield path
    finally:
        _HELD.pop(fd, None)
        os.close(fd)  # closing releases the lock; the file stays, harmless, for the next run to reuse


def let_go_in_child() -> None:
    """In a process forked while locks were held: close its copies, so only the holder keeps each lock.

    Called in the holder itself (by mistake), it leaves the locks alone.
    """
    for fd, holder in list(_HELD.items()):
        if holder != os.getpid():
            with contextlib.suppress(OSError):
                os.close(fd)
            del _HELD[fd]


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file, whether or not it exists yet."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


if sys.platform == "linux":  # pragma: no branch
    import ctypes

    _PR_SET_PDEATHSIG = 1

    def die_with_parent(signum: int) -> None:
        """Ask Linux to send ``signum`` to this process when its parent dies (a batch worker)."""
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)
else:  # pragma: no cover
    def die_with_parent(signum: int) -> None:
        """Elsewhere workers notice the parent's death by polling (see ``batch.worker._watch_parent``)."""
