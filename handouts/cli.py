"""The ``handouts`` command line.

This is the one place that talks to the terminal and chooses file paths.
Every user mistake arrives here as a HandoutsError and leaves as a one-line
``file:line: field: message (hint)`` on stderr with exit code 1. Python
tracebacks are never shown for user mistakes, and never with local variables
(client notes are health data).
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from handouts.errors import HandoutsError, ManyErrors
from handouts.serve.commands import register
from handouts.terminal import describe_os_error, exit_code, safe_text, signals_as_interrupt, write_bug_log
from handouts.workspace import Workspace, find_workspace

app = typer.Typer(
    name="handouts",
    help=(
        "Printable take-home sheets, foot charts and brochures for massage and reflexology clinics.\n\n"
        "Start with:  handouts sheet --name \"Ana Lima\" --goal sleep --goal stress\n\n"
        "Content lives in YAML (data/) and templates (templates/); a clinic keeps its own branding and "
        "overrides in a folder made by 'handouts init'."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def err(message: str) -> None:
    """Print to stderr without Rich markup, control characters or escape sequences (client text is data)."""
    sys.stderr.write(safe_text(message.rstrip("\n")) + "\n")


def user_errors(func: F) -> F:
    """The one error boundary: user mistakes, file-system errors, signals and bugs each leave as one line.

    HandoutsError and OSError exit 1 with ``error: ...``; Ctrl-C, SIGTERM and
    SIGHUP exit 130, 143 and 129; anything else is a bug: one line and a log
    file (stack only, no client data), exit 1. Never a traceback.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with signals_as_interrupt():
                return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except ManyErrors as exc:
            for e in exc.errors:
                err(f"error: {e}")
            err(exc.message)  # "1 problem found" / "3 problems found"
            raise typer.Exit(1) from None
        except HandoutsError as exc:
            err(f"error: {exc}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt as exc:
            err("stopped")
            raise typer.Exit(exit_code(exc)) from None
        except OSError as exc:
            err(f"error: {describe_os_error(exc)}")
            raise typer.Exit(1) from None
        except Exception as exc:
            log = write_bug_log(exc)
            err(f"error: handouts met an internal problem ({type(exc).__name__}); details for a bug report "
                f"are in {log}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


ClinicDir = Annotated[
    Path | None,
    typer.Option("--clinic-dir", help="Clinic folder (made by 'handouts init'); default: the current folder "
                 "if it has a clinic.yaml.", show_default=False),
]
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Extra data folder that overrides the rest.",
                                              show_default=False)]
TemplatesDir = Annotated[Path | None, typer.Option("--templates-dir", help="Extra templates folder that "
                                                   "overrides the rest.", show_default=False)]


def workspace_from(clinic_dir: Path | None, data_dir: Path | None, templates_dir: Path | None) -> Workspace:
    return find_workspace(clinic_dir=clinic_dir, data_dir=data_dir, templates_dir=templates_dir)


FLAG_NAMES = {"goals": "--goal", "conditions": "--condition"}

Password = Annotated[str | None, typer.Option("--password", help="Encrypt the PDF (AES-256) with this password, "
                                              "for sending by email; printing stays allowed. Visible to other "
                                              "users of this computer: prefer --password-file or "
                                              "HANDOUTS_PDF_PASSWORD.", show_default=False)]
PasswordFile = Annotated[Path | None, typer.Option("--password-file", help="Read the PDF password from the first "
                                                   "line of this file.", show_default=False)]
Private = Annotated[bool, typer.Option("--private-metadata", help="Leave the client's name out of the PDF's title, "
                                       "bookmarks and file name (the client id is used instead).")]


def pdf_password(password: str | None, password_file: Path | None) -> str | None:
    """The password from --password, --password-file or HANDOUTS_PDF_PASSWORD, checked; None for none."""
    import os

    from handouts.errors import InputError
    from handouts.post.protect import check_password

    if password is not None:
        return check_password(password, field="--password")
    if password_file is not None:
        try:
            text = password_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the password file ({type(exc).__name__})", file=str(password_file),
                             field="--password-file") from None
        lines = text.splitlines()
        return check_password(lines[0] if lines else "", file=str(password_file), field="--password-file")
    env = os.environ.get("HANDOUTS_PDF_PASSWORD")
    if env:
        return check_password(env, field="HANDOUTS_PDF_PASSWORD")
    return None


