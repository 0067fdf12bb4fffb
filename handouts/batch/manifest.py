"""The batch manifest: what each sheet in an output folder was made from.

A rerun after a crash or an edit should redo only what changed. The process
that writes a sheet appends one JSON line ``{"file": ..., "hash": ...}`` to
``.handouts-manifest.jsonl`` right after the PDF is renamed into place, with a
single ``write`` on a file opened for appending (the kernel keeps such small
appends from several workers whole), so even ``kill -9`` of the batch loses no
finished sheet: a rerun redraws only what was not written. The hash covers the
client's checked fields and a fingerprint of every data and template file and
of handouts itself.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from handouts import __version__
from handouts.files.cache import file_stamp, keep, key_hash, read_stored
from handouts.files.paths import PACKAGE_DIR
from handouts.files.search_path import Workspace
from handouts.files.writing import write_atomic

MANIFEST = ".handouts-manifest.jsonl"
STORE = "fingerprints"  # the kind of stored work (``files.cache``): <cache>/fingerprints/<key>.pickle


def append_entry(folder: Path, file: str, digest: str) -> None:
    """Record one sheet that has just landed in ``folder`` (called by the process that wrote it)."""
    line = (json.dumps({"file": file, "hash": digest}) + "\n").encode("utf-8")
    fd = os.open(folder / MANIFEST, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        # Held while the last byte is checked and the line written: without it, a worker could see
        # another's line still landing as cut short and leave an empty line.
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"\n" + line if _cut_short(fd) else line)
    finally:
        os.close(fd)  # closing releases the lock


def _cut_short(fd: int) -> bool:
    """Whether the manifest's last line was cut short (by a crash mid-write), so ours must start afresh."""
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


FINGERPRINTED = (".yaml", ".yml", ".j2", ".py", ".ttf")  # the kinds of file that shape a sheet


def _fingerprint_files(workspace: Workspace) -> list[tuple[Path, str]]:
    """(folder, file) for every file a fingerprint reads, in the order it reads them; files named as text."""
    return [(folder, name) for folder in [*workspace.data_dirs, *workspace.template_dirs, PACKAGE_DIR]
            for name in _names_below(folder)]


def _files_below(folder: Path) -> list[Path]:
    """The fingerprinted files below ``folder``: those ``sorted(folder.rglob("*"))`` finds, in its order."""
    return [Path(name) for name in _names_below(folder)]


def _names_below(folder: Path) -> list[str]:
    """``_files_below`` as text: the fingerprint makes no path object of the files it only stats or reads.

    ``rglob`` made a path object for, and asked the disk about, every entry,
    the ``.pyc`` files of each ``__pycache__`` included, only to drop them,
    on every sheet a set-up clinic records in its history. ``os.scandir``
    tells a file from a folder without asking, so names are filtered first.
    As with ``rglob`` and ``Path.suffix``: links to folders are not entered,
    a file reached through a link counts, and a file named only ``.py``
    (say) has no suffix; sorted by their parts, as paths sort.
    """
    found: list[str] = []
    folders = [str(folder)]
    while folders:
        here = folders.pop()
        try:
            with os.scandir(here) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.name.endswith(FINGERPRINTED) and entry.name not in FINGERPRINTED and entry.is_file():
                        found.append(entry.path)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
    return sorted(found, key=lambda name: name.split(os.sep))


def fingerprint(workspace: Workspace) -> str:
    """A hash of everything besides the client that shapes a sheet.

    It reads about 1.6 MB, mostly handouts' own code and fonts, which a
    front-desk ``handouts sheet`` in a clinic folder paid on every run to
    record the sheet in the history. So the hash is kept in the cache folder
    (``files.cache``) under a key made of the same data, template and clinic
    bytes but of handouts' own files by name, size and time (as ``code_stamp``
    names code), and read again while that key is the same: the value is
    always the hash of every byte.
    """
    files = _fingerprint_files(workspace)
    key = key_hash(__version__.encode())
    for folder, name in files:
        if folder == PACKAGE_DIR:
            key.update(f"|{file_stamp(name)}".encode())
        else:
            key.update(f"|{name}|".encode())
            with open(name, "rb") as handle:
                key.update(handle.read())
    if workspace.clinic_file is not None:
        key.update(b"|clinic|" + workspace.clinic_file.read_bytes())
    kept = read_stored(STORE, key.hexdigest()[:40])
    if isinstance(kept, str):
        return kept
    digest = hashlib.sha256(__version__.encode())
    for folder, name in files:
        path = Path(name)
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    if workspace.clinic_file is not None:
        digest.update(workspace.clinic_file.read_bytes())
    keep(STORE, key.hexdigest()[:40], digest.hexdigest(), limit=16)
    return digest.hexdigest()


