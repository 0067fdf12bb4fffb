"""``handouts sheet``: one client's take-home routine sheet, from flags and/or a client file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from handouts import build
from handouts.choices import PAGE_SIZES, PRESSURES
from handouts.cli.app_cli import (
    CLIENT,
    CONTENT,
    OUTPUT,
    ClinicDir,
    DataDir,
    Password,
    PasswordFile,
    Private,
    TemplatesDir,
    app,
    choices_metavar,
    complete,
    complete_ids,
    err,
    pdf_password,
    user_errors,
    workspace_from,
)
from handouts.cli.output import check_output, choose_target, save
from handouts.errors import HandoutsError
from handouts.files.search_path import Workspace

FLAG_NAMES = {"goals": "--goal", "conditions": "--condition"}


ClientFileArg = Annotated[Path | None, typer.Argument(
    metavar="CLIENT.yaml", show_default=False,
    help="A client YAML file (name, goals, conditions, minutes, ...). Flags override its values.")]
ConditionOpt = Annotated[list[str] | None, typer.Option(
    "--condition", "-c", metavar="ID[:left|right]", rich_help_panel=CLIENT,
    autocompletion=complete_ids("cautions"),
    help="Caution id, e.g. diabetes or foot-fracture:left; repeatable (see 'handouts list cautions').")]
GoalOpt = Annotated[list[str] | None, typer.Option(
    "--goal", "-g", metavar="ID", rich_help_panel=CLIENT, autocompletion=complete_ids("goals"),
    help="Goal id; repeat for several (see 'handouts list goals').")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", rich_help_panel=OUTPUT, show_default="output/<client-name>.pdf",
    help="PDF file to write.")]


@app.command()
@user_errors
def sheet(
    client_file: ClientFileArg = None,
    name: Annotated[str | None, typer.Option(metavar="NAME", rich_help_panel=CLIENT,
                                             help="Client's name, printed as written.")] = None,
    goal: GoalOpt = None,
    condition: ConditionOpt = None,
    minutes: Annotated[str | None, typer.Option(metavar="MINUTES", rich_help_panel=CLIENT, show_default="10",
                                                help="Length of the self-routine, 5-90 minutes.")] = None,
    pressure: Annotated[str | None, typer.Option(
        metavar=choices_metavar(PRESSURES), rich_help_panel=CLIENT, show_default="medium",
        autocompletion=complete(PRESSURES), help="Preferred pressure.")] = None,
    therapist: Annotated[str | None, typer.Option(metavar="NAME", rich_help_panel=CLIENT,
                                                  help="Therapist's name.")] = None,
    date: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", rich_help_panel=CLIENT, show_default="today",
                                             help="Session date (ISO; or as the clinic's date_order says).")] = None,
    notes: Annotated[str | None, typer.Option(metavar="TEXT", rich_help_panel=CLIENT,
                                              help="Notes from the therapist, printed at the end.")] = None,
    language: Annotated[str | None, typer.Option(metavar="CODE", rich_help_panel=CONTENT,
                                                 show_default="the clinic's", help="Language code, e.g. en.")] = None,
    page_size: Annotated[str | None, typer.Option(
        "--page-size", metavar=choices_metavar(PAGE_SIZES), rich_help_panel=OUTPUT, show_default="the clinic's",
        autocompletion=complete(PAGE_SIZES), help="Paper size.")] = None,
    large_print: Annotated[bool, typer.Option("--large-print", metavar="", rich_help_panel=CONTENT,
                                              help="Body text at 14 pt for easier reading.")] = False,
    output: OutputOpt = None,
    force: Annotated[bool, typer.Option("--force", metavar="", rich_help_panel=OUTPUT, help="Replace an existing file "
                                        "instead of writing name-2.pdf (or stopping, with -o).")] = False,
    password: Password = None,
    password_file: PasswordFile = None,
    private_metadata: Private = False,
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Make one client's take-home routine sheet (1-2 pages, with a foot chart).

    Examples:

      handouts sheet --name "Ana Lima" --goal sleep --goal stress --minutes 15

      handouts sheet client.yaml --condition foot-fracture:left --page-size letter -o bo.pdf
    """
    check_output(output)
    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    secret = pdf_password(password, password_file)
    flags = {
        "name": name, "goals": goal, "conditions": condition, "minutes": minutes,
        "pressure": pressure, "therapist": therapist, "date": date,
        "notes": notes, "language": language, "page_size": page_size,
    }
    client = _client(ws, client_file, flags, large_print)
    for warning in client.warnings:
        err(f"warning: {warning}")
    built = build.build_sheet(ws, client, password=secret, private=private_metadata)
    target, note = choose_target(output, built.stem, force=force)
    save(target, built.pdf)
    _record(ws, client, built.pdf, target)
    typer.echo(f"wrote {target}")
    if note:
        err(f"note: {note}")


def _record(ws: Workspace, client: build.Client, pdf: bytes, target: Path) -> None:
    """Add the sheet to the clinic's history (handouts clients, reprints from handouts serve)."""
    if ws.clinic_dir is not None:
        from handouts.batch.manifest import fingerprint
        from handouts.store import record_sheet

        record_sheet(ws.clinic_dir, client, pdf, target, fingerprint(ws))


def _client(ws: Workspace, client_file: Path | None, flags: dict[str, Any], large_print: bool) -> build.Client:
    """The client from the file (if any) and the flags, which win; an error names the flag it came from."""
    raw: dict[str, Any] = {}
    source = None
    if client_file is not None:
        source = build.read_client_file(client_file)
        raw.update(source.data)
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
        return build.check_client(ws, raw, source=source, file=str(client_file) if client_file else None)
    except HandoutsError as exc:
        if exc.field in flags and flags[exc.field] not in (None, []):  # the value came from a flag: name it
            exc.field = FLAG_NAMES.get(exc.field, f"--{exc.field.replace('_', '-')}")
        raise
