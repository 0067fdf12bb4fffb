"""A table of computed work kept in the user's cache from one process to the next.

A fresh ``handouts sheet`` computes the same things every time it starts:
the methods of its records (``cli.compiled_methods``), the regular
expressions of the libraries it loads (``cli.compiled_patterns``), the
chart's foot drawings (``charts.paint``), the font subsets, their
compressed streams and the parsed paragraphs of its PDF (``render.fonts``).
Each keeps what it computed in a ``KeptTable``: read once when first needed, added to as the
process goes, and written back when something was new, or when this process
used less than three quarters of it (a first run on a fresh cache meets the
catalog's loaders, which later runs skip: they should not read those entries
every time). The entry (``files.cache``) is named by the caller for
everything its values depend on, so a table is only ever read by the same
interpreter and code that wrote it.

Tables of drawing work are written once per process, after its first
document (``save_drawing_tables``): that is the document a fresh process
waits for; a batch worker or the web front desk keeps the rest in memory.
"""

from __future__ import annotations

import threading
from typing import Any

from handouts.files.cache import keep, read_stored

USED_ENOUGH = 0.75  # a table this process used less of is written again with only what it used
MAX_ENTRIES = 4096  # beyond that (or a table's own limit) it starts again with what this process used
KEPT = 4  # entries of one kind on disk: a few commands' tables, old ones dropped first


class KeptTable:
    """What earlier processes computed (``get``), and what this one adds (``add``) for the next (``save``)."""

    def __init__(self, store: str, key: str, limit: int = MAX_ENTRIES) -> None:
        self.store = store
        self.key = key
        self.limit = limit
        known = read_stored(store, key)
        self.entries: dict[Any, Any] = known if isinstance(known, dict) else {}
        self.new: dict[Any, Any] = {}
        self.used: set[Any] = set()
        self.closed = False  # saved for good (``save_drawing_tables``): asked for nothing more
        self._lock = threading.Lock()  # the web front desk draws in two threads

    def get(self, key: Any) -> Any:
        """The kept value, or None; the caller checks its shape before use (a table is only a cache)."""
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
        return value

    def add(self, key: Any, value: Any) -> None:
        with self._lock:
            if self.closed:
                return
            self.entries[key] = self.new[key] = value
            self.used.add(key)

    def close(self) -> None:
        """Ask nothing more of this table and hold none of it (later documents keep their work in memory)."""
        with self._lock:
            self.closed = True
            self.entries, self.new, self.used = {}, {}, set()

    def save(self) -> None:
        """Write the table back when this process added to it or used less than ``USED_ENOUGH`` of it."""
        with self._lock:
            used_enough = len(self.used) >= USED_ENOUGH * len(self.entries)
            if not self.new and used_enough:
                return
            if self.new and len(self.entries) <= self.limit and used_enough:
                entries = dict(self.entries)  # the next process may need what this one did not (a logo)
            else:
                used = list(self.used)  # one step: ``get`` adds to it without the lock
                entries = {key: self.entries[key] for key in used if key in self.entries}
            self.new = {}
        keep(self.store, self.key, entries, limit=KEPT)


DRAWING_ENTRIES = 64  # a sheet keeps about 20 (fonts, streams, chart forms); clients differ in a few of them
_DRAWING: list[KeptTable] = []  # opened by ``drawing_table``, written by ``save_drawing_tables``
_DRAWING_LOCK = threading.Lock()
_drawing_saved = False


def drawing_table(store: str, key: str, limit: int = DRAWING_ENTRIES) -> KeptTable:
    """A table of drawing work, written with the others after this process's first document."""
    table = KeptTable(store, key, limit)
    with _DRAWING_LOCK:
        _DRAWING.append(table)
    return table


def save_drawing_tables() -> None:
    """After a finished document: write the drawing tables, the first time only (see the module's text)."""
    global _drawing_saved
    with _DRAWING_LOCK:
        if _drawing_saved:
            return
        _drawing_saved = True
        tables = list(_DRAWING)
    for table in tables:
        table.save()
        table.close()
