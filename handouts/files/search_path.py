"""The search path: which data and template folders a command reads, in which order.

Order of precedence, highest first: ``--data-dir`` / ``--templates-dir`` given
on the command line, then the clinic folder, then the shipped defaults. A clinic
overrides one zone or one template without copying the rest.

Which clinic, highest first: ``--clinic-dir``; the current folder or one of its
parents holding a ``clinic.yaml`` (so a command run inside a clinic's ``data/``
still finds it); ``HANDOUTS_CLINIC``; the folder ``handouts init`` recorded in
the user config; else the demo clinic, which every branded command announces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.errors import InputError
from handouts.files.paths import shipped_data, shipped_templates
from handouts.files.user_config import config_file, configured_clinic

CLINIC_FILE = "clinic.yaml"


@dataclass(frozen=True)
class Workspace:
    """Folders to read, lowest priority first for data, highest first for templates."""

    data_dirs: tuple[Path, ...]
    template_dirs: tuple[Path, ...]
    clinic_file: Path | None = None
    clinic_dir: Path | None = None
    clinic_source: str = "demo"  # how the clinic was chosen, for 'handouts clinic' and the demo warning

    @property
    def is_demo(self) -> bool:
        """Whether the demo clinic's branding will print (no clinic.yaml was found)."""
        return self.clinic_file is None


def _enclosing_clinic(here: Path) -> Path | None:
    """The current folder or the nearest parent holding a clinic.yaml."""
    for folder in (here, *here.parents):
        if (folder / CLINIC_FILE).is_file() and folder != shipped_data().resolve():  # the demo's own folder
            return folder
    return None


def choose_clinic(clinic_dir: Path | None, cwd: Path | None = None) -> tuple[Path | None, str]:
    """The clinic folder and where the choice came from (see the module's order)."""
    import os

    if clinic_dir is not None:
        if not clinic_dir.is_dir():
            raise InputError(f"clinic folder '{clinic_dir}' does not exist", field="--clinic-dir",
                             hint="create one with: handouts init DIR")
        return clinic_dir, "--clinic-dir"
    found = _enclosing_clinic((cwd or Path.cwd()).resolve())
    if found is not None:
        return found, "the current folder"
    env = os.environ.get("HANDOUTS_CLINIC")
    if env:
        if not Path(env).is_dir():
            raise InputError(f"clinic folder '{env}' does not exist", field="HANDOUTS_CLINIC",
                             hint="fix or unset the variable, or create the folder with: handouts init DIR")
        return Path(env), "HANDOUTS_CLINIC"
    configured = configured_clinic()
    if configured is not None:
        if not configured.is_dir():
            raise InputError(f"the clinic folder '{configured}' recorded by 'handouts init' is gone",
                             file=str(config_file()), hint="run 'handouts init DIR' again, or pass --clinic-dir")
        return configured, f"user config ({config_file()})"
    return None, "demo"


def find_workspace(
    clinic_dir: Path | None = None,
    data_dir: Path | None = None,
    templates_dir: Path | None = None,
    cwd: Path | None = None,
) -> Workspace:
    """Resolve the search path for a command run in ``cwd``."""
    clinic_dir, source = choose_clinic(clinic_dir, cwd)
    data: list[Path] = [shipped_data()]
    templates: list[Path] = [shipped_templates()]
    clinic_file = None
    if clinic_dir is not None:
        clinic_dir = clinic_dir.resolve()
        if (clinic_dir / CLINIC_FILE).is_file():
            clinic_file = clinic_dir / CLINIC_FILE
        if (clinic_dir / "data").is_dir():
            data.append(clinic_dir / "data")
        if (clinic_dir / "templates").is_dir():
            templates.insert(0, clinic_dir / "templates")
    for given, kind, target in ((data_dir, "--data-dir", data), (templates_dir, "--templates-dir", templates)):
        if given is None:
            continue
        if not given.is_dir():
            raise InputError(f"folder '{given}' does not exist", field=kind)
        if kind == "--data-dir":
            target.append(given.resolve())
        else:
            target.insert(0, given.resolve())
    return Workspace(tuple(data), tuple(templates), clinic_file, clinic_dir, source)


def available_languages(workspace: Workspace) -> tuple[str, ...]:
    """English plus every language with a ``locales/<code>/`` folder."""
    found = {"en"}
    for folder in workspace.data_dirs:
        locales = folder / "locales"
        if locales.is_dir():
            found.update(p.name for p in locales.iterdir() if p.is_dir())
    return tuple(sorted(found))


def find_logo(workspace: Workspace, logo: str | None) -> Path | None:
    """The clinic's logo file: next to its clinic.yaml, else in the data folders (the demo clinic's is shipped).

    The one rule for where a logo is found: the catalog check and the brochure both use it.
    """
    if not logo:
        return None
    for base in ([workspace.clinic_file.parent] if workspace.clinic_file else []) + list(workspace.data_dirs)[::-1]:
        candidate = base / logo
        if candidate.is_file():
            return candidate
    raise InputError(f"logo file '{logo}' not found", field="logo",
                     file=str(workspace.clinic_file) if workspace.clinic_file else None)
