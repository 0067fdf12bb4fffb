"""Where ``sheet``, ``chart`` and ``brochure`` write: ``-o`` is a file, checked before anything is drawn.

A folder given as ``-o``, a folder that does not exist, a read-only file, a file
held open by a PDF viewer (Windows) or a full disk each end as one line and exit
code 1, never a traceback. A client's existing sheet is never replaced silently:
the default name steps aside to ``name-2.pdf`` (and says so); an explicit ``-o``
that exists needs ``--force``.
"""

from __future__ import annotations

import stat
from pathlib import Path

from handouts.errors import InputError
from handouts.files.writing import first_free, write_atomic

DEFAULT_FOLDER = Path("output")


def _check_file(path: Path, field: str) -> None:
    """Refuse a target that cannot become a file: a folder, a missing or file-blocked folder, a read-only file."""
    if path.is_dir():
        raise InputError(f"'{path}' is a folder, not a file; {field} takes a file name", field=field,
                         hint=f"e.g. {field} {path / 'handout.pdf'}")
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise InputError(f"'{parent}' is a file, not a folder", field=field)
    if not parent.exists() and parent != DEFAULT_FOLDER:
        raise InputError(f"the folder '{parent}' does not exist", field=field,
                         hint="create it first, or choose another file name")
    if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
        raise InputError(f"'{path}' is read-only", field=field,
                         hint="choose another file name, or make the file writable")


def check_output(output: Path | None, field: str = "--output") -> None:
    """Check an explicit ``-o`` before anything is drawn (a mistake costs no time)."""
    if output is not None:
        _check_file(output, field)


def choose_target(output: Path | None, stem: str, *, force: bool = True, field: str = "--output") -> tuple[Path, str]:
    """The file to write and a note for the user ('' when nothing needs saying).

    ``force=False`` protects existing files: an explicit ``-o`` that exists is an
    error; the default ``output/<stem>.pdf`` steps aside to the first free
    ``<stem>-N.pdf``.
    """
    if output is not None:
        _check_file(output, field)
        if output.exists() and not force:
            raise InputError(f"'{output}' already exists", field=field,
                             hint="add --force to replace it, or choose another file name")
        return output, ""
    target = DEFAULT_FOLDER / f"{stem}.pdf"
    _check_file(target, field)
    if force or not target.exists():
        return target, ""
    candidate = first_free(DEFAULT_FOLDER, stem, ".pdf")
    return candidate, f"{target} already exists (another client of the same name?); --force replaces it"


def save(target: Path, pdf: bytes) -> None:
    """Write the PDF whole or not at all; a file held open elsewhere is named as such."""
    try:
        write_atomic(target, pdf)
    except PermissionError as exc:
        raise InputError(f"cannot write '{target}': permission denied", field="--output",
                         hint="if the file is open in a PDF viewer, close it and try again") from exc
