"""Regular expressions compiled once and kept: a fresh process loads its libraries without compiling their patterns.

ReportLab, Jinja, pathlib and handouts itself compile about 75 regular
expressions while a ``handouts sheet`` starts. Python parses and compiles
each one in pure Python (``re._parser``, ``re._compiler``) before handing
the result to its C engine (``_sre.compile``): about 57 million
instructions, 8 % of a cold sheet (measured with callgrind), to produce
the same few lists of numbers every time.

So, for one command line, ``re._compiler.compile`` is replaced (``install``)
by one that hands the C engine what an earlier process computed for the same
pattern and flags, kept in the user's cache (``files.cache``) in a
``KeptTable``. A pattern met for the first time is compiled by Python's own
code; what it would hand the engine is worked out separately with the same
steps and kept only when the pattern it makes compares equal to Python's own
(same pattern, flags and engine code), so a change in how Python compiles can
only mean nothing is kept. The entry is named for Python's version, the
engine's version and the ``re`` modules' files, so a table is never read by
another interpreter; the engine checks the code it is given, and a kept value
it refuses is compiled again.

Relies on (checked by ``tests/test_compiled_patterns.py``): ``re`` calling
``_compiler.compile(pattern, flags)`` by module attribute for every new
pattern, and ``_compiler.compile`` ending in
``_sre.compile(pattern, flags, code, groups - 1, groupindex, indexgroup)``
after ``_parser.parse`` and ``_compiler._code``.
"""

from __future__ import annotations

import _sre
import re
import sys
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

from handouts.files.cache import cache_root, code_folder, content_key, file_stamp
from handouts.files.kept_table import KeptTable

STORE = "patterns"  # the kind of stored work (``files.cache``): <cache>/patterns/<key>.pickle
_python_compile = _compiler.compile
_table: KeptTable | None = None

# what ``_sre.compile`` takes after the pattern: flags, code, groups - 1, group index, index group
Parts = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def compile_kept(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile`` for a text or bytes pattern: from the kept parts when there are some."""
    if _table is None or not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
        return _python_compile(pattern, flags)
    key = (pattern, flags)
    parts = _table.get(key)
    if parts is not None:
        try:
            return _sre.compile(pattern, *parts)
        except Exception:  # damaged or refused by the engine: compiled again below, and kept anew
            pass
    compiled = _python_compile(pattern, flags)
    parts = engine_parts(pattern, flags)
    if parts is not None and _sre.compile(pattern, *parts) == compiled:
        _table.add(key, parts)
    return compiled


def engine_parts(pattern: str | bytes, flags: int) -> Parts | None:
    """What ``_compiler.compile`` hands the engine for ``pattern``, worked out with its own steps (None: it can't)."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        # the code holds named constants (``re._constants``): kept as the plain numbers the engine reads
        return (int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1, groupindex,
                tuple(indexgroup))
    except Exception:  # Python's compiler changed shape: nothing is kept, patterns compile as usual
        return None


def store_key(command: str) -> str:
    """The stored entry's name: the command, handouts' code, Python's version, the engine and ``re``'s files."""
    files = [Path(module.__file__) for module in (_compiler, _parser)]
    return content_key(code_folder(__name__), command, sys.version, str(_sre.MAGIC),
                       str(_sre.CODESIZE), *(file_stamp(f) for f in files))


def install(command: str) -> None:
    """Compile new patterns through the kept table for the rest of this process (once)."""
    global _table
    if _table is not None or cache_root() is None:
        return  # with the cache off, working out each pattern's parts twice would only cost
    try:
        key = store_key(command)
    except (OSError, TypeError, AttributeError):  # a frozen or zipped standard library: nothing to name it by
        return
    _table = KeptTable(STORE, key)
    _compiler.compile = compile_kept


def save() -> None:
    """Keep the parts of the patterns this process met for the first time (nothing to do when all were known)."""
    if _table is not None:
        _table.save()
