"""``handouts validate``: every data file, template and the consistency matrix checked; all problems at once."""

from __future__ import annotations

import typer

from handouts import build
from handouts.cli.app_cli import ClinicDir, DataDir, TemplatesDir, app, user_errors, workspace_from
from handouts.errors import ManyErrors


@app.command()
@user_errors
def validate(
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Check every data file and template; report all problems at once (exit 1 if any).

    Examples:

      handouts validate

      handouts validate --clinic-dir ~/willow-lane
    """
    ws = workspace_from(clinic_dir, data_dir, templates_dir, branded=False)
    problems, sheets = build.check_workspace(ws)
    if problems:
        raise ManyErrors(problems)
    cat = build.load_catalog(ws)
    typer.echo(
        f"catalog OK: {len(cat.zones)} zones, {len(cat.techniques)} techniques, {len(cat.goals)} goals, "
        f"{len(cat.cautions)} cautions, {len(cat.faq)} FAQ, {len(cat.charts.views)} chart views; "
        f"clinic '{cat.clinic.name}'"
    )
    typer.echo(f"consistency OK: {sheets} sheets built (every goal alone, with every caution and every pair "
               "of cautions); none contradicts its cautions")
