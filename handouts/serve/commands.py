"""``handouts serve`` and ``handouts clients list|show|forget``, added to the CLI by ``register(app)``.

Kept apart from the CLI module so the front desk can move with its package;
errors leave through the CLI's own boundary (``user_errors``), as one line.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from handouts.errors import InputError

clients_app = typer.Typer(help="The clinic's client history: list, show, forget.", no_args_is_help=True,
                          add_completion=False, rich_markup_mode="rich",
                          context_settings={"help_option_names": ["-h", "--help"]})
ClinicDir = Annotated[Path | None, typer.Option("--clinic-dir", metavar="DIR", help="Clinic folder (made by "
                                                "'handouts init').", show_default="the clinic in use")]


def _token(host: str, token_file: Path | None) -> str | None:
    """No token on localhost; off it, the one in --token-file (written there if new) or a fresh one."""
    from handouts.serve.security import is_loopback

    if token_file is not None and token_file.is_file():
        token = token_file.read_text(encoding="utf-8").strip()
        if len(token) < 16:
            raise InputError("the token in the file is too short", file=str(token_file), field="--token-file",
                             hint="use at least 16 characters, or delete the file for a new one")
        return token
    if is_loopback(host) and token_file is None:
        return None
    token = secrets.token_urlsafe(24)
    if token_file is not None:
        token_file.parent.mkdir(parents=True, exist_ok=True)
        token_file.touch(mode=0o600)
        token_file.write_text(token + "\n", encoding="utf-8")
    return token


def serve(
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="Address to listen on. Anything but this machine "
                                      "(127.0.0.1) needs "
                                      "the access token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", min=1, max=65535, help="Port to listen on.")] = 8765,
    no_browser: Annotated[bool, typer.Option("--no-browser", metavar="",
                                             help="Do not open a browser.")] = False,
    token_file: Annotated[Path | None, typer.Option("--token-file", metavar="FILE",
                                                    help="Keep the access token in this file "
                                                    "(read if it exists, else written, owner-only) instead of "
                                                    "printing it.", show_default=False)] = None,
    clinic_dir: ClinicDir = None,
) -> None:
    """Start the front desk in a browser: new sheets with a live preview, client history, batches.

    Examples:

      handouts serve --clinic-dir my-clinic

      handouts serve --host 0.0.0.0 --port 8080 --token-file ~/.handouts-token --no-browser
    """
    import logging
    import webbrowser

    import uvicorn

    from handouts.serve.app import Settings, create_app, home_for

    token = _token(host, token_file)
    settings = Settings(clinic_dir=clinic_dir, host=host, token=token)
    app = create_app(settings)  # resolves the clinic as every command does (flag, folder, env, user config)
    import socket

    # The address to type: this machine's name when listening on every interface (0.0.0.0 is no address).
    shown = {"127.0.0.1": "localhost", "0.0.0.0": socket.gethostname(), "::": socket.gethostname()}.get(host, host)
    url = f"http://{shown}:{port}/"
    typer.echo(f"handouts front desk at {url}" + ("" if token is None or token_file else f"?token={token}"))
    if token is not None:
        typer.echo("an access token is required on this address" +
                   (f"; it is in {token_file}" if token_file else "; the address above carries it (shown once)"))
    if settings.clinic_dir is None:
        typer.echo(f"no clinic is set up: DEMO clinic (run 'handouts init DIR'); history and sheets in "
                   f"{home_for(None)}")
    typer.echo("stop with Ctrl-C")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not no_browser:
        webbrowser.open(url + (f"?token={token}" if token else ""))
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")


def _pick(clinic_dir: Path | None, name: str):  # type: ignore[no-untyped-def]
    """The store and the clients with this name; an unknown name is the user's error."""
    from handouts.serve.core import open_workspace
    from handouts.store import open_store

    ws = open_workspace(clinic_dir)
    if ws.clinic_dir is None:
        raise InputError("no clinic folder: the history lives in one", field="--clinic-dir",
                         hint="run inside the clinic folder or pass --clinic-dir")
    store = open_store(ws.clinic_dir)
    return store, (store.named(name) if name else store.clients())


@clients_app.command("list")
def list_clients(clinic_dir: ClinicDir = None) -> None:
    """Every client with a sheet: name, id, number of sheets, last one made.

    Examples:

      handouts clients list

      handouts clients list --clinic-dir ~/willow-lane
    """
    store, rows = _pick(clinic_dir, "")
    for r in rows:
        typer.echo(f"{r.name}\t{r.client_ref}\t{r.sheets} sheets\tlast {r.last_made[:10]}")
    typer.echo(f"{len(rows)} clients")
    store.close()


@clients_app.command("show")
def show(name: Annotated[str, typer.Argument(metavar="NAME", help="The client's name as printed.")],
         clinic_dir: ClinicDir = None) -> None:
    """A client's sheets: date, goals, conditions and file.

    Examples:

      handouts clients show "Ana Lima"

      handouts clients show "Ana Lima" --clinic-dir ~/willow-lane
    """
    store, rows = _pick(clinic_dir, name)
    if not rows:
        raise InputError(f"no client named '{name}' in the history", hint="see: handouts clients list")
    for r in rows:
        typer.echo(f"{r.name}" + (f" ({r.client_ref})" if r.client_ref else "") + f": {r.sheets} sheets")
        for s in store.sheets(r.id):
            conditions = ", ".join(s.inputs.get("conditions") or []) or "no conditions"
            typer.echo(f"  {s.sheet_date}  {', '.join(s.goals)}; {conditions}  {s.file}")
    store.close()


@clients_app.command("forget")
def forget(name: Annotated[str, typer.Argument(metavar="NAME", help="The client's name as printed.")],
           yes: Annotated[bool, typer.Option("--yes", "-y", metavar="", help="Do not ask for confirmation.")] = False,
           clinic_dir: ClinicDir = None) -> None:
    """Remove a client, their history and their sheet files for good (a data-protection request).

    Examples:

      handouts clients forget "Ana Lima"

      handouts clients forget "Ana Lima" --yes --clinic-dir ~/willow-lane
    """
    store, rows = _pick(clinic_dir, name)
    if not rows:
        raise InputError(f"no client named '{name}' in the history", hint="see: handouts clients list")
    sheets = sum(r.sheets for r in rows)
    if not yes:
        typer.confirm(f"forget {len(rows)} client(s) named '{name}' and {sheets} sheet(s), for good?", abort=True)
    from handouts.serve.forgetting import forget_client

    removed = sum(forget_client(store, r) for r in rows)
    store.close()
    typer.echo(f"forgot {len(rows)} client(s): {sheets} sheet records and {removed} files removed")


def register(app: typer.Typer, user_errors: Callable[[Any], Any]) -> None:
    """Add ``serve`` and ``clients`` to the ``handouts`` command line, inside its error boundary.

    The CLI passes its boundary in, so this package never imports the CLI.
    """
    app.command("serve")(user_errors(serve))
    for command in clients_app.registered_commands:
        command.callback = user_errors(command.callback)  # type: ignore[arg-type]
    app.add_typer(clients_app, name="clients")
