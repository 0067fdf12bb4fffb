"""``handouts batch``: a sheet for every client in a list, with a progress bar and a report."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.cli.app_cli import (
    OUTPUT,
    ClinicDir,
    DataDir,
    Password,
    PasswordFile,
    Private,
    TemplatesDir,
    app,
    err,
    pdf_password,
    user_errors,
    workspace_from,
)
from handouts.cli.terminal import exit_code
from handouts.errors import InputError, safe_text

if TYPE_CHECKING:
    from handouts.batch import Batch


LIST, RUN = "Client list", "Run"


ClientsArg = Annotated[Path, typer.Argument(
    metavar="CLIENTS", show_default=False,
    help="Client list: a CSV (from Excel or a booking system), an .xlsx workbook or a YAML list. Columns: "
         "name, goals, conditions, minutes, pressure, therapist, date, notes, language, page size, large "
         "print, id. Several goals in one cell: 'sleep; stress'.")]
OutDirOpt = Annotated[Path, typer.Option(
    "--out-dir", "-o", metavar="DIR", rich_help_panel=OUTPUT,
    help="Folder for the sheets, the report (batch-report.csv) and the manifest (not a .pdf: see "
         "--combined).")]
EncodingOpt = Annotated[str | None, typer.Option(
    "--encoding", metavar="CODEC", rich_help_panel=LIST, show_default="measured from the file",
    help="The CSV's text encoding (utf-8, utf-16, cp1250, cp1252, mac_roman, ...).")]
CombinedOpt = Annotated[Path | None, typer.Option(
    "--combined", metavar="FILE", rich_help_panel=OUTPUT, show_default=False,
    help="Also write one PDF for printing: every client's sheet starts on an odd page, with a bookmark "
         "each.")]
SheetTimeoutOpt = Annotated[float, typer.Option(
    "--sheet-timeout", metavar="SECONDS", min=1, rich_help_panel=RUN,
    help="Seconds one sheet may take to draw; a slower sheet fails its row and the run goes on.")]


@app.command()
@user_errors
def batch(
    clients: ClientsArg,
    out_dir: OutDirOpt = Path("output"),
    sheet: Annotated[str | None, typer.Option("--sheet", metavar="NAME", rich_help_panel=LIST,
                                              show_default="the first",
                                              help="The sheet of an .xlsx workbook to read.")] = None,
    encoding: EncodingOpt = None,
    combined: CombinedOpt = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", metavar="N", min=1, rich_help_panel=RUN,
                                                show_default="all cores", help="Processes drawing at once.")] = None,
    force: Annotated[bool, typer.Option("--force", metavar="", rich_help_panel=RUN,
                                        help="Redraw every sheet, even those the manifest says are up to "
                                             "date.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", metavar="", rich_help_panel=RUN,
                                        help="No progress bar.")] = False,
    wait: Annotated[bool, typer.Option("--wait", metavar="", rich_help_panel=RUN,
                                       help="If another run is writing into the same folder, wait for it to "
                                            "finish instead of stopping.")] = False,
    sheet_timeout: SheetTimeoutOpt = 60.0,
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

    Examples:

      handouts batch todays-clients.csv --combined output/print-me.pdf

      handouts batch bookings.xlsx --sheet Monday --out-dir output/monday -j 2
    """
    if out_dir.suffix.lower() == ".pdf":
        raise InputError(f"'{out_dir}' is a folder for the sheets, not a PDF", field="--out-dir",
                         hint=f"for one print file use --combined {out_dir}")
    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    from handouts.batch import open_batch  # the batch machinery loads only when a batch runs

    run = open_batch(ws, clients, out_dir, encoding=encoding, sheet=sheet, workers=workers, force=force,
                     combined=combined, wait=wait, sheet_seconds=sheet_timeout,
                     password=pdf_password(password, password_file), private=private_metadata)
    for warning in run.listing.warnings:
        err(f"warning: {warning}")
    _follow(run, clients, out_dir, quiet, sheet)
    s = run.summary
    typer.echo(f"{s.rows} rows: {s.written} written, {s.unchanged} unchanged, {s.failed} failed "
               f"(report: {out_dir / 'batch-report.csv'})")
    if s.combined is not None:
        typer.echo(f"wrote {s.combined} ({s.combined_pages} pages)")
    if s.combined_error:
        err(f"error: {combined}: {s.combined_error}")
    if s.failed or s.combined_error:
        raise typer.Exit(1)


def _follow(run: Batch, clients: Path, out_dir: Path, quiet: bool, sheet: str | None = None) -> None:
    """Run the batch under a progress bar, printing each failed row (and each row's warning) as it comes."""
    from handouts.batch import count_rows

    total = run.listing.count  # a YAML list: its length, without reading it again
    if total is None:
        total = count_rows(clients, run.listing.encoding if run.listing.kind == "csv" else None, sheet)
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

            # sheets per second since the start: Rich's own estimate divides by the gap between the last
            # few rows, and two rows that land together read as thousands a second
            elapsed = task.elapsed
            speed = task.completed / elapsed if elapsed and task.completed else None
            return Text(f"{speed:5.1f}/s" if speed else "  ...  ")

    console = Console(stderr=True, highlight=False)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                    Rate(), TimeRemainingColumn(), console=console, disable=quiet, transient=False)
