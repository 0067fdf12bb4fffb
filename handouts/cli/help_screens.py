"""Help screens kept on disk, so ``handouts --help`` answers without loading Typer and Rich.

Drawing a help screen needs Typer, Click and Rich's tables and panels: about
130 ms of imports before a single line is printed, each time a clerk types
``--help``. The screen is the same every time for the same handouts, the same
Typer and Rich, and the same terminal, so the first time it is drawn (by Typer,
as always) the exact text written to stdout is kept in the user's cache folder
(``files.cache``). Later requests print that text and stop.

An entry's name is a hash of what the screen depends on outside the code: the
words typed, the terminal (is stdout a terminal, its size, its encoding) and
every environment variable Rich or Typer reads to choose widths and colours.
The entry itself lists the files the screen was made from (each handouts
module loaded while drawing it, and the installed metadata of Typer, Rich and
Click) with a hash of their bytes; it is printed only while those bytes hash
the same, so any edit to handouts or any upgrade makes a new screen. A
missing, unreadable or damaged entry is ignored: Typer draws the screen again.
``HANDOUTS_CACHE_DIR=off`` turns the store off.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from handouts.cli import HELP_FLAGS
from handouts.files.cache import cache_root, read_private, write_private

FORMAT = "handouts help screen 1"
# What Rich and Typer read from the environment to choose a screen's width, colours and boxes.
SCREEN_ENV = (
    "COLUMNS", "LINES", "JUPYTER_COLUMNS", "JUPYTER_LINES", "TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR",
    "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERMINAL_WIDTH", "_TYPER_FORCE_DISABLE_TERMINAL", "GITHUB_ACTIONS",
    "PY_COLORS", "TYPER_USE_RICH", "DATABRICKS_RUNTIME_VERSION", "PYTHONIOENCODING", "LANG", "LC_ALL", "LC_CTYPE",
)
WORD = re.compile(r"[a-z][a-z0-9-]*\Z")
PACKAGES = ("typer", "rich", "click")  # whose installed version shapes the screen
KEEP = 64  # screens kept: every command at a few widths


def is_help_request(argv: list[str]) -> bool:
    """``handouts [COMMAND [SUBCOMMAND]] --help``: command words only, then the help flag."""
    return bool(argv) and argv[-1] in HELP_FLAGS and len(argv) <= 3 and all(WORD.match(a) for a in argv[:-1])


def _terminal_size() -> tuple[int, int] | None:
    """The terminal size Rich would find (it asks stdin, stdout and stderr in turn)."""
    for fd in (0, 1, 2):
        try:
            return tuple(os.get_terminal_size(fd))  # type: ignore[return-value]
        except (OSError, ValueError):
            continue
    return None


def _isatty(stream: TextIO) -> bool | None:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return None


def screen_path(argv: list[str], stdout: TextIO) -> Path | None:
    """Where the screen for ``argv`` on this terminal is kept; None when the store is off."""
    root = cache_root()
    if root is None:
        return None
    facts = (argv, [os.environ.get(name) for name in SCREEN_ENV], _terminal_size(), _isatty(stdout),
             getattr(stdout, "encoding", None), sys.version, sys.platform, sys.executable)
    name = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    return root / "help" / f"{name}.txt"


def sources_digest(files: list[str]) -> str | None:
    """A hash of the files' names and bytes; None when one of them cannot be read (it moved or went)."""
    digest = hashlib.sha256()
    for file in files:
        try:
            data = Path(file).read_bytes()
        except OSError:
            return None
        digest.update(f"{file}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_screen(path: Path) -> str | None:
    """The kept screen at ``path`` if the files it was made from are unchanged, else None."""
    try:
        data = read_private(path)  # printed to the terminal: only a screen this user kept
        if data is None:
            return None
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, sep, screen = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or len(lines) < 3 or lines[0] != FORMAT:
        return None
    files = lines[2:]
    if sources_digest(files) != lines[1]:
        return None
    return screen


def show_stored(argv: list[str]) -> bool:
    """Print the kept help screen for ``argv`` and say so; False when there is none to print."""
    if not is_help_request(argv):
        return False
    path = screen_path(argv, sys.stdout)
    screen = read_screen(path) if path is not None else None
    if screen is None:
        return False
    sys.stdout.write(screen)
    sys.stdout.flush()
    return True


def _installed_metadata(package: str) -> list[str]:
    """The installed METADATA file of a loaded package (it names the version), else its ``__init__``."""
    module = sys.modules.get(package)
    origin = getattr(module, "__file__", None)
    if not origin:
        return []
    site = Path(origin).resolve().parent.parent
    found = sorted(str(p) for p in site.glob(f"{package}-*.dist-info/METADATA"))
    return found or [str(Path(origin).resolve())]


def loaded_sources() -> list[str]:
    """The files a screen drawn in this process came from: handouts' loaded modules and the packages' metadata."""
    home = Path(__file__).resolve().parent.parent
    files = set()
    for module in list(sys.modules.values()):
        origin = getattr(module, "__file__", None)
        if origin and Path(origin).resolve().is_relative_to(home):
            files.add(str(Path(origin).resolve()))
    for package in PACKAGES:
        files.update(_installed_metadata(package))
    return sorted(files)


def keep_screen(path: Path, screen: str, files: list[str]) -> None:
    """Store ``screen`` at ``path`` (whole or not at all); a disk that refuses only means no store."""
    digest = sources_digest(files)
    if digest is None or any("\n" in f for f in files):
        return
    try:
        write_private(path, ("\n".join((FORMAT, digest, *files)) + "\n\n" + screen).encode("utf-8"), KEEP)
    except OSError:
        return


class _Copying:
    """A stream that writes through to stdout and keeps a copy; everything else is stdout's own."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        written = self._stream.write(text)  # Click probes with bytes, which a text stream refuses: not kept
        self.parts.append(text)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def recorded(argv: list[str]) -> Iterator[None]:
    """Keep the help screen Typer draws for ``argv`` (when it is a help request that succeeds)."""
    # Click rewraps a stream whose encoding is not UTF-8, and Rich may draw on an old Windows console
    # through its own calls: what either writes would bypass the copy, so neither is kept.
    utf = "utf" in str(getattr(sys.stdout, "encoding", "")).lower()
    console = sys.platform == "win32" and _isatty(sys.stdout)
    path = screen_path(argv, sys.stdout) if utf and not console and is_help_request(argv) else None
    if path is None:
        yield
        return
    stream = sys.stdout
    copy = _Copying(stream)
    sys.stdout = copy  # type: ignore[assignment]
    try:
        yield
    except SystemExit as done:
        if done.code in (0, None) and copy.parts and all(isinstance(p, str) for p in copy.parts):
            keep_screen(path, "".join(copy.parts), loaded_sources())
        raise
    finally:
        sys.stdout = stream
