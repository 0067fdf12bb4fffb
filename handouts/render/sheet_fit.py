"""Choosing a sheet's layout by measuring it: page limits, the compact layout, complements, page fill.

Most sheets fit their page limit (two pages; three in large print) in the
regular layout at once. A long routine is tried again in the template's
compact layout, and only if that still runs over are "also good for you"
items dropped, from the end, until it fits: what is dropped is what did not
fit, measured, never a fixed count. Every try is laid out without drawing
(``render_packets(measure=True)``) and stops at its first extra page, so
each costs little; the chosen try is then drawn from its recording
(``render.measure``): its pages are never laid out a second time.

Large print adds a rule: no page less than half full except the last. When
the chart does not fit below the goals it would leave page one mostly empty;
then the chart is tried after the routine table, after the how-to and at the
end (on a page of its own if it must), and the best-paged layout is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from handouts.charts.draw import FootChart
from handouts.errors import TemplateError
from handouts.render.document import DocMeta, Packet, TooManyPages, render_packets
from handouts.render.fill import FillLog, page_fills
from handouts.render.measure import Recording
from handouts.render.sheet import SheetJob, looks_long, page_limit, sheet_packet

CHART_PLACES = ("goals", "table", "howto", "end")
# a smaller chart before one more page (or a page under half full); one-goal sheets keep their soles within 5 %
# of the regular sheet's (tested); at 70 % a two-view chart's soles are about three quarters of the regular
# sheet's (digestion + lower-back on A4: 43 mm, regular 56 mm)
LARGE_CHART_SCALES = (0.85, 0.7)
HALF = 0.55  # a little over half: the markers sit below the last line's baseline


@dataclass(frozen=True)
class Layout:
    """The choices a sheet is drawn with."""

    compact: bool = False
    complements: int | None = None  # None: all of them
    chart_at: str = "goals"  # or after the routine "table", the "howto", or at the "end"
    chart_scale: float = 1.0  # large print: the chart a little smaller rather than one more page


@dataclass(frozen=True)
class Drawn:
    """A measured sheet: how full each of its pages is, and its pages ready to draw (``pdf()``)."""

    fills: tuple[float, ...]
    layout: Layout
    packet: Packet  # draws the recorded pages (``Recording.story``), without laying them out again
    meta: DocMeta

    @property
    def well_paged(self) -> bool:
        return all(f >= HALF for f in self.fills[:-1])

    def pdf(self) -> bytes:
        """The sheet's PDF: the measured pages, drawn."""
        return render_packets([self.packet], self.meta)


def draw(job: SheetJob, layout: Layout, limit: int | None, probe: list[FootChart] | None = None) -> Drawn | None:
    """The sheet in ``layout``, measured, if it fits ``limit`` pages (None: any), else None.

    Only laid out, not drawn: enough to choose a layout, at a fraction of the
    cost; ``Drawn.pdf()`` draws the chosen one. Page fill is measured in
    large print only, the one place it decides anything. While a layout is
    being chosen (``choose_layout``), a layout already measured is not
    measured again when its earlier try settles the answer (``_known``).
    """
    tried = _TRIES.get() if probe is None else None
    if tried is not None and layout in tried:
        settled, known = _known(*tried[layout], limit)
        if settled:
            return known
    drawn = _measure(job, layout, limit, probe)
    if tried is not None:
        tried[layout] = (limit, drawn)  # a try made anew knows more than the one it replaces (``_known``)
    return drawn


# the layouts measured so far for the sheet whose layout is being chosen: each with its page limit and result
_TRIES: ContextVar[dict[Layout, tuple[int | None, Drawn | None]] | None] = ContextVar("sheet_tries", default=None)


def _known(limit_then: int | None, then: Drawn | None, limit: int | None) -> tuple[bool, Drawn | None]:
    """Whether a try of the same layout with ``limit_then`` settles a try with ``limit``, and what it gives.

    A layout that fitted ``limit_then`` pages was measured to its end: it
    fits ``limit`` if it has no more pages, and runs over otherwise. One that
    ran over ``limit_then`` runs over any smaller limit too. The measured
    try is the same one either way: the layout never depends on the limit.
    """
    if then is not None:
        return True, then if limit is None or len(then.fills) <= limit else None
    return limit is not None and limit_then is not None and limit <= limit_then, None


@contextmanager
def _remembering() -> Iterator[None]:
    """Tries made inside are remembered (``draw``) until the block ends: one sheet's choice, drawn once."""
    token = _TRIES.set({})
    try:
        yield
    finally:
        _TRIES.reset(token)


def _measure(job: SheetJob, layout: Layout, limit: int | None, probe: list[FootChart] | None) -> Drawn | None:
    """``draw`` without remembering: the sheet laid out in ``layout``, up to the first page past ``limit``."""
    log: FillLog | None = [] if job.plan.client.large_print else None
    packet, meta = sheet_packet(job, probe, compact=layout.compact,
                                complements=layout.complements, chart_at=layout.chart_at, fill_log=log,
                                chart_scale=layout.chart_scale)
    counts: list[int] = []
    recordings: list[Recording] = []
    try:
        render_packets([packet], meta, max_pages=limit, page_counts=counts, measure=True, recordings=recordings)
    except TooManyPages:
        return None
    fills = page_fills(log, packet, counts[0]) if log is not None else [1.0] * counts[0]
    drawable = Packet(recordings[0].story(counts[0]), packet.theme, packet.head, meta.title, packet.margins)
    return Drawn(tuple(fills), layout, drawable, meta)


