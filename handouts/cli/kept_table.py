"""A table of compiled work kept in the user's cache from one command line to the next.

A fresh ``handouts sheet`` compiles the same things every time it starts:
the methods of its records (``cli.compiled_methods``) and the regular
expressions of the libraries it loads (``cli.compiled_patterns``). Each of
those modules keeps what it compiled in a ``KeptTable``: read once when the
process starts, added to as it goes, and written back once at the end when
something was new, or when it holds more than twice what this process
used (a first run on a fresh cache meets the catalog's loaders, which later
runs skip: they should not read those entries every time). The entry (``files.cache``) is named by the caller for
everything its values depend on, so a table is only ever read by the same
interpreter and code that wrote it.
"""

from __future__ import annotations

from typing import Any

from handouts.files.cache import keep, read_stored

MAX_ENTRIES = 4096  # beyond that the table starts again with what this process compiled
KEPT = 4  # entries of one kind on disk: a few commands' tables, old ones dropped first


class KeptTable:
    """What earlier processes compiled (``get``), and what this one adds (``add``) for the next (``save``)."""

    def __init__(self, store: str, key: str) -> None:
        self.store = store
        self.key = key
        known = read_stored(store, key)
        self.entries: dict[Any, Any] = known if isinstance(known, dict) else {}
        self.new: dict[Any, Any] = {}
        self.used: set[Any] = set()

    def get(self, key: Any) -> Any:
        """The kept value, or None; the caller checks its shape before use (a table is only a cache)."""
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
        return value

    def add(self, key: Any, value: Any) -> None:
        self.entries[key] = self.new[key] = value
        self.used.add(key)

    def save(self) -> None:
        """Write the table back when this process added to it or used less than half of it (once)."""
        if not self.new and len(self.used) * 2 >= len(self.entries):
            return
        if self.new and len(self.entries) <= MAX_ENTRIES and len(self.used) * 2 >= len(self.entries):
            entries = self.entries  # the next process may need what this one did not (another goal, a logo)
        else:
            entries = {key: self.entries[key] for key in self.used}
        keep(self.store, self.key, entries, limit=KEPT)
        self.new = {}
