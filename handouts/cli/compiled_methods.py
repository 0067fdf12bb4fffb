"""Dataclass methods compiled once and kept: a fresh process builds handouts' records without compiling them.

Every ``@dataclass`` writes the source of its ``__init__``, ``__repr__``,
``__eq__`` (and, frozen, ``__setattr__``, ``__delattr__`` and ``__hash__``)
and compiles each with ``exec``. The 36 records a ``handouts sheet`` loads
cost about an eighth of a fresh sheet that way (measured in instructions),
to make the same functions from the same source every time.

So, for one command line, ``dataclasses`` is given its own ``exec``
(``install``): source it has seen before is run from the code compiled
earlier, kept in the user's cache (``files.cache``) as marshalled code
under the source text itself; new source is compiled exactly as ``exec``
compiles it (file ``<string>``, no inherited ``__future__`` flags) and kept
at the end (``save``). The entry is named for Python's version, bytecode
and optimisation level and the ``dataclasses`` module's file, so code is
never run by another interpreter. If ``dataclasses`` stops calling
``exec`` by name, the hook is simply never called.
"""

from __future__ import annotations

import builtins
import marshal
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from typing import Any

from handouts.files.cache import code_folder, content_key, file_stamp
from handouts.files.kept_table import KeptTable

STORE = "methods"  # the kind of stored work (``files.cache``): <cache>/methods/<key>.pickle
_run = builtins.exec


class _Compiled:
    """``exec`` for ``dataclasses``: the source texts seen before run from their kept code (``table``)."""

    def __init__(self, table: KeptTable) -> None:
        self.table = table

    def exec(self, source: Any, scope: Any = None, names: Any = None, /) -> None:
        """``exec(source, globals, locals)`` as ``dataclasses`` calls it, source seen before run from its kept code."""
        if isinstance(source, str):
            source = self._code(source)
        _run(source, scope, names)

    def _code(self, source: str) -> Any:
        """The code of ``source``: kept, or compiled as ``exec`` compiles a string (and kept for ``save``)."""
        data = self.table.get(source)
        if isinstance(data, bytes):
            try:
                return marshal.loads(data)
            except (ValueError, EOFError, TypeError):  # not loadable after all: compiled again below
                pass
        code = compile(source, "<string>", "exec", dont_inherit=True)
        self.table.add(source, marshal.dumps(code))
        return code


_active: _Compiled | None = None


def store_key(command: str) -> str:
    """The stored entry's name: which commands (``handouts sheet`` reads only its own records), handouts'
    code, Python's version, bytecode and -O level, and ``dataclasses``."""
    import dataclasses

    return content_key(code_folder(__name__), command, sys.version, MAGIC_NUMBER,
                       str(sys.flags.optimize), file_stamp(Path(dataclasses.__file__)))


def install(command: str) -> None:
    """Give ``dataclasses`` the keeping ``exec`` for the rest of this process (once; not without its file)."""
    global _active
    import dataclasses

    if _active is not None:
        return
    try:
        key = store_key(command)
    except (OSError, TypeError):  # a frozen or zipped standard library: nothing to name the entry by
        return
    _active = _Compiled(KeptTable(STORE, key))
    dataclasses.exec = _active.exec  # type: ignore[attr-defined]


def save() -> None:
    """Keep what this process compiled for the next one (nothing to do when all of it was known)."""
    if _active is not None:
        _active.table.save()
