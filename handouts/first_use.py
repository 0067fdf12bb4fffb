"""Modules a library imports but a command may never use: a stand-in until the first use.

ReportLab and Jinja each import modules at load time for features a sheet
never asks for (Pillow's image module, ``tempfile`` and what it loads).
While such a library loads (``module_on_first_use``), the module is a
``ModuleOnFirstUse`` in ``sys.modules``: the library keeps a reference to
it, and the real module is imported the first time any attribute of it is
asked for, then answers through the stand-in. Nothing depends on the library
never using the module; only the time saved does. Ground floor: imports
nothing of handouts or its libraries.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class ModuleOnFirstUse(types.ModuleType):
    """Stands in for a module until one of its attributes is asked for; then imports the real one and forwards."""

    def __getattr__(self, name: str) -> Any:
        with _FIRST_USE:
            real = self.__dict__.get("_real")
            if real is None:
                if sys.modules.get(self.__name__) is self:  # still standing in: step aside for the real import
                    del sys.modules[self.__name__]
                real = self.__dict__["_real"] = importlib.import_module(self.__name__)
        return getattr(real, name)


_FIRST_USE = threading.Lock()


@contextmanager
def module_on_first_use(name: str) -> Iterator[None]:
    """While the block runs, module ``name`` (if not loaded yet) is a ``ModuleOnFirstUse`` in ``sys.modules``.

    Afterwards the stand-in leaves ``sys.modules``: a later import gets the
    real module, and whoever took the stand-in reaches the real one through it.
    """
    if name in sys.modules:
        yield
        return
    sys.modules[name] = stand_in = ModuleOnFirstUse(name)
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
