"""What ``handouts sheet`` does, without Typer: the command's declaration (``cli.sheet``) and the quick
start (``cli.quick``) both call ``make_sheet`` with the same parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handouts import build
from handouts.cli.boundary import err, say
from handouts.cli.common import pdf_password, workspace_from
from handouts.cli.output import check_output, choose_target, save
from handouts.errors import HandoutsError
from handouts.files.search_path import Workspace

FLAG_NAMES = {"goals": "--goal", "conditions": "--condition"}


def make_sheet(
    client_file: Path | None = None, name: str | None = None, goal: list[str] | None = None,
    condition: list[str] | None = None, minutes: str | None = None, pressure: str | None = None,
    therapist: str | None = None, date: str | None = None, notes: str | None = None, language: str | None = None,
    page_size: str | None = None, large_print: bool = False, output: Path | None = None, force: bool = False,
    password: str | None = None, password_file: Path | None = None, private_metadata: bool = False,
    clinic_dir: Path | None = None, data_dir: Path | None = None, templates_dir: Path | None = None,
) -> None:
    """One client's sheet from the command's options (their meaning is in ``cli.sheet``'s help)."""
    check_output(output)
    ws = workspace_from(clinic_dir, data_dir, templates_dir)
    secret = pdf_password(password, password_file)
    flags = {
        "name": name, "goals": goal, "conditions": condition, "minutes": minutes,
        "pressure": pressure, "therapist": therapist, "date": date,
        "notes": notes, "language": language, "page_size": page_size,
    }
    client = _client(ws, client_file, flags, large_print)
    for warning in client.warnings:
        err(f"warning: {warning}")
    built = build.build_sheet(ws, client, password=secret, private=private_metadata)
    target, note = choose_target(output, built.stem, force=force)
    save(target, built.pdf)
    _record(ws, client, built.pdf, target)
    say(f"wrote {target}")
    if note:
        err(f"note: {note}")


def _record(ws: Workspace, client: build.Client, pdf: bytes, target: Path) -> None:
    """Add the sheet to the clinic's history (handouts clients, reprints from handouts serve)."""
    if ws.clinic_dir is not None:
        from handouts.batch.manifest import fingerprint
        from handouts.store import record_sheet

        record_sheet(ws.clinic_dir, client, pdf, target, fingerprint(ws))


def _client(ws: Workspace, client_file: Path | None, flags: dict[str, Any], large_print: bool) -> build.Client:
    """The client from the file (if any) and the flags, which win; an error names the flag it came from."""
    raw: dict[str, Any] = {}
    source = None
    if client_file is not None:
        source = build.read_client_file(client_file)
        raw.update(source.data)
    raw.update({k: v for k, v in flags.items() if v not in (None, [])})
    if large_print:
        raw["large_print"] = True
    if not raw.get("name") and client_file is not None:  # the file's own field, as it is spelt there
        raise HandoutsError("a client name is required", file=str(client_file), field="name",
                            line=source.line_of(("name",)) if source else None,
                            hint="add a line 'name: ...' to the file, or give --name")
    if not raw.get("name"):
        raise HandoutsError("a client name is required", field="--name",
                            hint='e.g. handouts sheet --name "Ana Lima" --goal sleep')
    try:
        return build.check_client(ws, raw, source=source, file=str(client_file) if client_file else None)
    except HandoutsError as exc:
        if exc.field in flags and flags[exc.field] not in (None, []):  # the value came from a flag: name it
            exc.field = FLAG_NAMES.get(exc.field, f"--{exc.field.replace('_', '-')}")
        raise
