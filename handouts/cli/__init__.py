"""The ``handouts`` command line: one module per command, joined into one Typer app.

``app_cli`` holds the app, the one error boundary and the shared options;
``commands`` loads every command module (each registers itself) and the web
front desk's commands. Commands call ``handouts.build`` (and
``handouts.batch``) and nothing below them.

Nothing is loaded here until it is needed: ``main`` first looks for a kept
help screen (``help_screens``, only for a line that ends in a help flag),
which answers ``--help`` without Typer, then for a quick start (``quick``),
which runs ``handouts sheet`` without Typer.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import Any

__all__ = ["app", "main", "run", "user_errors"]

# Commands that run long (a batch of thousands of rows, the web front desk): they keep Python's cycle collector.
LONG_RUNNING = ("batch", "serve")
HELP_FLAGS = ("--help", "-h")


def __getattr__(name: str) -> Any:
    """``app`` and ``user_errors`` load the whole command line on first use."""
    if name in ("app", "user_errors"):
        from handouts.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'handouts.cli' has no attribute {name!r}")


def main() -> None:
    """The command line: a kept help screen, or a quick start, or else the Typer app (ends in SystemExit)."""
    argv = sys.argv[1:]
    if not argv or argv[0] not in LONG_RUNNING:
        # One document, then the process ends: the cycle collector would only walk the objects that
        # loading Typer, pydantic and ReportLab makes (about a tenth of a cold sheet, measured) to free
        # next to nothing (a sheet's peak memory is the same without it).
        gc.disable()
        # and its few small digests need not start OpenSSL (``first_use.built_in_hashlib``)
        from handouts.first_use import built_in_hashlib

        built_in_hashlib()
    if argv and argv[-1] in HELP_FLAGS:  # what a help request ends with (``help_screens.is_help_request``)
        from handouts.cli import help_screens

        if help_screens.show_stored(argv):
            return
    from handouts.cli import compiled_methods, compiled_patterns

    # the libraries' patterns and the records' methods from what an earlier process compiled: the front
    # desk's sheet keeps its own (patterns first: loading ``dataclasses`` compiles one)
    command = "sheet" if argv[:1] == ["sheet"] else "other"
    compiled_patterns.install(command)
    compiled_methods.install(command)
    try:
        _run_command(argv)
    finally:
        compiled_methods.save()
        compiled_patterns.save()


def _run_command(argv: list[str]) -> None:
    """A quick start, or else the Typer app (ends in SystemExit)."""
    from handouts.cli import quick

    start = quick.run_quick(argv)
    if start == "ran":
        return
    from handouts.cli import help_screens
    from handouts.cli.commands import app_for, click_command

    app = app_for(argv)
    if start == "no table":
        with contextlib.suppress(Exception):  # the table only saves time: Typer runs the command either way
            quick.remember(argv[0], click_command(app, argv[0]))
    with help_screens.recorded(argv):
        app()


def run() -> None:
    """Console-script entry point: ``main``, then, for a one-document command, a quick exit.

    Tearing the interpreter down (every module of Typer, pydantic and
    ReportLab freed one by one) costs a cold sheet about 60 ms, measured, for
    nothing: the PDF, the cache entries and the clinic's history are written
    and closed by then, and no handouts code registers exit handlers. Output
    streams are flushed first; a batch and the web front desk exit normally.
    """
    try:
        main()
        code: Any = 0
    except SystemExit as done:
        code = done.code
    argv = sys.argv[1:]
    if argv and argv[0] in LONG_RUNNING:
        raise SystemExit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):  # as Python does for sys.exit("message")
        sys.stderr.write(f"{code}\n")
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: let Python report it as it always does
        raise SystemExit(code) from None
    os._exit(code)
