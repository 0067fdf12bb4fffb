"""``handouts sheet``: one client's take-home routine sheet, from flags and/or a client file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from handouts import build
from handouts.cli.app_cli import (
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
from handouts.cli.output import check_output, choose_target, save
from handouts.errors import HandoutsError
from handouts.files.search_path import Workspace

FLAG_NAMES = {"goals": "--goal", "conditions": "--condition"}


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
    force: Annotated[bool, typer.Option("--force", rich_help_panel="Output", help="Replace an existing file "
                                        "instead of writing name-2.pdf (or stopping, with -o).")] = False,
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
    typer.echo(f"wrote {target}")
    if note:
        err(f"note: {note}")


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
