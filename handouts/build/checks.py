"""``handouts validate`` as one call: data files, printable characters, every template drawn once, and the
goal x caution consistency matrix, each problem reported (all at once, never only the first)."""

from __future__ import annotations

from handouts.build import brochure_draft, chart_pdf, sheet_from_plan
from handouts.catalog.loader import load_catalog
from handouts.errors import HandoutsError
from handouts.files.search_path import Workspace, available_languages
from handouts.intake import make_client


def check_workspace(workspace: Workspace) -> tuple[list[HandoutsError], int]:
    """Every problem in the data and templates (all at once), and how many sheets the consistency check built.

    Order: data files, then printable characters, then every template (sheet,
    chart, each brochure layout), then the goal x caution consistency matrix.
    """
    from handouts.catalog.loader import validate
    from handouts.catalog.printable import unprintable_sources

    languages = available_languages(workspace)
    problems = validate(workspace, languages)
    if not problems:
        problems = unprintable_sources(load_catalog(workspace), workspace) or _check_templates(workspace)
    if problems:
        return problems, 0
    return _check_consistency(workspace, languages)


def _check_consistency(ws: Workspace, languages: tuple[str, ...]) -> tuple[list[HandoutsError], int]:
    """Build the goal x caution matrix in every language; each contradiction is one problem."""
    from handouts.compose.consistency import check_catalog, sheet_count
    from handouts.errors import ConsistencyError

    problems: list[HandoutsError] = []
    sheets = 0
    for language in languages:
        cat = load_catalog(ws, language)
        sheets += sheet_count(cat)
        where = f"[{language}] " if len(languages) > 1 else ""
        problems += [ConsistencyError(where + str(p)) for p in check_catalog(cat)]
    return problems, sheets


def _check_templates(ws: Workspace) -> list[HandoutsError]:
    """Render every template (sheet, chart, each brochure layout) so template mistakes surface here."""
    from handouts.plan.planner import make_plan
    from handouts.render.brochure import PrintOptions

    cat = load_catalog(ws)
    sample = make_client({"name": "Sample Client", "goals": list(cat.goals)[:2], "notes": "Sample note."}, cat)
    problems: list[HandoutsError] = []
    checks = [lambda: sheet_from_plan(cat, ws, make_plan(cat, sample)),
              lambda: chart_pdf(cat, ws, views=list(cat.charts.views), highlight={}, labels="all")]
    # the brochure's panels only: imposing them for the press depends on neither template nor data
    checks += [lambda layout=layout: brochure_draft(cat, ws, layout, cat.clinic.page_size, PrintOptions())
               for layout in ("trifold", "booklet", "flyer")]
    for check in checks:
        try:
            check()
        except HandoutsError as exc:
            if str(exc) not in {str(p) for p in problems}:  # one template mistake breaks all brochure layouts
                problems.append(exc)
    return problems
