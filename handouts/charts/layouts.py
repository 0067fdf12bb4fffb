"""Label layouts kept between charts: in memory for this process, and on disk for the next one.

Placing a chart's labels is the costliest part of drawing it, and a batch
draws the same few goal combinations again and again, so a layout is kept in
memory under everything it depends on (``FootChart.layout_settings``). A long
varied list meets several hundred keys (goal sets x cautions x paper x layout),
so the least recently used one goes when the cache is full: clearing it all at
once made a 10,000-row batch place the same labels again every few hundred rows.

A fresh process (a front-desk ``handouts sheet``) starts with that cache empty
and would place the same labels again each time, so a layout is also kept in
the user's cache folder (``files.cache``). Its name is a hash of the chart
geometry and zones by content, not by object: the hash of the views the
catalog's chart set got when it was loaded (``catalog.stored``; outlines,
zone shapes, guides and their names), the zones' own fields, the bundled fonts
(size and time), ReportLab's version, the code of this package and the chart's
settings (the numbers earlier charts of the document gave included). Any
change to any of them gives a new name, and nothing else does: a clinic that
edits its goals or cautions keeps its layouts. A chart set made without that
hash (in memory, by a test) is kept in memory only.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from handouts.catalog.chart_geometry import ChartSet
from handouts.charts.kept import kept
from handouts.charts.placement import Placed
from handouts.files.cache import code_folder, content_key, keep, read_stored
from handouts.typeface import fonts_stamp

LAYOUT_LIMIT = 1024  # entries: 10,000 varied rows meet about 700; one holds about 16 KB, so at most ~16 MB
STORE = "layouts"  # the kind of stored work (``files.cache``): <cache>/layouts/<key>.pickle
# layouts kept on disk (about 2 KB each): the goal sets x cautions x paper x layouts a clinic meets; a varied
# 10,000-row list meets about 900, so a clinic's next batch places none of them again
KEEP = 2048

# style, own legend, the placed labels, the numbers given: what placing a chart's labels decides
Layout = tuple[str, bool, list[Placed], dict[str, int]]
# the layout, then the chart set and zones it was placed for (held, so that their ids, in the key, stay theirs)
_LAYOUTS: OrderedDict[tuple[object, ...], tuple[str, bool, list[Placed], dict[str, int], object]] = OrderedDict()


CODE = code_folder(__name__)  # the charts' code, whose modules name stored layouts
# The zones' fields as written into a layout's name, by the zones' id (the zones held beside it): about 10 KB of
# text that took two thirds of naming a layout when it was written out for each new goal set
_ZONES_TEXT: dict[Any, tuple[tuple[object, ...], str]] = {}


def stored_key(charts: ChartSet, zones: Mapping[str, Any], settings: tuple[object, ...]) -> str | None:
    """The name of the layout on disk for these charts, zones and settings; None when it is kept in memory only."""
    if not charts.geometry:
        return None
    from reportlab import Version

    zones_text = kept(_ZONES_TEXT, id(zones), (zones,), lambda: repr(sorted(zones.items())), 8)
    return content_key(CODE, charts.geometry, zones_text, fonts_stamp(), f"reportlab {Version}", repr(settings))


def recall(memo: tuple[object, ...], charts: ChartSet, zones: Mapping[str, Any],
           settings: tuple[object, ...]) -> tuple[Layout | None, str | None]:
    """The layout kept under ``memo`` in this process, else the one kept on disk for the same content.

    Returns it (None when there is none) and, unless it was in memory, the
    name it has or would have on disk (None when not kept on disk).
    """
    found = _LAYOUTS.get(memo)
    if found is not None:
        _LAYOUTS.move_to_end(memo)
        return found[:4], None  # type: ignore[return-value]
    on_disk = stored_key(charts, zones, settings)
    stored = read_stored(STORE, on_disk) if on_disk is not None else None
    if isinstance(stored, tuple) and len(stored) == 4 and isinstance(stored[2], list):
        remember(memo, None, stored, (charts, zones))
        return stored, on_disk
    return None, on_disk


def remember(memo: tuple[object, ...], on_disk: str | None, layout: Layout, holding: object) -> None:
    """Keep ``layout`` in memory (the least recently used one goes when full) and, given a name, on disk."""
    while len(_LAYOUTS) >= LAYOUT_LIMIT:
        _LAYOUTS.popitem(last=False)
    _LAYOUTS[memo] = (*layout, holding)
    if on_disk is not None:
        keep(STORE, on_disk, layout, limit=KEEP)


ROWS_LIMIT = 1024  # charts' rows kept per process (``FootChart.rows``): as many as label layouts are kept
# A placed chart's rows by its layout key, style and legend; the chart set and zones are held with them,
# so that the ids in the key stay theirs (as the layouts' are)
_ROWS: dict[Any, tuple[tuple[object, ...], Any]] = {}


def kept_rows(key: tuple[object, ...], charts: ChartSet, zones: Mapping[str, Any],
              split: Callable[[], list[Any]]) -> list[Any]:
    """A placed chart's rows (``FootChart.rows``) kept under ``key``; ``split`` makes them when they are not."""
    return kept(_ROWS, key, (charts, zones), split, ROWS_LIMIT)
