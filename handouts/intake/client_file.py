"""Client details from a YAML file: size-capped, and a syntax error is the user's input error."""

from __future__ import annotations

from pathlib import Path

from handouts.catalog.source import YamlSource, load_yaml
from handouts.errors import HandoutsError, InputError

MAX_CLIENT_FILE_BYTES = 256 * 1024  # one client's YAML file: notes are capped far below this
MAX_CLIENT_LIST_BYTES = 8 * 1024 * 1024  # a YAML client list (CSV lists are streamed and not limited)


def read_input_yaml(path: Path, max_bytes: int = MAX_CLIENT_FILE_BYTES) -> YamlSource:
    """A YAML file of client details; a syntax error in it is the user's input error."""
    try:
        return load_yaml(path, str(path), max_bytes=max_bytes)
    except HandoutsError as exc:
        raise InputError(exc.message, file=exc.file, line=exc.line, hint=exc.hint) from None


def read_client_file(path: Path) -> YamlSource:
    """A client YAML file: a mapping of client fields."""
    if not path.is_file():
        raise InputError(f"client file '{path}' not found")
    src = read_input_yaml(path)
    if not isinstance(src.data, dict):
        raise InputError("expected client details as 'field: value' lines (name, goals, ...)", file=str(path), line=1)
    return src
