"""``handouts init``: a starter clinic folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.app_cli import app, user_errors
from handouts.files.starter import write_starter


@app.command()
@user_errors
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create for the clinic.")],
) -> None:
    """Start a clinic folder: a commented clinic.yaml and empty data/ and templates/ for overrides."""
    written = write_starter(folder)
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: edit {folder / 'clinic.yaml'}, then run commands inside {folder} "
               f"(or pass --clinic-dir {folder})")
