"""The quick start: ``handouts sheet`` parsed and run without loading Typer, from Typer's own option table.

Before a command runs, Typer imports itself, Click and their helpers and turns
every parameter of the command into a Click option: about a seventh of a cold
``handouts sheet`` (measured), on every run, to read a handful of options.

So the first time Typer builds a quick command (``QUICK``), the options Click
would parse are written down (``table_of``: each option's spellings, whether it
takes a value, is repeatable or is a flag, and the checks Click makes on a path)
and kept in the user's cache folder (``files.cache``) under a key made of
handouts' command-line code, Python's version and the installed Typer. Later
runs read that table and parse argv with it (``parse``), but only the plain
forms: ``--name VALUE``, ``--name=VALUE``, ``-g VALUE``, flags, and at most
the positional arguments the command takes. Anything else (help, an unknown or
misspelt option, a missing value, a value that looks like an option, a path
Click would refuse, ``--``, shell completion, Windows, a stream that is not
UTF-8, no table yet, ``HANDOUTS_CACHE_DIR=off``) is left to Typer, as before:
its messages, its exit codes. The parsed values are the ones Typer would pass
(repeatable options as a list, or None when not given; paths as ``Path``), and
the command runs inside the same error boundary (``boundary.guard``).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from handouts.files.cache import code_folder, content_key, file_stamp, read_stored

STORE = "commands"  # the kind of stored work (``files.cache``): <cache>/commands/<key>.pickle
FORMAT = "quick table 1"
# command -> the module and function that do its work without Typer (the Typer command calls the same one)
QUICK = {"sheet": ("handouts.cli.make_sheet", "make_sheet")}
PATH_RULES = ("exists", "file_okay", "dir_okay", "readable", "writable", "resolve_path", "allow_dash")
Table = dict[str, Any]


def typer_stamp() -> str:
    """Where the installed Typer is, with the size and time of its files that shape parsing (without importing it)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("typer")
    except (ImportError, ValueError):
        return "no typer"
    if spec is None or not spec.origin:
        return "no typer"
    home = Path(spec.origin).parent
    parts = [str(home)]
    for name in ("__init__.py", "main.py", "core.py", "models.py", "_click/parser.py", "_click/core.py"):
        try:
            parts.append(file_stamp(home / name))
        except OSError:
            continue
    return "|".join(parts)


def table_key(command: str) -> str:
    """The stored table's name: any change to handouts' command-line code, Python or Typer gives a new one."""
    return content_key(code_folder(__name__), FORMAT, command, typer_stamp())


def _param_entry(param: Any) -> tuple[str, Any] | None:
    """How the quick parser reads one Click parameter: (kind, details); None for one it does not read."""
    kind = type(param.type).__name__
    if param.callback is not None or param.is_eager or not param.expose_value or param.envvar:
        return None
    if kind == "TyperPath":
        rules = {name: getattr(param.type, name, None) for name in PATH_RULES}
        path_type = getattr(param.type, "type", None)  # a Path subclass or str asked for: Typer converts it
        if rules["exists"] or rules["resolve_path"] or rules["allow_dash"] or path_type is not None:
            return None
        return "path", rules
    if kind == "StringParamType":
        return "text", None
    if kind == "BoolParamType" and getattr(param, "is_flag", False):
        return "flag", None
    return None


def table_of(command: Any) -> Table | None:
    """The parse table of a Click command Typer built; None when it has anything the quick parser does not read."""
    options: dict[str, tuple[str, str, bool, Any]] = {}  # spelling -> (parameter, kind, repeatable, rules)
    arguments: list[tuple[str, str, Any]] = []
    for param in command.params:
        entry = _param_entry(param)
        if entry is None or param.nargs != 1:
            return None
        kind, rules = entry
        if param.param_type_name == "argument":
            if kind == "flag" or param.multiple:
                return None
            arguments.append((param.name, kind, rules))
            continue
        flag = kind == "flag"
        if flag != bool(param.is_flag) or param.secondary_opts or getattr(param, "count", False) or (
                flag and (param.multiple or not param.is_bool_flag or param.default is not False)):
            return None
        if param.prompt or (not flag and param.default is not None) or getattr(param, "hidden", False):
            return None
        for spelling in param.opts:
            options[spelling] = (param.name, kind, bool(param.multiple), rules)
    if command.allow_extra_args or command.ignore_unknown_options or not command.allow_interspersed_args:
        return None
    return {"options": options, "arguments": arguments}


