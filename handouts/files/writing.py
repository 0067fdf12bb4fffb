"""Output files: safe names derived from client names, and atomic writes.

A file name made from ``../../etc/passwd`` or ``CON`` must stay a harmless
file inside the output folder on every operating system, and a crash or
Ctrl-C must never leave a half-written PDF behind: bytes go to a temporary
file in the same folder, which is then renamed over the target in one step.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def _file_mode() -> int:
    """Regular-file permissions under the current umask (a part file alone is 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()  # what a plain open() would have given; a part file alone is 0600
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_SLUG = 60


def slugify(text: str, fallback: str = "client") -> str:
    """A lower-case, hyphenated file-name stem; letters of any script are kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # A combining mark is kept until accents are dropped below: "İsmail" casefolds to i + dot, not "i-smail".
    text = "".join(ch if ch.isalnum() or unicodedata.combining(ch) else "-" for ch in text)
    # Accents are dropped where the base letter is Latin (é -> e) for friendlier names.
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = re.sub(r"-+", "-", text).strip("-")[:MAX_SLUG].strip("-")
    if not text:
        return fallback
    if text in _WINDOWS_RESERVED:
        text = f"{text}-{fallback}"
    return text


class TakenNames:
    """File names given out so far (compared case-blind), and the next number to try for a name met twice.

    A batch gives out one name per row, so this is the parent's one store that
    grows with the list. Names are kept as 64-bit hashes of their case-folded
    form, in a sorted array (8 bytes a name) fed from a set at most an eighth
    its size (so merging costs little, amortised): two
    different names hashing alike (about one chance in 10^8 in a million rows)
    only means one of them gets a "-2" it did not need; a name is never given
    out twice.
    """

    RECENT = 4096  # names kept in a plain set, at least, before they are merged into the sorted array

    def __init__(self, names: set[str] | None = None) -> None:
        self.sorted = array("q")
        self.recent = {hash(n.casefold()) for n in names or ()}
        self.next_number: dict[int, int] = {}

    def __contains__(self, name: str) -> bool:
        key = hash(name.casefold())
        if key in self.recent:
            return True
        at = bisect_left(self.sorted, key)
        return at < len(self.sorted) and self.sorted[at] == key

    def add(self, name: str) -> None:
        self.recent.add(hash(name.casefold()))
        if len(self.recent) >= max(self.RECENT, len(self.sorted) // 8):
            self.sorted = array("q", sorted(itertools.chain(self.sorted, self.recent)))  # the array is one run already
            self.recent = set()


def first_free(folder: Path, stem: str, suffix: str, same: bytes | None = None) -> Path:
    """``folder/stem+suffix``, else ``stem-2``, ``stem-3`` ...: the first name not on disk.

    A file that already holds exactly ``same`` counts as free: writing the same
    bytes again need not leave a second copy beside the first.
    """
    n, path = 1, folder / f"{stem}{suffix}"
    while path.exists() and (same is None or path.read_bytes() != same):
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def unique_name(stem: str, suffix: str, taken: TakenNames) -> str:
    """``stem + suffix``, or ``stem-2``, ``stem-3`` ... if already taken in ``taken``.

    Each name met more than once remembers how far its numbers went, so ten
    thousand clients of the same name cost ten thousand steps, not fifty million.
    A plain string, not a path: a batch's parent names every row, and a
    ``Path`` interns each name's text in the interpreter's table of interned
    strings, which never shrinks (about 0.12 KB a row, traced).
    """
    key = hash(f"{stem}{suffix}".casefold())
    name = f"{stem}{suffix}"
    n = taken.next_number.get(key, 2)
    while name in taken:
        name = f"{stem}-{n}{suffix}"
        n += 1
    if n > 2:
        taken.next_number[key] = n
    taken.add(name)
    return name


PART_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def new_part_file(path: Path) -> tuple[int, str]:
    """A new empty file beside ``path`` (``.<name>.<random>.part``), open, this user's alone: its descriptor and name.

    What ``tempfile.mkstemp`` does (a random name, created only if it does not
    exist, mode 0600, another name on a clash), written here because loading
    ``tempfile`` (and the ``shutil``, ``random`` and compression modules it
    imports) was 2.7 % of a fresh sheet's instructions, measured.
    """
    for _ in range(100):
        name = os.path.abspath(os.path.join(path.parent, f".{path.name}.{os.urandom(6).hex()}.part"))
        try:
            return os.open(name, PART_FLAGS, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(path.parent))


class AtomicFile:
    """A binary file written under a temporary name beside ``path``: ``commit`` puts it in place whole,
    ``discard`` removes it. For a file that is written across many steps (a batch's combined print file);
    ``atomic_writer`` is the same for one block of code.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = new_part_file(path)
        self.path = path
        self.handle: BinaryIO = os.fdopen(fd, "wb")

    def commit(self) -> None:
        try:
            self.handle.close()
            os.chmod(self.tmp, FILE_MODE)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at ``path`` whole when the block ends, or not at all."""
    file = AtomicFile(path)
    try:
        yield file.handle
    except BaseException:
        file.discard()
        raise
    file.commit()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    with atomic_writer(path) as handle:
        handle.write(data)
