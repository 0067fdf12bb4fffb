"""``handouts list``: the catalog as a table (zones, techniques, goals, cautions, complements)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from handouts.build import load_catalog
from handouts.cli.app_cli import ClinicDir, DataDir, app, user_errors, workspace_from


class Listing(str, Enum):
    zones = "zones"
    techniques = "techniques"
    goals = "goals"
    cautions = "cautions"
    complements = "complements"


@app.command("list")
@user_errors
def list_(
    what: Annotated[Listing, typer.Argument(help="What to list.")],
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
) -> None:
    """Print the catalog as a table: zones, techniques, goals, cautions or complements.

    Examples:

      handouts list goals

      handouts list zones --clinic-dir ~/willow-lane
    """
    from rich.console import Console  # loaded only for this command
    from rich.table import Table

    cat = load_catalog(workspace_from(clinic_dir, data_dir, None, branded=False))
    table = Table(show_lines=False, header_style="bold")
    if what is Listing.zones:
        for col in ("id", "name", "foot", "views", "system", "corresponds to"):
            table.add_column(col, no_wrap=col == "id")
        for z in cat.zones.values():
            table.add_row(z.id, z.name, z.foot, ", ".join(z.views), z.system, ", ".join(z.body_parts))
    elif what is Listing.techniques:
        for col in ("id", "name", "minutes", "pressure", "summary"):
            table.add_column(col, no_wrap=col == "id")
        for t in cat.techniques.values():
            table.add_row(t.id, t.name, f"{t.minutes:g}", f"{t.pressure_min}-{t.pressure_max}", t.summary)
    elif what is Listing.goals:
        for col in ("id", "name", "zones", "complements"):
            table.add_column(col, no_wrap=col == "id")
        for g in cat.goals.values():
            table.add_row(g.id, g.name, ", ".join(s.zone or "" for s in g.steps), ", ".join(g.complements))
    elif what is Listing.cautions:
        for col in ("id", "name", "action", "changes"):
            table.add_column(col, no_wrap=col == "id")
        for c in cat.cautions.values():
            changes = []
            if c.avoid_foot:
                changes.append("leaves out the affected foot (write id:left or id:right)")
            if c.avoid_zones:
                changes.append("leaves out " + ", ".join(c.avoid_zones))
            if c.pressure_cap or c.action == "gentle":
                changes.append(f"pressure at most {c.pressure_cap or 'gentle'}")
            if c.action in ("refer", "defer"):
                changes.append("no self-routine")
            table.add_row(c.id, c.name, c.action, "; ".join(changes))
    else:
        for col in ("id", "name", "text"):
            table.add_column(col, no_wrap=col == "id")
        for m in cat.complements.values():
            table.add_row(m.id, m.name, m.text)
    Console(highlight=False, markup=False).print(table)