def remember(command_name: str, command: Any) -> None:
    """Keep the parse table of ``command`` (Typer's Click command for ``command_name``) for later runs.

    A command the quick parser cannot read is kept as such (no options), so
    that Typer is not asked to build it twice on every run.
    """
    from handouts.files.cache import keep

    keep(STORE, table_key(command_name), table_of(command) or {"options": None}, limit=16)


def _path_ok(value: str, rules: dict[str, Any]) -> bool:
    """Whether Click's path check would pass ``value`` (the exact checks it makes); False leaves it to Typer."""
    if not value:
        return False
    try:
        info = os.stat(value)
    except OSError:
        return True  # a path that need not exist, and does not
    if not rules["file_okay"] and stat.S_ISREG(info.st_mode):
        return False
    if not rules["dir_okay"] and stat.S_ISDIR(info.st_mode):
        return False
    if rules["readable"] and not os.access(value, os.R_OK):
        return False
    return not (rules["writable"] and not os.access(value, os.W_OK))


def _value(kind: str, rules: Any, value: str) -> Any:
    """A parsed value as Typer passes it; None when Typer should see it instead."""
    if kind == "path":
        return Path(value) if _path_ok(value, rules) else None
    return value


def parse(table: Table, args: list[str]) -> dict[str, Any] | None:
    """The command's keyword arguments from ``args``, as Typer would pass them; None for anything not plain."""
    options, arguments = table["options"], table["arguments"]
    found: dict[str, Any] = {}
    positional: list[str] = []
    rest = list(args)
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            positional.append(token)
            continue
        spelling, sep, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        if spelling not in options:
            return None
        name, kind, repeatable, rules = options[spelling]
        if kind == "flag":
            if sep:
                return None
            found[name] = True
            continue
        if not sep:
            if not rest or rest[0].startswith("-"):
                return None
            attached = rest.pop(0)
        value = _value(kind, rules, attached)
        if value is None:
            return None
        if repeatable:
            found.setdefault(name, []).append(value)
        else:
            found[name] = value  # given twice: the last one counts, as in Click
    if len(positional) > len(arguments):
        return None
    for (name, kind, rules), token in zip(arguments, positional, strict=False):
        value = _value(kind, rules, token)
        if value is None:
            return None
        found[name] = value
    return found


def _plain_terminal() -> bool:
    """A platform and stdout where Click would add nothing of its own (no wildcards, no rewrapping, no completion)."""
    if sys.platform == "win32" or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return False
    return "utf" in str(getattr(sys.stdout, "encoding", "")).lower()


def run_quick(argv: list[str]) -> str:
    """Run ``argv`` without Typer if it is a quick command in plain form.

    Returns "ran" after success (a failure raises SystemExit with the
    boundary's code, as the Typer command ends), "no table" when the command
    is a quick one but its table is not stored yet (Typer runs it, and
    ``remember`` keeps the table), else "typer".
    """
    if not argv or argv[0] not in QUICK or not _plain_terminal():
        return "typer"
    table = read_stored(STORE, table_key(argv[0]))
    if not isinstance(table, dict):
        return "no table"
    kwargs = parse(table, argv[1:]) if table.get("options") is not None else None
    if kwargs is None:
        return "typer"
    from handouts.cli.boundary import guard

    module, name = QUICK[argv[0]]
    work: Callable[..., Any] = getattr(import_module(module), name)
    guard(work, SystemExit)(**kwargs)
    return "ran"
