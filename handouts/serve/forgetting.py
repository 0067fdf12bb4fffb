"""Forgetting a client for good: the history rows, their sheets, and their traces in batch folders.

A sheet made in a batch leaves more than its PDF: a line in the folder's
manifest and report (both name the file, the report names the client too) and
pages in the combined print file. All of it goes; the combined file holds
other clients as well, so it is removed whole (the sheets themselves stay).

Each batch folder is rewritten holding its lock (``files.lock``), waiting for
a batch still writing there to finish, and each file is replaced whole
(``files.writing.write_atomic``): a manifest line a running batch appends
meanwhile is never lost, and a crash leaves the old file or the new.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

from handouts.files.lock import folder_lock
from handouts.files.writing import write_atomic
from handouts.store import ClientRow, Store, name_key

MANIFEST = ".handouts-manifest.jsonl"  # as written by the batch runner
COMBINED = "print-me.pdf"  # the web batches' combined print file


def forget_client(store: Store, client: ClientRow) -> int:
    """Forget ``client`` everywhere; returns how many files were removed."""
    removed = store.forget(client.id)
    for folder in {p.parent for p in removed}:
        names = {p.name for p in removed if p.parent == folder}
        if (folder / MANIFEST).is_file():
            _scrub(folder, names, client.name)
    return len(removed)


def _scrub(folder: Path, files: set[str], name: str) -> None:
    with folder_lock(folder, wait=True, what="forgetting a client"):
        manifest = folder / MANIFEST
        kept = []
        for line in manifest.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                if json.loads(line).get("file") in files:
                    continue
            kept.append(line)
        write_atomic(manifest, "".join(f"{line}\n" for line in kept).encode("utf-8"))
        for report in folder.glob("batch-report*.csv"):
            _scrub_report(report, files, name_key(name))
        with contextlib.suppress(FileNotFoundError):
            (folder / COMBINED).unlink()


def _scrub_report(report: Path, files: set[str], key: str) -> None:
    """Drop the report's rows about the client (by file, or by name for rows that failed)."""
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    if not rows:
        return
    header = rows[0]
    file_col = header.index("file") if "file" in header else None
    name_col = header.index("name") if "name" in header else None

    def about(row: list[str]) -> bool:
        in_files = file_col is not None and len(row) > file_col and row[file_col] in files
        named = name_col is not None and len(row) > name_col and name_key(row[name_col].lstrip("'")) == key
        return in_files or named

    out = io.StringIO()
    csv.writer(out).writerows([header, *[r for r in rows[1:] if not about(r)]])
    write_atomic(report, out.getvalue().encode("utf-8-sig"))
