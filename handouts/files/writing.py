"""Output files: safe names derived from client names, and atomic writes.

A file name made from ``../../etc/passwd`` or ``CON`` must stay a harmless
file inside the output folder on every operating system, and a crash or
Ctrl-C must never leave a half-written PDF behind: bytes go to a temporary
file in the same folder, which is then renamed over the target in one step.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def _file_mode() -> int:
    """Regular-file permissions under the current umask (mkstemp alone gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()  # what a plain open() would have given; mkstemp alone gives 0600
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


def unique_path(folder: Path, stem: str, suffix: str, taken: set[str]) -> Path:
    """``folder/stem.suffix``, or ``stem-2``, ``stem-3`` ... if already taken in ``taken``."""
    name = f"{stem}{suffix}"
    n = 2
    while name.casefold() in taken:
        name = f"{stem}-{n}{suffix}"
        n += 1
    taken.add(name.casefold())
    return folder / name


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at ``path`` whole when the block ends, or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    with atomic_writer(path) as handle:
        handle.write(data)
