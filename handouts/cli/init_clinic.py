"""``handouts init``: a starter clinic folder, recorded as this computer's clinic.

``handouts clinic``: which clinic, data and templates a command would use, and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.app_cli import ClinicDir, DataDir, TemplatesDir, app, user_errors, workspace_from
from handouts.files.search_path import CLINIC_FILE
from handouts.files.starter import write_starter
from handouts.files.user_config import config_file, remember_clinic


@app.command()
@user_errors
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder for the clinic (created if needed).")],
    no_default: Annotated[bool, typer.Option("--no-default", metavar="",
                                             help="Only create the folder; do not make it this computer's "
                                                  "clinic.")] = False,
) -> None:
    """Start a clinic folder and make it the clinic every command uses, from any folder.

    Writes a commented clinic.yaml and empty data/ and templates/ folders for
    overrides (an existing clinic.yaml is kept as it is), and records the folder
    in the user config. HANDOUTS_CLINIC or --clinic-dir choose another clinic.

    Examples:

      handouts init ~/willow-lane

      handouts init shared/branch-two --no-default
    """
    if (folder / CLINIC_FILE).is_file():
        typer.echo(f"kept {folder / CLINIC_FILE} (it already exists)")
    else:
        for path in write_starter(folder):
            typer.echo(f"wrote {path}")
    if not no_default:
        where = remember_clinic(folder)
        typer.echo(f"recorded {folder.resolve()} as this computer's clinic (in {where})")
    typer.echo(f"next: edit {folder / CLINIC_FILE} (name, address, logo, colours), then check it with "
               f"'handouts clinic'")


@app.command()
@user_errors
def clinic(
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Show which clinic is in use, how it was chosen, and the data and template folders read.

    Data folders are listed lowest priority first (later ones override earlier
    ones); template folders highest first (the first holding a template wins).

    Examples:

      handouts clinic

      handouts clinic --clinic-dir ~/willow-lane
    """
    from handouts.catalog.loader import load_catalog

    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    name = load_catalog(ws).clinic.name
    typer.echo(f"clinic:      {name}{'  (DEMO: run handouts init DIR)' if ws.is_demo else ''}")
    typer.echo(f"folder:      {ws.clinic_dir or '-'}")
    typer.echo(f"clinic file: {ws.clinic_file or '- (the demo clinic shipped with handouts)'}")
    typer.echo(f"chosen by:   {ws.clinic_source}")
    typer.echo(f"user config: {config_file()}")
    typer.echo("data (lowest priority first):")
    for folder in ws.data_dirs:
        typer.echo(f"  {folder}")
    typer.echo("templates (highest priority first):")
    for folder in ws.template_dirs:
        typer.echo(f"  {folder}")