def fitted_sheet(job: SheetJob, probe: list[FootChart] | None = None) -> Drawn:
    """The sheet in the layout ``choose_layout`` picks, ready to draw.

    ``probe`` (tests) receives the charts of the sheet finally chosen: it is measured once more for them.
    """
    drawn = choose_layout(job)
    if probe is not None:
        drawn = draw(job, drawn.layout, None, probe) or drawn
    return drawn


def choose_layout(job: SheetJob) -> Drawn:
    """The first layout that fits, then (large print) the better-paged of the chart's places."""
    with _remembering():
        return _choose(job)


def _choose(job: SheetJob) -> Drawn:
    plan = job.plan
    drawn = _fit(job)
    over = len(drawn.fills) > page_limit(plan)
    if plan.client.large_print and plan.has_routine and (over or not drawn.well_paged):
        for place in ("table", "howto", "end"):
            other = draw(job, replace(drawn.layout, chart_at=place), len(drawn.fills))
            if other is not None and (other.well_paged, -len(other.fills)) > (drawn.well_paged, -len(drawn.fills)):
                drawn = other
    return drawn


def _fit(job: SheetJob) -> Drawn:
    plan = job.plan
    limit = page_limit(plan)
    if plan.has_routine and not looks_long(job.catalog, plan):
        drawn = draw(job, Layout(), limit)
        if drawn is not None:
            return drawn
    if plan.has_routine:
        everything = Layout(compact=True, complements=len(plan.complements))
        over: list[Drawn] = []  # ``everything`` measured to its end, if the compact tries began with it
        drawn = _fit_complements(job, limit, keep=None if plan.client.large_print else (everything, over))
        if plan.client.large_print:
            drawn = _smaller_chart(job, limit, drawn)
        if drawn is None and plan.client.large_print:
            # the chart at its full size may need a page of its own: one more page, not an unbounded sheet
            drawn = _fit_complements(job, limit + 1)
        if drawn is not None:
            return drawn
        if over:
            return over[0]
    else:
        everything = Layout()
    drawn = draw(job, everything, None)
    assert drawn is not None  # no limit: always drawn
    return drawn


def _smaller_chart(job: SheetJob, limit: int, drawn: Drawn | None) -> Drawn | None:
    """Large print: a smaller chart (``LARGE_CHART_SCALES``) when ``drawn`` runs over the limit (None) or
    leaves a page less than half full; ``drawn`` when no smaller chart does better.
    """
    for scale in LARGE_CHART_SCALES:
        if drawn is not None and drawn.well_paged:
            break
        try:
            smaller = _fit_complements(job, limit, scale)
        except TemplateError:
            break  # its labels no longer fit beside the feet: keep the larger chart
        if smaller is not None and (drawn is None or smaller.well_paged):
            drawn = smaller
    return drawn


def _fit_complements(job: SheetJob, limit: int, chart_scale: float = 1.0,
                     keep: tuple[Layout, list[Drawn]] | None = None) -> Drawn | None:
    """The compact sheet with as many complements as fit ``limit`` pages (all, if they do); None if none do.

    Fewer items never make a sheet longer, so a search (``most_that_fit``)
    finds the most that fit in a couple of measured tries. ``keep`` is a
    layout and a list: a try in that layout is measured to its end and, if
    it runs over, goes in the list (``_measured_whole``).
    """
    shown = job.compact_complements()

    def attempt(count: int) -> Drawn | None:
        layout = Layout(compact=True, complements=count, chart_scale=chart_scale)
        if not job.plan.client.large_print:
            if keep is not None and layout == keep[0]:
                return _measured_whole(job, layout, limit, keep[1])
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
    return most_that_fit(shown, attempt)


def _measured_whole(job: SheetJob, layout: Layout, limit: int, over: list[Drawn]) -> Drawn | None:
    """``draw(job, layout, limit)``, but measured to its end: if it runs over, it goes in ``over``.

    The compact try with every item offered is, when the plan has no more
    than that, the very layout a sheet too long for any count of items is
    drawn in (``_fit``'s unbounded one). Measured whole the first time, it
    need not be laid out again then; that costs the pages past the limit,
    a fraction of a try, only when it runs over.
    """
    drawn = draw(job, layout, None)
    assert drawn is not None  # no limit: always drawn
    if len(drawn.fills) <= limit:
        return drawn  # the pages a try bounded by ``limit`` would have measured, as it never began one more
    over.append(drawn)
    return None


def most_that_fit(shown: int, attempt: Callable[[int], Drawn | None]) -> Drawn | None:
    """The layout with the most items below ``shown`` (which ran over) that fits; None if even none runs over.

    Fewer items never make a sheet longer, so the answer is the ``k`` that
    fits while ``k + 1`` runs over, whichever tries find it. Of the sheets
    that get here, nine in ten keep no item and most others all but one
    (measured on 2,000 varied clients), so those are checked first: one
    item (runs over: none fit), then all but one (fits: that many); then
    halving what is left. Mostly one try fewer than halving from the start.
    """
    best = attempt(0)
    if best is None:
        return None
    fits, fails = 0, shown  # 0 fits, ``shown`` runs over
    guesses = [1, shown - 1]
    while fails - fits > 1:
        inside = [g for g in guesses if fits < g < fails]
        middle = inside[0] if inside else (fits + fails) // 2
        guesses = inside[1:]
        found = attempt(middle)
        if found is None:
            fails = middle
        else:
            fits, best = middle, found
    return best


def fitted_packet(job: SheetJob) -> tuple[Packet, DocMeta]:
    """The client's pages in the layout ``fitted_sheet`` chooses, for a combined file: measured, drawn later.

    The packet keeps the client's name as its bookmark (a single sheet's is the document title).
    """
    drawn = choose_layout(job)
    return replace(drawn.packet, title=job.plan.client.name), drawn.meta