def choice(value: str, valid: tuple[str, ...] | list[str], flag: str) -> str:
    """``value`` if it is one of ``valid``, else an error naming the flag and the nearest choice."""
    from handouts.errors import InputError, nearest

    if value not in valid:
        guess = nearest(value, valid)
        raise InputError(f"unknown value '{value}'", field=flag,
                         hint=f"did you mean '{guess}'?" if guess else "valid: " + ", ".join(valid))
    return value


@app.command()
@user_errors
def sheet(
    client_file: Annotated[Path | None, typer.Argument(help="A client YAML file (name, goals, conditions, "
                                                       "minutes, ...). Flags override its values.",
                                                       show_default=False)] = None,
    name: Annotated[str | None, typer.Option(help="Client's name, printed as written.")] = None,
    goal: Annotated[list[str] | None, typer.Option("--goal", "-g", help="Goal id; repeat for several "
                                                   "(see 'handouts list goals').")] = None,
    condition: Annotated[list[str] | None, typer.Option("--condition", "-c", help="Caution id, e.g. diabetes "
                                                        "or foot-fracture:left; repeatable (see 'handouts "
                                                        "list cautions').")] = None,
    minutes: Annotated[str | None, typer.Option(help="Length of the self-routine, 5-90 minutes. [default: 10]",
                                                show_default=False)] = None,
    pressure: Annotated[str | None, typer.Option(help="Preferred pressure: gentle, medium or firm. "
                                                 "[default: medium]", show_default=False)] = None,
    therapist: Annotated[str | None, typer.Option(help="Therapist's name.")] = None,
    date: Annotated[str | None, typer.Option(help="Session date, YYYY-MM-DD. [default: today]",
                                             show_default=False)] = None,
    notes: Annotated[str | None, typer.Option(help="Notes from the therapist, printed at the end.")] = None,
    language: Annotated[str | None, typer.Option(help="Language code. [default: the clinic's]",
                                                 show_default=False)] = None,
    page_size: Annotated[str | None, typer.Option("--page-size", help="Paper size: a4 or letter. [default: "
                                                  "the clinic's]", show_default=False)] = None,
    large_print: Annotated[bool, typer.Option("--large-print", help="Body text at 14 pt for easier "
                                              "reading.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="PDF to write. [default: "
                                                "output/<client-name>.pdf]", show_default=False)] = None,
    password: Password = None,
    password_file: PasswordFile = None,
    private_metadata: Private = False,
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Make one client's take-home routine sheet (1-2 pages, with a foot chart).

    Example: handouts sheet --name "Ana Lima" --goal sleep --goal stress --minutes 15
    """
    from handouts.output import slugify, write_atomic
    from handouts.pipeline import build_client, build_sheet, private_stem, private_title, read_client_file
    from handouts.post.protect import protect

    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    secret = pdf_password(password, password_file)
    raw: dict[str, Any] = {}
    source = None
    if client_file is not None:
        source = read_client_file(client_file)
        raw.update(source.data)
    flags = {
        "name": name, "goals": goal, "conditions": condition, "minutes": minutes,
        "pressure": pressure, "therapist": therapist, "date": date,
        "notes": notes, "language": language, "page_size": page_size,
    }
    raw.update({k: v for k, v in flags.items() if v not in (None, [])})
    if large_print:
        raw["large_print"] = True
    if not raw.get("name") and client_file is not None:  # the file's own field, as it is spelt there
        raise HandoutsError("a client name is required", file=str(client_file), field="name",
                            line=source.line_of(("name",)) if source else None,
                            hint="add a line 'name: ...' to the file, or give --name")
    if not raw.get("name"):
        raise HandoutsError("a client name is required", field="--name",
                            hint='e.g. handouts sheet --name "Ana Lima" --goal sleep')
    try:
        client = build_client(ws, raw, source=source, file=str(client_file) if client_file else None)
    except HandoutsError as exc:
        if exc.field in flags and flags[exc.field] not in (None, []):  # the value came from a flag: name it
            exc.field = FLAG_NAMES.get(exc.field, f"--{exc.field.replace('_', '-')}")
        raise
    for warning in client.warnings:
        err(f"warning: {warning}")
    title = private_title(ws, client) if private_metadata else None
    pdf = protect(build_sheet(ws, client), password=secret, private_title=title)
    stem = private_stem(client) if private_metadata else slugify(client.name)
    target = output or Path("output") / f"{stem}.pdf"
    write_atomic(target, pdf)
    if ws.clinic_dir is not None:  # the clinic's history: handouts clients, and reprints from handouts serve
        from handouts.manifest import fingerprint
        from handouts.store import record_sheet
        record_sheet(ws.clinic_dir, client, pdf, target, fingerprint(ws))
    typer.echo(f"wrote {target}")


@app.command()
@user_errors
def validate(
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Check every data file and template; report all problems at once (exit 1 if any)."""
    from handouts.catalog.loader import load_catalog
    from handouts.catalog.loader import validate as check
    from handouts.pipeline import available_languages

    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    problems = check(ws, available_languages(ws))
    if not problems:
        from handouts.render.glyphs import unprintable_sources

        problems = unprintable_sources(load_catalog(ws), ws) or _check_templates(ws)
    if not problems:
        problems, sheets = _check_consistency(ws, available_languages(ws))
    if problems:
        raise ManyErrors(problems)
    cat = load_catalog(ws)
    typer.echo(
        f"catalog OK: {len(cat.zones)} zones, {len(cat.techniques)} techniques, {len(cat.goals)} goals, "
        f"{len(cat.cautions)} cautions, {len(cat.faq)} FAQ, {len(cat.charts.views)} chart views; "
        f"clinic '{cat.clinic.name}'"
    )
    typer.echo(f"consistency OK: {sheets} sheets built (every goal alone, with every caution and every pair "
               "of cautions); none contradicts its cautions")


def _check_consistency(ws: Workspace, languages: tuple[str, ...]) -> tuple[list[HandoutsError], int]:
    """Build the goal x caution matrix in every language; each contradiction is one problem."""
    from handouts.catalog.loader import load_catalog
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
    from handouts.catalog.loader import load_catalog
    from handouts.intake import make_client
    from handouts.plan.planner import make_plan
    from handouts.render.brochure import PrintOptions, render_brochure
    from handouts.render.poster import render_chart
    from handouts.render.sheet import render_sheet

    cat = load_catalog(ws)
    sample = make_client({"name": "Sample Client", "goals": list(cat.goals)[:2], "notes": "Sample note."}, cat)
    problems: list[HandoutsError] = []
    checks = [lambda: render_sheet(cat, ws, make_plan(cat, sample)),
              lambda: render_chart(cat, ws, views=list(cat.charts.views), highlight={}, labels="all")]
    checks += [lambda layout=layout: render_brochure(cat, ws, layout, cat.clinic.page_size, PrintOptions())
               for layout in ("trifold", "booklet", "flyer")]
    for check in checks:
        try:
            check()
        except HandoutsError as exc:
            if str(exc) not in {str(p) for p in problems}:  # one template mistake breaks all brochure layouts
                problems.append(exc)
    return problems


@app.command()
@user_errors
def chart(
    highlight: Annotated[list[str] | None, typer.Option("--highlight", help="Zone id to highlight in the "
                                                        "accent colour; repeatable (see 'handouts list "
                                                        "zones').")] = None,
    goal: Annotated[list[str] | None, typer.Option("--goal", "-g", help="Highlight the zones a goal "
                                                   "works; repeatable.")] = None,
    labels: Annotated[str, typer.Option(help="all: every zone named; highlighted: only highlighted "
                                        "zones; numbers: numbered, with a list.")] = "all",
    views: Annotated[str, typer.Option(help="Views to draw, comma-separated: plantar (page 1), medial, "
                                       "lateral, dorsal (page 2).")] = "plantar,medial,lateral,dorsal",
    page_size: Annotated[str | None, typer.Option("--page-size", help="a4, letter or a3. [default: the "
                                                  "clinic's]", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="PDF to write. [default: "
                                                "output/foot-chart.pdf]", show_default=False)] = None,
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Make a foot chart poster: both soles on page 1, inner and outer edges and tops on page 2.

    Example: handouts chart --goal digestion --page-size a3 -o output/digestion-chart.pdf
    """
    from handouts.catalog.loader import load_catalog
    from handouts.charts.draw import LABEL_MODES
    from handouts.errors import InputError
    from handouts.output import write_atomic
    from handouts.render.glyphs import check_sources
    from handouts.render.poster import render_chart

    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    cat = load_catalog(ws)
    check_sources(cat, ws)

    choice(labels, [m for m in LABEL_MODES if m != "none"], "--labels")
    size = choice((page_size or cat.clinic.page_size).lower(), ("a4", "letter", "a3"), "--page-size")
    view_list = [choice(v.strip(), list(cat.charts.views), "--views") for v in views.split(",") if v.strip()]
    if not view_list:
        raise InputError("at least one view is needed", field="--views", hint="e.g. plantar,medial")
    lit: dict[str, frozenset[str]] = {}
    for z in highlight or []:
        zone = choice(z.strip().lower(), list(cat.zones), "--highlight")
        lit[zone] = _feet_of(cat.zones[zone].foot)
    for g in goal or []:
        goal_id = choice(g.strip().lower(), list(cat.goals), "--goal")
        for step in cat.goals[goal_id].steps:
            lit[step.zone] = _feet_of(cat.zones[step.zone].foot)  # type: ignore[index]
    pdf = render_chart(cat, ws, views=view_list, highlight=lit, labels=labels, page_size=size)
    target = output or Path("output") / "foot-chart.pdf"
    write_atomic(target, pdf)
    typer.echo(f"wrote {target}")


@app.command()
@user_errors
def batch(
    clients: Annotated[Path, typer.Argument(help="Client list: a CSV (from Excel or a booking system) or a YAML "
                                            "list. Columns: name, goals, conditions, minutes, pressure, "
                                            "therapist, date, notes, language, page size, large print, id. "
                                            "Several goals in one cell: 'sleep; stress'.", show_default=False)],
    out_dir: Annotated[Path, typer.Option("--out-dir", "-o", help="Folder for the sheets, the report "
                                          "(batch-report.csv) and the manifest.")] = Path("output"),
    combined: Annotated[Path | None, typer.Option("--combined", help="Also write one PDF for printing: every "
                                                  "client's sheet starts on an odd page, with a bookmark "
                                                  "each.", show_default=False)] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1, help="Processes drawing at once. "
                                                "[default: all cores]", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Redraw every sheet, even those the manifest says "
                                        "are up to date.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="If another run is writing into the same folder, wait "
                                       "for it to finish instead of stopping.")] = False,
    sheet_timeout: Annotated[float, typer.Option("--sheet-timeout", min=1, help="Seconds one sheet may take "
                                                 "to draw; a slower sheet fails its row and the run goes "
                                                 "on.")] = 60.0,
    password: Password = None,
    password_file: PasswordFile = None,
    private_metadata: Private = False,
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Make a sheet for every client in a list; bad rows are reported, never lost.

    Every row ends as a written sheet or a line in batch-report.csv with its row
    number, column and reason. A rerun redraws only sheets whose client, data or
    templates changed (--force redraws all); Ctrl-C stops without half-written files.

    Example: handouts batch todays-clients.csv --combined output/print-me.pdf
    """
    from handouts.batch import count_rows, open_batch

    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    run = open_batch(ws, clients, out_dir, workers=workers, force=force, combined=combined, wait=wait,
                     sheet_seconds=sheet_timeout, password=pdf_password(password, password_file),
                     private=private_metadata)
    for warning in run.listing.warnings:
        err(f"warning: {warning}")
    total = count_rows(clients)
    try:
        with contextlib.ExitStack() as stack, _progress(quiet) as progress:
            task = progress.add_task("sheets", total=total)
            outcomes = run.run()
            stack.callback(outcomes.close)  # on a stop, the run still finishes its report and cleans up
            for outcome in outcomes:
                progress.advance(task)
                if not outcome.ok or outcome.message:
                    label = "" if not outcome.ok else "warning: "
                    line = (f"{label}{clients.name} row {outcome.row}: "
                            f"{outcome.field + ': ' if outcome.field else ''}{outcome.message}")
                    progress.console.print(safe_text(line), markup=False, highlight=False)
    except KeyboardInterrupt as exc:
        s = run.summary
        err(f"stopped: {s.written} written, {s.unchanged} unchanged, {s.failed} failed before the stop "
            f"(report: {out_dir / 'batch-report.csv'}); run the same command again to finish")
        raise typer.Exit(exit_code(exc)) from None
    s = run.summary
    typer.echo(f"{s.rows} rows: {s.written} written, {s.unchanged} unchanged, {s.failed} failed "
               f"(report: {out_dir / 'batch-report.csv'})")
    if s.combined is not None:
        typer.echo(f"wrote {s.combined} ({s.combined_pages} pages)")
    if s.combined_error:
        err(f"error: {combined}: {s.combined_error}")
    if s.failed or s.combined_error:
        raise typer.Exit(1)


def _progress(quiet: bool):
    """A progress bar on stderr: count, rate and time left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    class Rate(TextColumn):
        def __init__(self) -> None:
            super().__init__("")

        def render(self, task):  # type: ignore[override]
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:5.1f}/s" if speed else "  ...  ")

    console = Console(stderr=True, highlight=False)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                    Rate(), TimeRemainingColumn(), console=console, disable=quiet, transient=False)


@app.command()
@user_errors
def brochure(
    layout: Annotated[str, typer.Option(help="trifold: one sheet folded in three (landscape, two sides); "
                                        "booklet: A5 pages imposed two-up for saddle stitching; flyer: one "
                                        "page, both sides.")] = "trifold",
    page_size: Annotated[str | None, typer.Option("--page-size", help="Sheet size: a4 or letter. [default: the "
                                                  "clinic's]", show_default=False)] = None,
    bleed: Annotated[float, typer.Option(help="Bleed in mm (3 is usual in Europe, 3.175 = 1/8 inch in the US): "
                                         "backgrounds run this far past the trim.", min=0, max=10)] = 0.0,
    crop_marks: Annotated[bool, typer.Option("--crop-marks", help="Add crop marks (and fold marks) outside the "
                                             "bleed.")] = False,
    cmyk: Annotated[bool, typer.Option("--cmyk", help="Every colour and image in DeviceCMYK, as print shops "
                                       "ask.")] = False,
    icc: Annotated[Path | None, typer.Option("--icc", help="With --cmyk: the print shop's CMYK output profile "
                                             "(.icc). [default: the bundled Artifex CMYK SWOP profile]",
                                             show_default=False)] = None,
    no_impose: Annotated[bool, typer.Option("--no-impose", help="Booklet: pages in reading order instead of "
                                            "imposed for saddle stitching.")] = False,
    clinic: Annotated[list[Path] | None, typer.Option("--clinic", help="A clinic file (clinic.yaml); repeat for "
                                                      "several clinics or locations, one brochure each.",
                                                      show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="PDF to write. [default: "
                                                "output/brochure-<layout>.pdf; with several clinics the "
                                                "clinic's name is added]", show_default=False)] = None,
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Make the clinic brochure, ready for a print shop (bleed, crop marks, CMYK, embedded fonts).

    Example: handouts brochure --layout trifold --bleed 3 --crop-marks --cmyk -o output/brochure.pdf
    """
    import dataclasses
    import time

    from handouts.catalog.loader import load_catalog
    from handouts.errors import InputError
    from handouts.output import slugify, write_atomic
    from handouts.render.brochure import LAYOUTS, PAGE_SIZES, PrintOptions, render_brochure

    layout = choice(layout.strip().lower(), LAYOUTS, "--layout")
    base = workspace_from(clinic_dir, data_dir, templates_dir)
    workspaces = [base]
    if clinic:
        workspaces = []
        for path in clinic:
            if not path.is_file():
                raise InputError(f"clinic file '{path}' not found", field="--clinic",
                                 hint="a clinic.yaml, as written by 'handouts init'")
            workspaces.append(dataclasses.replace(base, clinic_file=path.resolve()))
    from handouts.render.colour import load_profile
    from handouts.render.glyphs import check_sources

    profile = load_profile(icc) if icc is not None else None
    options = PrintOptions(bleed=bleed * 72 / 25.4, crop_marks=crop_marks, cmyk=cmyk or icc is not None,
                           impose=not no_impose, profile=profile)
    for ws in workspaces:
        cat = load_catalog(ws)
        check_sources(cat, ws)
        size = choice((page_size or cat.clinic.page_size).strip().lower(), PAGE_SIZES, "--page-size")
        started = time.perf_counter()
        pdf = render_brochure(cat, ws, layout, size, options)
        target = output or Path("output") / f"brochure-{layout}.pdf"
        if len(workspaces) > 1:
            target = target.with_name(f"{target.stem}-{slugify(cat.clinic.name, 'clinic')}{target.suffix}")
        write_atomic(target, pdf)
        typer.echo(f"wrote {target} ({layout}, {size}, {time.perf_counter() - started:.2f} s)")


def _feet_of(foot: str) -> frozenset[str]:
    return frozenset(("left", "right")) if foot == "both" else frozenset((foot,))


class Listing(str, Enum):
    zones = "zones"
    techniques = "techniques"
    goals = "goals"
    cautions = "cautions"
    complements = "complements"


@app.command("list")
@user_errors
def list_(
    what: Annotated[Listing, typer.Argument(help="What to list.")],
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
) -> None:
    """Print the catalog as a table: zones, techniques, goals, cautions or complements."""
    from rich.console import Console
    from rich.table import Table

    from handouts.catalog.loader import load_catalog

    cat = load_catalog(workspace_from(clinic_dir, data_dir, None))
    table = Table(show_lines=False, header_style="bold")
    if what is Listing.zones:
        for col in ("id", "name", "foot", "views", "system", "corresponds to"):
            table.add_column(col, no_wrap=col == "id")
        for z in cat.zones.values():
            table.add_row(z.id, z.name, z.foot, ", ".join(z.views), z.system, ", ".join(z.body_parts))
    elif what is Listing.techniques:
        for col in ("id", "name", "minutes", "pressure", "summary"):
            table.add_column(col, no_wrap=col == "id")
        for t in cat.techniques.values():
            table.add_row(t.id, t.name, f"{t.minutes:g}", f"{t.pressure_min}-{t.pressure_max}", t.summary)
    elif what is Listing.goals:
        for col in ("id", "name", "zones", "complements"):
            table.add_column(col, no_wrap=col == "id")
        for g in cat.goals.values():
            table.add_row(g.id, g.name, ", ".join(s.zone or "" for s in g.steps), ", ".join(g.complements))
    elif what is Listing.cautions:
        for col in ("id", "name", "action", "changes"):
            table.add_column(col, no_wrap=col == "id")
        for c in cat.cautions.values():
            changes = []
            if c.avoid_foot:
                changes.append("leaves out the affected foot (write id:left or id:right)")
            if c.avoid_zones:
                changes.append("leaves out " + ", ".join(c.avoid_zones))
            if c.pressure_cap or c.action == "gentle":
                changes.append(f"pressure at most {c.pressure_cap or 'gentle'}")
            if c.action in ("refer", "defer"):
                changes.append("no self-routine")
            table.add_row(c.id, c.name, c.action, "; ".join(changes))
    else:
        for col in ("id", "name", "text"):
            table.add_column(col, no_wrap=col == "id")
        for m in cat.complements.values():
            table.add_row(m.id, m.name, m.text)
    Console(highlight=False, markup=False).print(table)


@app.command()
@user_errors
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create for the clinic.")],
) -> None:
    """Start a clinic folder: a commented clinic.yaml and empty data/ and templates/ for overrides."""
    from handouts.starter import write_starter

    written = write_starter(folder)
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: edit {folder / 'clinic.yaml'}, then run commands inside {folder} "
               f"(or pass --clinic-dir {folder})")


register(app)  # handouts serve, handouts clients


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
