"""Values kept per process for as long as the objects they were made for are the ones asked about.

Chart work that depends only on a view, its zones or a chart set is kept
under a key made of those objects' ids. An id is unique only while its
object lives, so each entry holds the objects themselves and is used only
when they are the very ones asked about; a full table is emptied at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def kept(table: dict[Any, tuple[tuple[object, ...], Any]], key: Hashable, holders: tuple[object, ...],
         make: Callable[[], T], limit: int) -> T:
    """``make()``'s value kept in ``table`` under ``key``, for the objects ``holders`` (their ids are in ``key``)."""
    found = table.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], holders, strict=True)):
        return found[1]
    value = make()
    if len(table) >= limit:
        table.clear()
    table[key] = (holders, value)
    return value
