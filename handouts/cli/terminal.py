"""What reaches the terminal: clean one-line messages, signals as orderly stops, bugs as a log file.

* Text echoed from a client list can hold escape sequences (``ESC[2J`` clears
  the screen, OSC 8 forges links); ``safe_text`` removes every control and
  escape character before anything is printed.
* SIGTERM (``kill``, a service manager) and SIGHUP (a closed terminal) stop a
  run exactly like Ctrl-C: in-flight sheets land, the report is written,
  temporary files are removed; the exit code is 128 + the signal number.
* An error that is not the user's (a bug, or an OSError we did not foresee)
  prints one line and the path of a log file. The log holds the exception
  type and the stack (file, line, function) but no message and no values,
  because messages and variables may hold a client's name or health notes.

The modules only a bug log needs (traceback, tempfile, datetime) are loaded
when one is written: every command imports this module, and they were a few
per cent of a fresh ``handouts sheet``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
from collections.abc import Iterator
from pathlib import Path

from handouts import __version__
from handouts.errors import safe_text

__all__ = ["Stopped", "describe_os_error", "exit_code", "safe_text", "signals_as_interrupt", "write_bug_log"]



class Stopped(KeyboardInterrupt):
    """A signal asked the run to stop; handled everywhere Ctrl-C is."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def exit_code(exc: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return exc.exit_code if isinstance(exc, Stopped) else 128 + signal.SIGINT


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def signals_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise Stopped, as Ctrl-C raises KeyboardInterrupt."""
    previous = {sig: signal.signal(sig, _raise_stopped) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def describe_os_error(exc: OSError) -> str:
    """A one-line, plain description of a file-system error, naming the file."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EFBIG: "the file is larger than allowed (ulimit -f?)",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "it is a folder, not a file",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EEXIST: "a file of that name is in the way",
        errno.ENOENT: "no such file or folder",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    where = exc.filename2 or exc.filename
    return safe_text(f"cannot write or read '{where}': {reason}" if where else reason)


def log_dir() -> Path:
    """Where bug logs go: $XDG_STATE_HOME/handouts/logs, or the temporary folder."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "handouts" / "logs"


def write_bug_log(exc: BaseException) -> Path:
    """Write the exception's type and stack (no messages, no values) to a new log file; return its path."""
    import datetime as dt
    import tempfile
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"handouts {__version__}, {dt.datetime.now().isoformat(timespec='seconds')}",
             f"{type(exc).__module__}.{type(exc).__qualname__} (message left out: it may hold client data)", ""]
    lines += [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    text = "\n".join(lines) + "\n"
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix="handouts-error-", suffix=".log", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            return Path(name)
        except OSError:
            continue
    return Path("(no log: nowhere to write it)")
