"""The ``handouts`` command line: the Typer app, its ONE error boundary and the options commands share.

This is the one place that talks to the terminal and chooses file paths.
Every user mistake arrives here as a HandoutsError and leaves as a one-line
``file:line: field: message (hint)`` on stderr with exit code 1. Python
tracebacks are never shown for user mistakes, and never with local variables
(client notes are health data).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from handouts.build import open_workspace
from handouts.cli.terminal import describe_os_error, exit_code, safe_text, signals_as_interrupt, write_bug_log
from handouts.errors import HandoutsError, ManyErrors
from handouts.files.search_path import Workspace

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


def workspace_from(clinic_dir: Path | None, data_dir: Path | None, templates_dir: Path | None, *,
                   branded: bool = True) -> Workspace:
    """The search path from the three folder options every command takes.

    A command that prints branding says once, on stderr, when the demo clinic's
    name and address would go on paper: a front desk must never hand a client
    a sheet from a fictional clinic without noticing.
    """
    ws = open_workspace(clinic_dir, data_dir, templates_dir)
    if branded and ws.is_demo:
        where = (f"no clinic.yaml in '{ws.clinic_dir}' (from {ws.clinic_source})" if ws.clinic_dir is not None
                 else "no clinic is set up")
        err(f"warning: {where}: printing the DEMO clinic (Willow Lane Reflexology, a fictional address). "
            "Set yours once with: handouts init DIR (or HANDOUTS_CLINIC=DIR, or --clinic-dir DIR)")
    return ws


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


def pdf_password(password: str | None, password_file: Path | None) -> str | None:
    """The password from --password, --password-file or HANDOUTS_PDF_PASSWORD, checked; None for none."""
    import os

    from handouts.build import check_password
    from handouts.errors import InputError

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
