"""``handouts brochure``: the clinic brochure, print-ready, for one clinic file or several."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Annotated

import typer

from handouts import build
from handouts.choices import LAYOUTS, PAGE_SIZES, choice
from handouts.cli.app_cli import (
    CONTENT,
    OUTPUT,
    ClinicDir,
    DataDir,
    TemplatesDir,
    app,
    choices_metavar,
    complete,
    user_errors,
    workspace_from,
)
from handouts.cli.output import check_output, save
from handouts.errors import InputError
from handouts.files.writing import slugify

PRINT = "Print shop"


LayoutOpt = Annotated[str, typer.Option(
    metavar=choices_metavar(LAYOUTS), rich_help_panel=CONTENT, autocompletion=complete(LAYOUTS),
    help="trifold: one sheet folded in three (landscape, two sides); booklet: A5 pages imposed two-up for "
         "saddle stitching; flyer: one page, both sides.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", rich_help_panel=OUTPUT, show_default="output/brochure-<layout>.pdf",
    help="PDF file to write (replaced if it exists); with several clinics the clinic's name is "
         "added.")]


@app.command()
@user_errors
def brochure(
    layout: LayoutOpt = "trifold",
    page_size: Annotated[str | None, typer.Option(
        "--page-size", metavar=choices_metavar(PAGE_SIZES), rich_help_panel=OUTPUT, show_default="the clinic's",
        autocompletion=complete(PAGE_SIZES), help="Sheet size.")] = None,
    bleed: Annotated[float, typer.Option(
        metavar="MM", rich_help_panel=PRINT,
        help="Bleed in mm, 0 to 10 (3 is usual in Europe, 3.175 = 1/8 inch in the US): backgrounds run this far past "
             "the trim.")] = 0.0,
    crop_marks: Annotated[bool, typer.Option("--crop-marks", metavar="", rich_help_panel=PRINT,
                                             help="Add crop marks (and fold marks) outside the bleed.")] = False,
    cmyk: Annotated[bool, typer.Option("--cmyk", metavar="", rich_help_panel=PRINT,
                                       help="Every colour and image in DeviceCMYK, as print shops ask.")] = False,
    icc: Annotated[Path | None, typer.Option(
        "--icc", metavar="FILE.icc", rich_help_panel=PRINT, show_default="the bundled Artifex CMYK SWOP profile",
        help="With --cmyk: the print shop's CMYK output profile.")] = None,
    no_impose: Annotated[bool, typer.Option("--no-impose", metavar="", rich_help_panel=PRINT, help="Booklet: pages in "
                                            "reading order instead of imposed for saddle stitching.")] = False,
    clinic: Annotated[list[Path] | None, typer.Option(
        "--clinic", metavar="CLINIC.yaml", rich_help_panel=CONTENT, show_default=False,
        help="A clinic file; repeat for several clinics or locations, one brochure each.")] = None,
    output: OutputOpt = None,
    clinic_dir: ClinicDir = None,
    data_dir: DataDir = None,
    templates_dir: TemplatesDir = None,
) -> None:
    """Make the clinic brochure, ready for a print shop (bleed, crop marks, CMYK, embedded fonts).

    Examples:

      handouts brochure --layout trifold --bleed 3 --crop-marks --cmyk -o output/brochure.pdf

      handouts brochure --layout booklet --page-size letter --clinic north/clinic.yaml --clinic south/clinic.yaml
    """
    layout = choice(layout.strip().lower(), LAYOUTS, "--layout")
    check_output(output)
    base = workspace_from(clinic_dir, data_dir, templates_dir, branded=not clinic)
    workspaces = [base]
    if clinic:
        workspaces = []
        for path in clinic:
            if not path.is_file():
                raise InputError(f"clinic file '{path}' not found", field="--clinic",
                                 hint="a clinic.yaml, as written by 'handouts init'")
            workspaces.append(dataclasses.replace(base, clinic_file=path.resolve()))
    options = build.print_options(bleed_mm=bleed, crop_marks=crop_marks, cmyk=cmyk, icc=icc, impose=not no_impose)
    for ws in workspaces:
        started = time.perf_counter()
        built = build.build_brochure(ws, layout=layout, page_size=page_size, options=options)
        target = output or Path("output") / f"{built.stem}.pdf"
        if len(workspaces) > 1:
            target = target.with_name(f"{target.stem}-{slugify(built.clinic, 'clinic')}{target.suffix}")
        check_output(target)
        save(target, built.pdf)
        typer.echo(f"wrote {target} ({layout}, {built.page_size}, {time.perf_counter() - started:.2f} s)")
