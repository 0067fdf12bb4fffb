"""``handouts template copy``: a shipped template, and the markup guide, copied into the clinic folder to edit.

A template in the clinic's ``templates/`` replaces the shipped one of the same
name; everything else is still inherited. The copy is the starting point, and
``story-markup.md`` beside it says which elements the template may produce.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from handouts.cli.app_cli import ClinicDir, app, user_errors, workspace_from
from handouts.errors import InputError
from handouts.files.paths import shipped_docs, shipped_templates

template_app = typer.Typer(help="Work with the templates a clinic can override.", no_args_is_help=True,
                           rich_markup_mode="rich", context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(template_app, name="template")
GUIDE = "story-markup.md"


def _shipped_names() -> list[str]:
    return sorted(p.name.removesuffix(".xml.j2") for p in shipped_templates().glob("*.xml.j2"))


Shipped = Enum("Shipped", {n: n for n in _shipped_names()}, type=str)  # type: ignore[misc]


@template_app.command("copy")
@user_errors
def copy(
    name: Annotated[Shipped, typer.Argument(case_sensitive=False, show_default=False,
                                            help="The shipped template to copy.")],
    force: Annotated[bool, typer.Option("--force", metavar="", help="Replace a copy already in the clinic "
                                        "folder.")] = False,
    clinic_dir: ClinicDir = None,
) -> None:
    """Copy a shipped template (and docs/story-markup.md) into the clinic's templates/ folder to edit.

    Examples:

      handouts template copy sheet

      handouts template copy brochure --clinic-dir ~/willow-lane
    """
    stem = name.value
    ws = workspace_from(clinic_dir, None, None, branded=False)
    if ws.clinic_dir is None or ws.clinic_file is None:
        raise InputError("no clinic folder to copy into", field="--clinic-dir",
                         hint="make one with 'handouts init DIR', or pass --clinic-dir DIR")
    folder = ws.clinic_dir / "templates"
    target = folder / f"{stem}.xml.j2"
    if target.exists() and not force:
        raise InputError(f"'{target}' already exists; nothing was changed", field="template copy",
                         hint="edit it, or add --force to start again from the shipped one")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes((shipped_templates() / target.name).read_bytes())
    typer.echo(f"wrote {target}")
    guide = folder / GUIDE
    if not guide.exists() or force:
        guide.write_bytes((shipped_docs() / GUIDE).read_bytes())
        typer.echo(f"wrote {guide} (the elements a template may use)")
    typer.echo(f"next: edit {target.name}, then run 'handouts validate' (it names the line of any mistake)")


