"""The ``handouts`` command line: one module per command, joined into one Typer app.

``app_cli`` holds the app, the one error boundary and the shared options;
each command module registers itself on import, in the order ``--help`` lists
them. Commands call ``handouts.build`` (and ``handouts.batch``) and nothing
below them.
"""

from handouts.cli import (  # noqa: F401  (imported to register the commands, in this order)
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

register_front_desk(app, user_errors)  # handouts serve, handouts clients (the web front desk's commands)

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
