"""Modules a library imports but a command may never use: a stand-in until the first use.

ReportLab and Jinja each import modules at load time for features a sheet
never asks for (Pillow's image module, ``tempfile`` and what it loads).
While such a library loads (``module_on_first_use``), the module is a
``ModuleOnFirstUse`` in ``sys.modules``: the library keeps a reference to
it, and the real module is imported the first time any attribute of it is
asked for, then answers through the stand-in. Nothing depends on the library
never using the module; only the time saved does. ``built_in_hashlib`` does
the same for ``hashlib`` for a whole one-document command. Ground floor:
imports nothing of handouts or its libraries.
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
        if name == "__path__" and not self.__dict__.get("_package", True):
            raise AttributeError(name)  # as the real module, which is not a package (``from x import y`` asks)
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


# hashlib's constructors that CPython also builds in, from its own modules (``_sha2`` from Python 3.12 on)
BUILT_IN_HASHES = {"md5": ("_md5",), "sha1": ("_sha1",), "sha256": ("_sha2", "_sha256"), "blake2b": ("_blake2",)}


def built_in_hashlib() -> None:
    """For the rest of this process, ``hashlib`` is a stand-in whose md5, sha1, sha256 and blake2b are CPython's own.

    Loading ``hashlib`` starts OpenSSL and asks it for every algorithm it
    has: about 2 % of a cold sheet's instructions, measured, for the few small
    digests a sheet takes (ReportLab's file identifier, Jinja's template keys,
    handouts' cache keys). CPython's built-in constructors give the same
    digests (``hashlib`` itself falls back to them without OpenSSL); each is
    loaded on its first call (a sheet takes no SHA-256), and one this Python
    lacks is the real module's. Any other name (``new``, ``sha512``,
    ``pbkdf2_hmac``, ...) imports the real module, as a first use does.
    Nothing is changed when ``hashlib`` is loaded already.
    """
    if "hashlib" in sys.modules:
        return
    stand_in = ModuleOnFirstUse("hashlib")
    found = {name: BuiltInHash(stand_in, name, modules) for name, modules in BUILT_IN_HASHES.items()}
    stand_in.__dict__.update(found, _package=False)
    sys.modules["hashlib"] = stand_in


class BuiltInHash:
    """One of ``hashlib``'s constructors, taken from CPython's own module when first called (else the real one's)."""

    def __init__(self, stand_in: ModuleOnFirstUse, name: str, modules: tuple[str, ...]) -> None:
        self.stand_in, self.name, self.modules = stand_in, name, modules
        self.made: Any = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.made is None:
            self.made = _built_in(self.modules, self.name) or ModuleOnFirstUse.__getattr__(self.stand_in, self.name)
        return self.made(*args, **kwargs)


def _built_in(modules: tuple[str, ...], name: str) -> Any:
    """The constructor ``name`` from the first of ``modules`` this Python has, or None."""
    for module in modules:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    return None