def client_hash(client: Any, base: str) -> str:
    """The hash of one client's sheet: its checked fields plus the fingerprint."""
    text = json.dumps(plain(client), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256((base + text).encode()).hexdigest()


def plain(value: Any) -> Any:
    """``value`` with its dataclasses turned into dicts: the JSON of ``dataclasses.asdict``, at a fifth of the cost.

    ``asdict`` deep-copies every leaf, which a hash that is thrown away at
    once does not need; for 10,000 rows that copying was a quarter of the
    batch parent's work. The JSON, and so every manifest hash, is the same
    (tested), so folders made by an earlier version stay up to date.
    """
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if hasattr(type(value), "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in type(value).__dataclass_fields__}
    return value


class Manifest:
    """Read the manifest of an output folder; note which of its entries this run replaces.

    Workers append a line per sheet themselves, so the parent keeps only what
    the folder held before the run (to skip sheets that are up to date), not a
    line per new sheet: its memory stays flat however long the list.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.folder = str(folder)
        self.entries: dict[str, str] = {}
        self.stale = False  # the file holds lines a compact rewrite would drop
        self._dropped: set[str] = set()
        if self.path.is_file():
            lines = self.path.read_text(encoding="utf-8").splitlines()
            self.entries = _latest(lines)
            self.stale = len(lines) != len(self.entries)

    def up_to_date(self, name: str, digest: str) -> bool:
        """Whether the sheet ``name`` (a file name in the folder) is there and was made from ``digest``."""
        return self.entries.get(name) == digest and os.path.isfile(os.path.join(self.folder, name))

    def record(self, name: str, digest: str) -> None:
        """Note a sheet whose line its writer has already appended (see append_entry)."""
        if name in self.entries:
            self.entries[name] = digest
            self.stale = True  # its older line is now out of date

    def forget(self, name: str) -> None:
        """Drop any line for ``name``: it now holds something other than a sheet, or its row was reported
        failed (a sheet that landed from a pool that broke is drawn again by the rerun, as reported).

        A known line makes the file due for a rewrite at once; any other is looked for when the run ends
        (``close``), because a rewrite reads the whole manifest into memory: made for every combined file
        in the output folder, it was most of a 10,000-row batch parent's peak, for a line that was never there.
        """
        if self.entries.pop(name, None) is not None:
            self.stale = True
        self._dropped.add(name)

    def close(self) -> None:
        """Rewrite compactly (latest entry per file, sorted) when lines were replaced, so the file does not
        grow forever, or when it has a line for a name forgotten in this run; a manifest with one whole line
        per sheet, none of them forgotten, is left as the workers wrote it."""
        if not self.path.is_file() or not (self.stale or not _all_whole(self.path, self._dropped)):
            return
        latest = _latest(self.path.read_text(encoding="utf-8").splitlines())
        for name in self._dropped:
            latest.pop(name, None)
        if latest:
            lines = "".join(json.dumps({"file": f, "hash": h}) + "\n" for f, h in sorted(latest.items()))
            write_atomic(self.path, lines.encode("utf-8"))


def _latest(lines: list[str]) -> dict[str, str]:
    """File name -> hash from manifest lines, the last line for a file winning."""
    entries: dict[str, str] = {}
    for line in lines:
        try:
            entry = json.loads(line)
            entries[entry["file"]] = entry["hash"]
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a crash: that sheet is simply made again
    return entries


def _all_whole(path: Path, dropped: set[str]) -> bool:
    """Is every line of the manifest an entry, and none for a ``dropped`` file? (Read line by line: nothing
    kept.) Workers appending at once may leave an empty line (one that saw another's line still landing as
    cut short)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                entry = json.loads(line)
                if isinstance(entry, dict) and "file" in entry and "hash" in entry and entry["file"] not in dropped:
                    continue
            except (ValueError, TypeError):  # TypeError: a "file" that is no name (a list)
                pass
            return False
    return True
