"""The user's cache folder, where handouts keeps what a fresh process would otherwise rebuild.

Stored catalogs (``catalog.stored``), compiled templates
(``compose.environment``), help screens (``cli.help_screens``), the font's
character map (``typeface``), the parsed font faces (``render.fonts``), parsed SVG logos and flattened PNG/JPEG logos
(``render.logo``), compiled dataclass methods (``cli.compiled_methods``), regular expressions
(``cli.compiled_patterns``), chart forms (``charts.paint``), font subsets, compressed streams and
parsed paragraphs (``render.fonts``) live here. ``HANDOUTS_CACHE_DIR`` moves the
folder; ``HANDOUTS_CACHE_DIR=off`` turns every store off. Nothing here is
needed: an entry that is missing or damaged only costs the work it saved.

Entries are pickles and compiled code, which run when read: only files this
user owns and nobody else may change are read (``private``), and the folders
handouts makes are the user's alone, so a cache folder set to a shared place
cannot be used to run someone else's code in a clinic's handouts.

Each entry carries a CRC-32 of its bytes, so one damaged on disk (cut short,
a flipped byte) is refused before it is unpickled. A checksum, not a
cryptographic hash: it guards against accidents only, as a SHA-256 without a
secret key would too (who can write the file can recompute either), and
``private`` is what keeps other users out. SHA-256 cost a fresh sheet about
3 % of its instructions for the 0.8 MB of entries it reads (measured).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import zlib
from pathlib import Path
from typing import Any

MAGIC = b"handouts-store-2\n"  # then the CRC-32 of the pickled bytes (4 bytes, big-endian), then those bytes
CHECK_SIZE = 4  # bytes of the checksum after ``MAGIC``


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


def file_stamp(path: Path | str) -> str:
    """A file named with its size and time: what names stored work made from code or fonts, which change
    with their files but cost more to hash than the work they would save (raises OSError when it is gone)."""
    info = os.stat(path)
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def key_hash(data: bytes = b"") -> Any:
    """A new hash for naming stored work (``hashlib``'s interface): BLAKE2b of 20 bytes.

    Keys hash the bytes of a clinic's data and templates on every run;
    CPython's own BLAKE2b takes about a third of the instructions of its
    SHA-256 (which a one-document command uses, ``first_use.built_in_hashlib``).
    """
    return hashlib.blake2b(data, digest_size=20)


def code_stamp(*folders: Path) -> str:
    """A short hash of the size and time of every module in ``folders``: changes with handouts' code.

    A fresh sheet names about ten entries, each with the package's top folder
    and one more, so the folders are listed with ``os.scandir`` (half the
    cost of ``Path.glob`` and ``Path.stat`` for the same answer), and each of
    handouts' own folders once per process (``_folder_stamp``).
    """
    digest = key_hash(sys.version.encode())
    for folder in folders:
        digest.update(_folder_stamp(folder).encode())
    return digest.hexdigest()[:16]


PACKAGE = Path(__file__).resolve().parent.parent  # the handouts package this process runs


def code_folder(module: str) -> Path:
    """The folder of handouts' module ``module`` (its ``__name__``; not a package's ``__init__``), for naming
    what it stores: found from ``PACKAGE``, which is resolved once. Resolving each module's own file again
    walked its path with a system call per folder, a dozen times in a fresh sheet."""
    return PACKAGE.joinpath(*module.split(".")[1:-1])


_STAMPED: dict[Path, str] = {}  # handouts' own folders, as this process first found them


def _folder_stamp(folder: Path) -> str:
    """The modules of one folder by name, size and time ("" when it is missing).

    A folder of the running handouts is listed once per process: its modules
    are loaded already, so the first listing describes the code that makes
    what is stored, even should an upgrade replace the files mid-run (a later
    listing would name the new code's entries after work of the old). Other
    folders are listed every time.
    """
    found = _STAMPED.get(folder)
    if found is not None:
        return found
    parts = []
    try:
        with os.scandir(folder) as entries:
            modules = sorted((entry.name, entry) for entry in entries if entry.name.endswith(".py"))
    except FileNotFoundError:
        return ""
    for _, entry in modules:
        info = entry.stat()
        parts.append(f"|{entry.path}:{info.st_size}:{info.st_mtime_ns}")  # the path's text, without a Path per module
    stamp = "".join(parts)
    if folder.is_relative_to(PACKAGE):
        _STAMPED[folder] = stamp
    return stamp


def stored_path(kind: str, key: str, suffix: str = ".pickle") -> Path | None:
    """Where the entry ``key`` of one kind of stored work lives (``<cache>/<kind>/<key><suffix>``); None when off."""
    root = cache_root()
    return None if root is None else root / kind / f"{key}{suffix}"


def private(info: os.stat_result) -> bool:
    """A file (or folder) of this user's that no other user can write: safe to run what it holds.

    Windows has no owner ids here; its per-user profile folders do this job.
    """
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def make_private_folder(folder: Path) -> None:
    """``folder`` and any missing parents, the ones made here readable by this user only (raises OSError)."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)


def read_private(path: Path) -> bytes | None:
    """The bytes of ``path``, or None when another user could have written it (``private``); raises OSError."""
    with path.open("rb") as handle:
        return handle.read() if private(os.fstat(handle.fileno())) else None


def write_private(path: Path, data: bytes, limit: int) -> None:
    """Write ``data`` to ``path`` whole, readable by this user only; then, past ``limit`` files of its kind (its
    suffix, in its folder), the oldest go (``_prune``). Raises OSError.

    The file is 0600 whatever the umask: with the common 002 it would come
    out group-writable, and ``read_private`` would never read it.
    """
    make_private_folder(path.parent)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
        handle.write(data)
    os.replace(temp, path)
    _prune(path.parent, path.suffix, limit)


def _prune(folder: Path, suffix: str, limit: int) -> None:
    """The oldest files ending in ``suffix`` go, down to ``limit``, once there are more than an eighth over it.

    Only the names are listed every time; the files' times are read only when
    some must go. A store of thousands (label layouts) was otherwise listed
    and every file's time read each time one more was written, which cost a
    batch more than placing the labels did.
    """
    with os.scandir(folder) as listing:
        entries = [entry for entry in listing if entry.name.endswith(suffix)]
    if len(entries) <= limit + limit // 8:
        return
    aged = []
    for entry in entries:
        with contextlib.suppress(FileNotFoundError):  # another process pruning too
            aged.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
    aged.sort()
    for _, old in aged[:-limit] if limit else aged:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(old)


def read_stored(kind: str, key: str) -> Any | None:
    """The value stored under ``key`` by ``keep``, or None (none stored, unreadable, damaged or foreign).

    Entries carry a checksum of their own bytes, so a file cut short or changed on
    disk is refused before it is unpickled; only values this handouts stored are
    read back, from the user's own cache folder.
    """
    import pickle  # here, not at the top: ``handouts --help`` reads its screens through this module

    path = stored_path(kind, key)
    if path is None:
        return None
    try:
        data = read_private(path)
        if data is None:
            return None
        head, body = data[:len(MAGIC) + CHECK_SIZE], data[len(MAGIC) + CHECK_SIZE:]
        if head != _head(body):
            return None
        return pickle.loads(body)
    except Exception:  # a damaged or foreign entry only costs the work it would have saved
        return None


def _head(body: bytes) -> bytes:
    """What an entry starts with: the format's mark and the checksum of the pickled ``body`` after it."""
    return MAGIC + zlib.crc32(body).to_bytes(CHECK_SIZE, "big")


def keep(kind: str, key: str, value: Any, limit: int = 32) -> None:
    """Store ``value`` under ``key`` (written whole or not at all; the oldest beyond ``limit`` go).

    A read-only or full disk is not an error: the next process does the work again.
    """
    import pickle

    path = stored_path(kind, key)
    if path is None:
        return
    try:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        write_private(path, _head(body) + body, limit)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return


def content_key(code: Path, *parts: str | bytes) -> str:
    """A short hash for naming an entry: handouts' version and the code in ``code`` (``code_stamp``: the
    modules at the package's top, where the version is, and in the folder that makes the value), then the
    given parts (texts, file bytes). Any change to any of them makes a new key."""
    digest = key_hash(code_stamp(PACKAGE, code).encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:40]
