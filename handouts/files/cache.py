"""The user's cache folder, where handouts keeps what a fresh process would otherwise rebuild.

Stored catalogs (``catalog.stored``) and compiled templates
(``compose.environment``) live here. ``HANDOUTS_CACHE_DIR`` moves the
folder; ``HANDOUTS_CACHE_DIR=off`` turns every store off. Nothing here is
needed: an entry that is missing or damaged only costs the work it saved.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def cache_root() -> Path | None:
    """The platform's user cache folder for handouts, or None when turned off."""
    given = os.environ.get("HANDOUTS_CACHE_DIR", "").strip()
    if given.lower() == "off":
        return None
    if given:
        return Path(given)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "handouts"


def code_stamp(*folders: Path) -> str:
    """A short hash of the size and time of every module in ``folders``: changes with handouts' code."""
    digest = hashlib.sha256(sys.version.encode())
    for folder in folders:
        for code in sorted(folder.glob("*.py")):
            info = code.stat()
            digest.update(f"|{code}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]
