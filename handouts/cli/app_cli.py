"""The ``handouts`` command line: the Typer app, its error boundary and the options commands share.

The command line is the one place that talks to the terminal and chooses
file paths. The boundary itself (``boundary.guard``: every user mistake as
one line, exit code 1, never a traceback) and the values behind the shared
options (``common``) live without Typer, for the quick start (``cli.quick``);
they are re-exported here for the command modules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from handouts.build import open_workspace
from handouts.cli.boundary import err, guard
from handouts.cli.common import pdf_password, workspace_from

__all__ = [
    "CLIENT", "CLINIC", "CONTENT", "OUTPUT", "ClinicDir", "DataDir", "Password", "PasswordFile", "Private",
    "TemplatesDir", "app", "choices_metavar", "complete", "complete_ids", "err", "pdf_password", "user_errors",
    "workspace_from",
]

app = typer.Typer(
    name="handouts",
    help=(
        "Printable take-home sheets, foot charts and brochures for massage and reflexology clinics.\n\n"
        "Set up your clinic once:  handouts init ~/my-clinic\n\n"
        "Then:  handouts sheet --name \"Ana Lima\" --goal sleep --goal stress\n\n"
        "Content lives in YAML (data/) and templates (templates/); a clinic keeps its own branding and "
        "overrides in a folder made by 'handouts init'."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

CLIENT, CONTENT, OUTPUT, CLINIC = "Client", "Content", "Output", "Clinic and folders"  # help panels


def choices_metavar(values: tuple[str, ...]) -> str:
    """The metavar of a closed choice: its values, as the user types them."""
    return "|".join(values)


def complete(values: tuple[str, ...]) -> Callable[[str], list[str]]:
    """Shell completion for a closed choice."""
    return lambda incomplete: [v for v in values if v.startswith(incomplete.lower())]


def complete_ids(kind: str) -> Callable[[str], list[str]]:
    """Shell completion for catalog ids (goals, cautions, zones) of the clinic in use."""

    def ids(incomplete: str) -> list[str]:
        try:
            from handouts.catalog.loader import load_catalog

            found = list(getattr(load_catalog(open_workspace()), kind))
        except Exception:  # completion must never print an error into the user's shell
            return []
        return [i for i in found if i.startswith(incomplete.lower())]

    return ids


def _version(value: bool) -> None:
    if value:
        from handouts import __version__

        typer.echo(f"handouts {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", metavar="", callback=_version, is_eager=True,
                                          help="Print the version and stop.")] = False,
) -> None:
    """Printable take-home sheets, foot charts and brochures for massage and reflexology clinics."""

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(func: F) -> F:
    """The one error boundary (``boundary.guard``) around a Typer command: every failure leaves as
    ``typer.Exit`` with its code, and Typer's own exits pass through."""
    return guard(func, typer.Exit, passing=(typer.Exit, typer.Abort))


ClinicDir = Annotated[
    Path | None,
    typer.Option("--clinic-dir", metavar="DIR", rich_help_panel=CLINIC,
                 help="Clinic folder (made by 'handouts init'). [default: the current folder or a parent with "
                 "a clinic.yaml, else HANDOUTS_CLINIC, else the clinic 'handouts init' recorded]",
                 show_default=False),
]
DataDir = Annotated[Path | None, typer.Option("--data-dir", metavar="DIR", rich_help_panel=CLINIC,
                                              help="Extra data folder that overrides the rest.",
                                              show_default=False)]
TemplatesDir = Annotated[Path | None, typer.Option("--templates-dir", metavar="DIR", rich_help_panel=CLINIC,
                                                   help="Extra templates folder that overrides the rest.",
                                                   show_default=False)]


Password = Annotated[str | None, typer.Option(
    "--password", metavar="PASSWORD", rich_help_panel=OUTPUT, show_default=False,
    help="Encrypt the PDF (AES-256) with this password, for sending by email; printing stays allowed. Visible "
         "to other users of this computer: prefer --password-file or HANDOUTS_PDF_PASSWORD.")]
PasswordFile = Annotated[Path | None, typer.Option(
    "--password-file", metavar="FILE", rich_help_panel=OUTPUT, show_default=False,
    help="Read the PDF password from the first line of this file.")]
Private = Annotated[bool, typer.Option(
    "--private-metadata", metavar="", rich_help_panel=OUTPUT,
    help="Leave the client's name out of the PDF's title, bookmarks and file name (the client id is used "
         "instead).")]
