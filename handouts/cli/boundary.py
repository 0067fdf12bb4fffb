"""The command line's ONE error boundary, and its two ways of writing a line, without Typer.

Every user mistake arrives here as a HandoutsError and leaves as a one-line
``file:line: field: message (hint)`` on stderr with exit code 1. Python
tracebacks are never shown for user mistakes, and never with local variables
(client notes are health data). ``app_cli.user_errors`` puts this boundary
around every Typer command; the quick start (``cli.quick``) puts the same one
around a command it runs without loading Typer, so both end the same way.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from handouts.cli.terminal import describe_os_error, exit_code, safe_text, signals_as_interrupt, write_bug_log
from handouts.errors import HandoutsError, ManyErrors

F = TypeVar("F", bound=Callable[..., Any])
ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")  # the sequences Click's echo removes from output that is not a terminal


def err(message: str) -> None:
    """Print to stderr without Rich markup, control characters or escape sequences (client text is data)."""
    sys.stderr.write(safe_text(message.rstrip("\n")) + "\n")


def say(line: str) -> None:
    """A line on stdout, written as Typer's ``echo`` writes it, without loading Typer where that can be done.

    On a UTF-8 stream (not on Windows) ``echo`` removes escape sequences
    unless stdout is a terminal, then writes the line and flushes: so does
    this. Any other stream, which Click may rewrap, goes to ``typer.echo``.
    """
    stream = sys.stdout
    if "utf" not in str(getattr(stream, "encoding", "")).lower() or sys.platform == "win32":
        import typer

        typer.echo(line)
        return
    try:
        terminal = stream.isatty()
    except Exception:  # as Click's own check: a stream that cannot say is not a terminal
        terminal = False
    stream.write((line if terminal else ANSI.sub("", line)) + "\n")
    stream.flush()


def guard(func: F, stop: Callable[[int], BaseException], passing: tuple[type[BaseException], ...] = ()) -> F:
    """``func`` inside the boundary: user mistakes, file-system errors, signals and bugs each leave as one line.

    HandoutsError and OSError end with ``error: ...`` and ``stop(1)``; Ctrl-C,
    SIGTERM and SIGHUP with ``stop(130)``, ``stop(143)`` and ``stop(129)``;
    anything else is a bug: one line and a log file (stack only, no client
    data), ``stop(1)``. Never a traceback. Exceptions in ``passing`` (Typer's
    own exits) go through untouched.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with signals_as_interrupt():
                return func(*args, **kwargs)
        except passing:
            raise
        except ManyErrors as exc:
            for e in exc.errors:
                err(f"error: {e}")
            err(exc.message)  # "1 problem found" / "3 problems found"
            raise stop(1) from None
        except HandoutsError as exc:
            err(f"error: {exc}")
            raise stop(1) from None
        except KeyboardInterrupt as exc:
            err("stopped")
            raise stop(exit_code(exc)) from None
        except OSError as exc:
            err(f"error: {describe_os_error(exc)}")
            raise stop(1) from None
        except Exception as exc:
            log = write_bug_log(exc)
            err(f"error: handouts met an internal problem ({type(exc).__name__}); details for a bug report "
                f"are in {log}")
            raise stop(1) from None

    return wrapper  # type: ignore[return-value]
