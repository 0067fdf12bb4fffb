"""The whole ``handouts`` command line: every command module registered on the one Typer app.

Importing a command module registers its command on ``app_cli.app``; this
module imports them all and adds the web front desk's commands. ``--help``
lists commands in the order below, whichever module happened to load first.
"""

from __future__ import annotations

import copy
import os

import typer

from handouts.cli import (  # noqa: F401  (imported to register the commands)
    batch,
    brochure,
    chart,
    init_clinic,
    listing,
    sheet,
    template,
    validate,
)
from handouts.cli.app_cli import app, user_errors
from handouts.serve.commands import register as register_front_desk

ORDER = ("batch", "brochure", "chart", "init", "clinic", "list", "sheet", "validate", "serve")

register_front_desk(app, user_errors)  # handouts serve, handouts clients (the web front desk's commands)


def _name(command: object) -> str:
    """A registered command's name as typed (Typer derives it from the function when none is given)."""
    callback = getattr(command, "callback", None)
    return getattr(command, "name", None) or getattr(callback, "__name__", "").replace("_", "-")


def _place(command: object) -> int:
    name = _name(command)
    return ORDER.index(name) if name in ORDER else len(ORDER)


app.registered_commands.sort(key=_place)  # stable: commands not named above keep their order, last


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run ``argv`` with: a copy holding only the command it names, else the whole app.

    Before parsing, Typer turns every command's signature into Click options
    (about a tenth of a cold ``handouts sheet``'s own work, for thirteen
    commands). A named command parses and runs the same with its siblings
    left out; anything else (no command, an unknown one, shell completion)
    gets the whole app, with its suggestions and its list of commands.
    """
    if not argv or os.environ.get("_HANDOUTS_COMPLETE"):
        return app
    commands = [c for c in app.registered_commands if _name(c) == argv[0]]
    groups = [g for g in app.registered_groups if g.name == argv[0]]
    if len(commands) + len(groups) != 1:
        return app
    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


def click_command(app: typer.Typer, name: str) -> object:
    """The Click command Typer builds for the command ``name`` of ``app`` (the quick start reads its options)."""
    import typer.main

    return typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]


__all__ = ["app", "app_for", "click_command", "user_errors"]
