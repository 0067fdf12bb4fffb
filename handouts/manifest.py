"""The batch manifest: what each sheet in an output folder was made from.

A rerun after a crash or an edit should redo only what changed. Each written
sheet appends one JSON line ``{"file": ..., "hash": ...}`` to
``.handouts-manifest.jsonl`` after the PDF is renamed into place. Lines are
flushed at least every half second rather than one by one (a write per sheet
cost a few per cent of a large batch), so a crash loses at most the last half
second of lines, and those sheets are simply made again. The hash covers the
client's checked fields and a fingerprint of every data and template file and
of handouts itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from pathlib import Path
from typing import Any

from handouts import __version__
from handouts.output import write_atomic
from handouts.resources import PACKAGE_DIR
from handouts.workspace import Workspace

MANIFEST = ".handouts-manifest.jsonl"
FLUSH_EVERY = 0.5  # seconds


def fingerprint(workspace: Workspace) -> str:
    """A hash of everything besides the client that shapes a sheet."""
    digest = hashlib.sha256(__version__.encode())
    folders = [*workspace.data_dirs, *workspace.template_dirs, PACKAGE_DIR]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".yaml", ".yml", ".j2", ".py", ".ttf"):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    if workspace.clinic_file is not None:
        digest.update(workspace.clinic_file.read_bytes())
    return digest.hexdigest()


def client_hash(client: Any, base: str) -> str:
    """The hash of one client's sheet: its checked fields plus the fingerprint."""
    fields = dataclasses.asdict(client)
    text = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256((base + text).encode()).hexdigest()


class Manifest:
    """Read the manifest of an output folder, and append to it as sheets are written."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.entries: dict[str, str] = {}
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.entries[entry["file"]] = entry["hash"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash: that sheet is simply made again
        self._handle = None
        self._flushed = 0.0

    def up_to_date(self, file: Path, digest: str) -> bool:
        return self.entries.get(file.name) == digest and file.is_file()

    def record(self, file: Path, digest: str) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            cut = False
            if self.path.is_file() and self.path.stat().st_size:
                with self.path.open("rb") as last:
                    last.seek(-1, 2)
                    cut = last.read(1) != b"\n"
            self._handle = self.path.open("a", encoding="utf-8")
            if cut:  # the last line of a killed run was cut short: start on a line of our own
                self._handle.write("\n")
        self.entries[file.name] = digest
        self._handle.write(json.dumps({"file": file.name, "hash": digest}) + "\n")
        now = time.monotonic()
        if now - self._flushed >= FLUSH_EVERY:
            self._handle.flush()
            self._flushed = now

    def close(self) -> None:
        """Rewrite compactly (latest entry per file), so the file does not grow forever."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.entries:
            lines = "".join(json.dumps({"file": f, "hash": h}) + "\n" for f, h in sorted(self.entries.items()))
            write_atomic(self.path, lines.encode("utf-8"))
