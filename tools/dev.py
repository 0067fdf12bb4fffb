"""Set up and test handouts on Linux, macOS or Windows, with nothing but Python (no make, no shell).

    python tools/dev.py setup    # .venv, everything installed, a demo sheet in output/ana-lima.pdf
    python tools/dev.py test     # the whole test suite (extra arguments go to pytest)
    python tools/dev.py lint     # ruff
    python tools/dev.py bench    # sheets per second

Only the standard library is used, because this runs before anything is installed.
The virtual environment's programs live in ``.venv/Scripts`` on Windows and
``.venv/bin`` elsewhere; that difference is the reason this script exists.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
NO_TESTS = 5  # pytest's exit code when it collected nothing


def venv_bin(name: str, windows: bool = os.name == "nt") -> Path:
    """A program inside .venv: Scripts\\name.exe on Windows, bin/name elsewhere."""
    if windows:
        return VENV / "Scripts" / f"{name}.exe"
    return VENV / "bin" / name


def call(*args: str | Path, env: dict[str, str] | None = None) -> int:
    """Run a program from the project folder; its exit code."""
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def with_bytecode(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without PYTHONDONTWRITEBYTECODE, so the suite's processes keep their compiled modules.

    Containers and CI images often set it. Then every process the suite
    starts (two pytest workers, each batch worker, each CLI run in a
    subprocess) compiles handouts, its tests and pytest's rewritten asserts
    from source again: about a tenth of the suite's CPU time on two cores.
    The compiled files land in ``__pycache__`` folders, which git ignores.
    """
    return {key: value for key, value in environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def with_scratch_in_memory(environ: Mapping[str, str], shm: Path = Path("/dev/shm"),
                           needed: int = 2 << 30) -> dict[str, str]:
    """``environ`` with TMPDIR on the memory-backed /dev/shm when it is there, writable and roomy.

    The suite writes about 100 MB of scratch files (one test alone lands
    10,000 PDFs); on a disk-backed /tmp the kernel's bookkeeping for them is a
    few seconds of CPU. A TMPDIR the caller set is kept, and so is the default
    where /dev/shm is missing or small (containers often give it 64 MB).
    """
    env = dict(environ)
    if "TMPDIR" in env or not hasattr(os, "statvfs") or not shm.is_dir() or not os.access(shm, os.W_OK):
        return env  # Windows has neither /dev/shm nor statvfs
    room = os.statvfs(shm)
    if room.f_bavail * room.f_frsize >= needed:
        env["TMPDIR"] = str(shm)
    return env


def ensure_venv() -> None:
    """Create .venv and install handouts (editable) with its test tools, unless that is already done."""
    python = venv_bin("python")
    stamp = VENV / ".installed"
    pyproject = ROOT / "pyproject.toml"
    if python.exists() and stamp.exists() and stamp.stat().st_mtime >= pyproject.stat().st_mtime:
        return
    if not python.exists():
        print(f"creating {VENV.name} with Python {sys.version.split()[0]}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing handouts and its test tools into .venv (a minute or two the first time)")
    for step in (("-m", "pip", "install", "--quiet", "--upgrade", "pip"),
                 ("-m", "pip", "install", "--quiet", "-e", ".[dev]")):
        # pip's own chatter (setuptools' notes on editable installs) is shown only when a step fails.
        done = subprocess.run([str(python), *step], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            sys.exit(f"error: '{python.name} {' '.join(step)}' failed; see the messages above")
    stamp.touch()


def setup() -> int:
    ensure_venv()
    return call(venv_bin("handouts"), "sheet", "--name", "Ana Lima", "--goal", "sleep", "--goal", "stress",
                "--therapist", "Maria Costa")


def test(pytest_args: list[str]) -> int:
    ensure_venv()
    env = with_scratch_in_memory(with_bytecode(os.environ))
    rc = call(venv_bin("python"), "-m", "pytest", *pytest_args, env=env)
    if rc == NO_TESTS:
        print("no tests were collected")
    return rc


def main(argv: list[str]) -> int:
    commands = ("setup", "test", "lint", "bench")
    if not argv or argv[0] not in commands:
        print(f"usage: python {Path(__file__).relative_to(ROOT).as_posix()} {{{'|'.join(commands)}}} [args]",
              file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "setup":
        return setup()
    if command == "test":
        return test(rest)
    ensure_venv()
    if command == "lint":
        return call(venv_bin("ruff"), "check", "handouts", "tests", "bench", "tools", *rest)
    return call(venv_bin("python"), "bench/sheets.py", *(rest or ["200"]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
