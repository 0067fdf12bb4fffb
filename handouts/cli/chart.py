"""``handouts chart``: the foot chart poster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts import build
from handouts.cli.app_cli import ClinicDir, DataDir, TemplatesDir, app, user_errors, workspace_from
from handouts.cli.output import check_output, choose_target, save


@app.command()
@user_errors
def chart(
    highlight: Annotated[list[str] | None, typer.Option("--highlight", help="Zone id to highlight in the "
                                                        "accent colour; repeatable (see 'handouts list "
                                                        "zones').")] = None,
    goal: Annotated[list[str] | None, typer.Option("--goal", "-g", help="Highlight the zones a goal "
                                                   "works; repeatable.")] = None,
    labels: Annotated[str, typer.Option(help="all: every zone named; highlighted: only highlighted "
                                        "zones; numbers: numbered, with a list.")] = "all",
    views: Annotated[str, typer.Option(help="Views to draw, comma-separated: plantar (page 1), medial, "
                                       "lateral, dorsal (page 2).")] = "plantar,medial,lateral,dorsal",
    page_size: Annotated[str | None, typer.Option("--page-size", help="a4, letter or a3. [default: the "
                                                  "clinic's]", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="PDF to write. [default: "
                                                "output/foot-chart.pdf]", show_default=False)] = None,
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Make a foot chart poster: both soles on page 1, inner and outer edges and tops on page 2.

    Example: handouts chart --goal digestion --page-size a3 -o output/digestion-chart.pdf
    """
    check_output(output)
    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    built = build.build_chart(ws, views=views.split(","), zones=highlight or [], goals=goal or [], labels=labels,
                              page_size=page_size)
    target, _ = choose_target(output, built.stem)
    save(target, built.pdf)
    typer.echo(f"wrote {target}")
