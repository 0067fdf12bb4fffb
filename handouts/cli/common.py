"""What the options several commands share turn into: the clinic's search path and the PDF password.

No Typer here: the options are declared in ``app_cli``; these are the values
behind them, which the quick start (``cli.quick``) needs as well.
"""

from __future__ import annotations

import os
from pathlib import Path

from handouts.build import open_workspace
from handouts.cli.boundary import err
from handouts.files.search_path import Workspace


def workspace_from(clinic_dir: Path | None, data_dir: Path | None, templates_dir: Path | None, *,
                   branded: bool = True) -> Workspace:
    """The search path from the three folder options every command takes.

    A command that prints branding says once, on stderr, when the demo clinic's
    name and address would go on paper: a front desk must never hand a client
    a sheet from a fictional clinic without noticing.
    """
    ws = open_workspace(clinic_dir, data_dir, templates_dir)
    if branded and ws.is_demo:
        where = (f"no clinic.yaml in '{ws.clinic_dir}' (from {ws.clinic_source})" if ws.clinic_dir is not None
                 else "no clinic is set up")
        err(f"warning: {where}: printing the DEMO clinic (Willow Lane Reflexology, a fictional address). "
            "Set yours once with: handouts init DIR (or HANDOUTS_CLINIC=DIR, or --clinic-dir DIR)")
    return ws


def pdf_password(password: str | None, password_file: Path | None) -> str | None:
    """The password from --password, --password-file or HANDOUTS_PDF_PASSWORD, checked; None for none."""
    if password is not None:
        return _checked(password, field="--password")
    if password_file is not None:
        from handouts.errors import InputError

        try:
            text = password_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the password file ({type(exc).__name__})", file=str(password_file),
                             field="--password-file") from None
        lines = text.splitlines()
        return _checked(lines[0] if lines else "", file=str(password_file), field="--password-file")
    env = os.environ.get("HANDOUTS_PDF_PASSWORD")
    if env:
        return _checked(env, field="HANDOUTS_PDF_PASSWORD")
    return None


def _checked(password: str, **where: str) -> str:
    """``build.check_password``, its module loaded only when a sheet has a password to check."""
    from handouts.build import check_password

    return check_password(password, **where)
