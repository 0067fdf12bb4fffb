"""How many "also good for you" items fit: the search that looks at the likeliest answers first finds what
halving finds, in fewer tries, and a sheet comes out byte for byte as it did with halving."""

from __future__ import annotations

import pytest

import handouts.render.sheet_fit as fit
from handouts.build import sheet_job
from handouts.plan.planner import make_plan
from handouts.render.sheet import render_sheet_layout

from .conftest import client


def halving(shown: int, attempt):  # type: ignore[no-untyped-def]
    """The search as it was: none first, then a plain binary search between none and ``shown``."""
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


def counted(answer: int, tried: list[int]):  # type: ignore[no-untyped-def]
    """A sheet on which up to ``answer`` items fit (-1: not even none), noting each count tried."""
    def attempt(count: int) -> str | None:
        tried.append(count)
        return f"{count} items" if count <= answer else None
    return attempt


@pytest.mark.parametrize("shown", range(1, 10))
def test_the_search_finds_what_halving_finds(shown: int):
    for answer in range(-1, shown):  # ``shown`` itself ran over before the search begins
        ours: list[int] = []
        theirs: list[int] = []
        assert fit.most_that_fit(shown, counted(answer, ours)) == halving(shown, counted(answer, theirs))
        assert len(set(ours)) == len(ours)  # no count is tried twice
        assert len(ours) <= len(theirs) + 2  # an unlikely answer costs at most two tries more
        if answer == 0:  # the likeliest answer: none fits, then one item runs over
            assert ours == [0, 1][:shown]
        if answer == shown - 1:  # the next likeliest: never more tries than halving
            assert len(ours) <= len(theirs)


def test_keeping_none_costs_one_try_fewer_than_halving():
    ours: list[int] = []
    theirs: list[int] = []
    fit.most_that_fit(4, counted(0, ours))
    halving(4, counted(0, theirs))
    assert (ours, theirs) == ([0, 1], [0, 2, 1])


# Sheets (from the batch benchmark's clients) whose compact layout runs over with every item offered, then keeps
# none, all but one, or runs over even with none: the search decides each of them.
SEARCHED = [
    {"name": "Ελένη Müller", "goals": ["stress", "sleep", "lower-back"], "minutes": 30, "pressure": "medium",
     "page_size": "letter"},
    {"name": "Eleni Papadopoulos", "goals": ["sleep", "digestion"], "minutes": 5, "pressure": "medium",
     "page_size": "letter", "large_print": True, "notes": "Keep it slow and even. " * 3},
    {"name": "Hiro Petrov", "goals": ["muscle-comfort", "lower-back"], "conditions": ["foot-fracture:left"],
     "minutes": 10, "pressure": "gentle", "notes": "Keep it slow and even."},
    {"name": "Ελένη Smith", "goals": ["lower-back"], "conditions": ["diabetes"], "minutes": 30,
     "pressure": "gentle", "notes": "Keep it slow and even."},
    {"name": "Ελένη Petrov", "goals": ["lower-back", "head-neck", "stress"], "conditions": ["pregnancy"],
     "minutes": 15, "pressure": "medium", "notes": "Keep it slow and even. " * 3},
    {"name": "Ida Nakamura", "goals": ["digestion", "lower-back", "sleep"], "minutes": 20, "large_print": True,
     "page_size": "letter", "notes": "Keep it slow and even. " * 3},
]


def test_sheets_come_out_as_halving_made_them_in_fewer_tries(workspace, catalog, monkeypatch):
    answers: set[int | None] = set()
    saved = 0
    for fields in SEARCHED:
        plan = make_plan(catalog, client(catalog, **fields))
        made = {}
        for search in (fit.most_that_fit, halving):
            tries: list[int] = []

            def noting(shown, attempt, search=search, tries=tries):  # type: ignore[no-untyped-def]
                found = search(shown, lambda count: tries.append(count) or attempt(count))
                answers.add(found.layout.complements if found is not None else None)
                return found

            monkeypatch.setattr(fit, "most_that_fit", noting)
            made[search] = (*render_sheet_layout(sheet_job(catalog, workspace, plan)), len(tries))
        (pdf, layout, ours), (pdf_halving, layout_halving, theirs) = made.values()
        assert layout == layout_halving, fields["name"]
        assert pdf == pdf_halving, fields["name"]
        assert ours <= theirs, fields["name"]
        saved += theirs - ours
    assert {0, 3, None} <= answers  # none kept, all but one kept, and even none too long: each case was met
    assert saved >= 1  # four items offered, none kept: one try fewer


