"""Choosing a sheet's layout by drawing it: page limits, the compact layout, complements, page fill.

Most sheets fit their page limit (two pages; three in large print) in the
regular layout at once. A long routine is drawn again in the template's
compact layout, and only if that still runs over are "also good for you"
items dropped, from the end, until it fits: what is dropped is what did not
fit, measured, never a fixed count. A layout that runs over stops at its
first extra page, so each try costs little.

Large print adds a rule: no page less than half full except the last. When
the chart does not fit below the goals it would leave page one mostly empty;
then the chart is tried after the routine table, after the how-to and at the
end (on a page of its own if it must), and the best-paged layout is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from handouts.charts.draw import FootChart
from handouts.render.document import DocMeta, Packet, TooManyPages, render_packets
from handouts.render.fill import FillLog, page_fills
from handouts.render.sheet import SheetJob, looks_long, page_limit, sheet_packet

CHART_PLACES = ("goals", "table", "howto", "end")
HALF = 0.55  # a little over half: the markers sit below the last line's baseline


@dataclass(frozen=True)
class Layout:
    """The choices a sheet is drawn with."""

    compact: bool = False
    complements: int | None = None  # None: all of them
    chart_at: str = "goals"  # or after the routine "table", the "howto", or at the "end"


@dataclass(frozen=True)
class Drawn:
    """A drawn sheet and how full each of its pages is."""

    pdf: bytes
    fills: tuple[float, ...]
    layout: Layout

    @property
    def well_paged(self) -> bool:
        return all(f >= HALF for f in self.fills[:-1])


def draw(job: SheetJob, layout: Layout, limit: int | None, probe: list[FootChart] | None = None) -> Drawn | None:
    """The sheet in ``layout`` if it fits ``limit`` pages (None: any), else None.

    Page fill is measured in large print only, the one place it decides anything.
    """
    log: FillLog | None = [] if job.plan.client.large_print else None
    packet, meta = sheet_packet(job, probe, compact=layout.compact,
                                complements=layout.complements, chart_at=layout.chart_at, fill_log=log)
    packet.title = meta.title
    counts: list[int] = []
    try:
        pdf = render_packets([packet], meta, max_pages=limit, page_counts=counts)
    except TooManyPages:
        return None
    fills = page_fills(log, packet, counts[0]) if log is not None else [1.0] * counts[0]
    return Drawn(pdf, tuple(fills), layout)


def fitted_sheet(job: SheetJob, probe: list[FootChart] | None = None) -> Drawn:
    """The sheet in the first layout that fits, then (large print) the better-paged of two chart places.

    ``probe`` (tests) receives the charts of the sheet finally chosen: it is drawn once more for them.
    """
    plan = job.plan
    drawn = _fit(job)
    over = len(drawn.fills) > page_limit(plan)
    if plan.client.large_print and plan.has_routine and (over or not drawn.well_paged):
        for place in ("table", "howto", "end"):
            other = draw(job, replace(drawn.layout, chart_at=place), len(drawn.fills))
            if other is not None and (other.well_paged, -len(other.fills)) > (drawn.well_paged, -len(drawn.fills)):
                drawn = other
    if probe is not None:
        drawn = draw(job, drawn.layout, None, probe) or drawn
    return drawn


def _fit(job: SheetJob) -> Drawn:
    plan = job.plan
    limit = page_limit(plan)
    if plan.has_routine and not looks_long(job.catalog, plan):
        drawn = draw(job, Layout(), limit)
        if drawn is not None:
            return drawn
    if plan.has_routine:
        drawn = _fit_complements(job, limit)
        if drawn is None and plan.client.large_print:
            # the chart at its full size may need a page of its own: one more page, not an unbounded sheet
            drawn = _fit_complements(job, limit + 1)
        if drawn is not None:
            return drawn
        everything = Layout(compact=True, complements=len(plan.complements))
    else:
        everything = Layout()
    drawn = draw(job, everything, None)
    assert drawn is not None  # no limit: always drawn
    return drawn


def _fit_complements(job: SheetJob, limit: int) -> Drawn | None:
    """The compact sheet with as many complements as fit ``limit`` pages (all, if they do); None if none do.

    Fewer items never make a sheet longer, so a binary search finds the most
    that fit in a couple of tries.
    """
    shown = job.compact_complements()

    def attempt(count: int) -> Drawn | None:
        layout = Layout(compact=True, complements=count)
        if not job.plan.client.large_print:
            return draw(job, layout, limit)
        found = None  # large print: the chart where the pages come out at least half full, if it can
        for place in CHART_PLACES:
            drawn = draw(job, replace(layout, chart_at=place), limit)
            if drawn is not None and drawn.well_paged:
                return drawn
            found = found or drawn
        return found

    best = attempt(shown)
    if best is not None or shown == 0:
        return best
    best = attempt(0)
    if best is None:
        return None
    fits, fails = 0, shown
    while fails - fits > 1:
        middle = (fits + fails) // 2
        found = attempt(middle)
        if found is None:
            fails = middle
        else:
            fits, best = middle, found
    return best


def fitted_packet(job: SheetJob) -> tuple[Packet, DocMeta]:
    """The client's pages in the layout ``fitted_sheet`` chooses, for a combined file.

    Choosing costs a render or more; a combined file that wants its sheets
    exactly as the single files are pays it once more per client.
    """
    layout = fitted_sheet(job).layout
    packet, meta = sheet_packet(job, compact=layout.compact, complements=layout.complements,
                                chart_at=layout.chart_at)
    packet.title = meta.title
    return packet, meta
