"""``handouts sheet``: one client's take-home routine sheet, from flags and/or a client file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
    user_errors,
)
from handouts.cli.make_sheet import make_sheet

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
    make_sheet(**locals())  # every parameter, by name: the body lives without Typer for the quick start