def test_a_sheet_too_long_for_any_count_is_measured_once_in_the_layout_it_is_drawn_in(workspace, catalog,
                                                                                     monkeypatch):
    """Compact with every item runs over, and so does none: the first compact try, measured to its end, is the sheet."""
    plan = make_plan(catalog, client(catalog, name="Jon Smith", goals=["muscle-comfort"],
                                     conditions=["varicose-veins"], minutes=10, pressure="firm", page_size="letter",
                                     notes="Keep it slow and even."))
    job = sheet_job(catalog, workspace, plan)
    everything = fit.Layout(compact=True, complements=len(plan.complements))
    assert job.compact_complements() == len(plan.complements) > 0
    tries: list[tuple[fit.Layout, int | None]] = []
    real = fit.draw

    def noting(job, layout, limit, probe=None):  # type: ignore[no-untyped-def]
        tries.append((layout, limit))
        return real(job, layout, limit, probe)

    monkeypatch.setattr(fit, "draw", noting)
    pdf, layout = render_sheet_layout(job)
    monkeypatch.undo()
    assert layout == everything
    compact = [t for t in tries if t[0].compact]
    assert compact == [(everything, None), (fit.Layout(compact=True, complements=0), 2)]  # no third layout
    fresh = fit.draw(job, everything, None)
    assert fresh is not None and len(fresh.fills) > 2
    assert fresh.pdf() == pdf  # as the unbounded try made after the others drew it


def test_a_layout_already_measured_is_not_measured_again_and_the_sheet_is_unchanged(workspace, catalog,
                                                                                    monkeypatch):
    """Large print: the chart's places are tried again at the page count finally needed; the earlier tries
    (this layout ran over three pages, that one fitted four) already answer, so nothing is laid out twice."""
    import contextlib

    plan = make_plan(catalog, client(catalog, name="Hiro Lima", goals=["lower-back"],
                                     conditions=["foot-fracture:left"], minutes=45, pressure="firm",
                                     large_print=True))
    measured: list[tuple[fit.Layout, int | None]] = []
    real = fit._measure

    def noting(job, layout, limit, probe):  # type: ignore[no-untyped-def]
        measured.append((layout, limit))
        return real(job, layout, limit, probe)

    monkeypatch.setattr(fit, "_measure", noting)
    made = render_sheet_layout(sheet_job(catalog, workspace, plan))
    ours = list(measured)
    measured.clear()
    monkeypatch.setattr(fit, "_remembering", contextlib.nullcontext)  # every try measured anew, as before
    assert render_sheet_layout(sheet_job(catalog, workspace, plan)) == made  # the same layout, the same bytes
    assert len(set(ours)) == len(ours)  # no layout laid out twice with the same page limit
    assert len(set(measured)) < len(measured)  # ... which measuring every try anew did
    assert len(ours) <= len(measured) - 2


def test_a_sheet_tried_in_several_layouts_makes_its_template_context_once(workspace, catalog, monkeypatch):
    """The words, steps and cautions are the same in every layout: only the layout's own values differ."""
    import handouts.compose.documents as documents

    plan = make_plan(catalog, client(catalog, name="Jon Smith", goals=["muscle-comfort"],
                                     conditions=["varicose-veins"], minutes=10, pressure="firm", page_size="letter",
                                     notes="Keep it slow and even."))
    made: list[int] = []
    real = documents.sheet_context
    monkeypatch.setattr(documents, "sheet_context", lambda *a, **k: made.append(1) or real(*a, **k))
    tries: list[fit.Layout] = []
    real_draw = fit.draw
    monkeypatch.setattr(fit, "draw", lambda job, layout, *a: tries.append(layout) or real_draw(job, layout, *a))
    pdf, layout = render_sheet_layout(sheet_job(catalog, workspace, plan))
    assert len(set(tries)) >= 2 and layout.compact  # measured in more than one layout, drawn compact
    assert made == [1]
    assert pdf.startswith(b"%PDF")
