"""``handouts chart``: the foot chart poster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts import build
from handouts.choices import LABEL_MODES, PAGE_SIZES_CHART
from handouts.cli.app_cli import (
    CONTENT,
    OUTPUT,
    ClinicDir,
    DataDir,
    TemplatesDir,
    app,
    choices_metavar,
    complete,
    complete_ids,
    user_errors,
    workspace_from,
)
from handouts.cli.output import check_output, choose_target, save

LABELS = tuple(m for m in LABEL_MODES if m != "none")


@app.command()
@user_errors
def chart(
    highlight: Annotated[list[str] | None, typer.Option(
        "--highlight", metavar="ZONE", rich_help_panel=CONTENT, autocompletion=complete_ids("zones"),
        help="Zone id to highlight in the accent colour; repeatable (see 'handouts list zones').")] = None,
    goal: Annotated[list[str] | None, typer.Option(
        "--goal", "-g", metavar="ID", rich_help_panel=CONTENT, autocompletion=complete_ids("goals"),
        help="Highlight the zones a goal works; repeatable.")] = None,
    labels: Annotated[str, typer.Option(
        metavar=choices_metavar(LABELS), rich_help_panel=CONTENT, autocompletion=complete(LABELS),
        help="all: every zone named; highlighted: only highlighted zones; numbers: numbered, with a list.")] = "all",
    views: Annotated[str, typer.Option(
        metavar="VIEW,VIEW...", rich_help_panel=CONTENT,
        help="Views to draw, comma-separated: plantar (page 1), medial, lateral, dorsal (page 2).")
    ] = "plantar,medial,lateral,dorsal",
    page_size: Annotated[str | None, typer.Option(
        "--page-size", metavar=choices_metavar(PAGE_SIZES_CHART), rich_help_panel=OUTPUT,
        show_default="the clinic's", autocompletion=complete(PAGE_SIZES_CHART), help="Paper size.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", rich_help_panel=OUTPUT, show_default="output/foot-chart.pdf",
        help="PDF file to write (replaced if it exists).")] = None,
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Make a foot chart poster: both soles on page 1, inner and outer edges and tops on page 2.

    Examples:

      handouts chart --goal digestion --labels numbers --page-size a3 -o output/digestion-chart.pdf

      handouts chart --highlight liver --highlight heart --views plantar
    """
    check_output(output)
    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    built = build.build_chart(ws, views=views.split(","), zones=highlight or [], goals=goal or [], labels=labels,
                              page_size=page_size)
    target, _ = choose_target(output, built.stem)
    save(target, built.pdf)
    typer.echo(f"wrote {target}")
