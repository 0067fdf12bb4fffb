"""The whole ``handouts`` command line: every command module registered on the one Typer app.

Importing a command module registers its command on ``app_cli.app``; this
module imports them all and adds the web front desk's commands. ``--help``
lists commands in the order below, whichever module happened to load first.
"""

from __future__ import annotations

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


def _place(command: object) -> int:
    callback = getattr(command, "callback", None)
    name = getattr(command, "name", None) or getattr(callback, "__name__", "").replace("_", "-")
    return ORDER.index(name) if name in ORDER else len(ORDER)


app.registered_commands.sort(key=_place)  # stable: commands not named above keep their order, last

__all__ = ["app", "user_errors"]
