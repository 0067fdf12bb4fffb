"""Benchmark: how long the front desk waits for one sheet, as a fresh process each time.

    python bench/cold.py [N]              # default 20 runs of each command, the demo clinic
    python bench/cold.py [N] --clinic     # a clinic set up with 'handouts init', with a PNG logo
    python bench/cold.py [N] --clinic --no-logo   # the same clinic without a logo
    python bench/cold.py [N] --no-store   # either, with handouts' cache turned off (HANDOUTS_CACHE_DIR=off)
    python bench/cold.py [N] --vary       # any of these, each sheet for another client (name and goals)

Runs ``handouts sheet --name ... --goal sleep -o <tmp>.pdf`` and ``handouts
--help`` as new processes (subprocess, the installed ``handouts`` script next
to this Python), alternating the two so that both see the same machine, after
one unmeasured warm-up of each (it fills the disk cache, writes bytecode even
where PYTHONDONTWRITEBYTECODE is set, as an ordinary install would have it, and
fills handouts' own cache: help screens, the parsed catalog, compiled
templates, the font's character map and the parsed logo). ``--vary`` prints
each sheet for another client, as a front desk does: a new name every time
(new letters mean new font subsets) and one of three goal sets, each of
which had its warm-up (a clinic's common goals are placed once). Prints the number
of runs and the median and range of wall time: a clerk waits for wall time, not
CPU time. The
children's CPU time (user + system, from ``resource``) is printed as well:
on a shared machine it wanders less than wall time. Not a test: run it by hand and compare before and after a change.

The two modes take different paths. With no clinic set up, a sheet prints
the demo clinic and records nothing. A front desk has run ``handouts init``:
its sheets read the clinic's ``clinic.yaml``, draw its logo and add a row to
the clinic's history database. ``--clinic`` makes such a clinic in a
temporary folder, named in a temporary user config (``HANDOUTS_CONFIG_DIR``),
so the user's own config is never read or written; the demo mode gets an
empty temporary config for the same reason. Unless ``HANDOUTS_CACHE_DIR`` is
given, the cache is a temporary folder too: the shared default folder holds
other people's entries and may evict ours between runs.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path


def handouts_command() -> list[str]:
    """The installed console script beside this interpreter, or ``python -m handouts`` without one."""
    script = Path(sys.executable).parent / "handouts"
    return [str(script)] if script.exists() else [sys.executable, "-m", "handouts"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process; a failure stops the benchmark with its message."""
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return elapsed, children_cpu() - cpu


def report(label: str, times: list[tuple[float, float]]) -> None:
    ms = sorted(t[0] * 1000 for t in times)
    cpu = sorted(t[1] * 1000 for t in times)
    print(f"{label}: wall median {statistics.median(ms):.0f} ms, range {ms[0]:.0f}-{ms[-1]:.0f} ms, {len(ms)} runs; "
          f"CPU median {statistics.median(cpu):.0f} ms, range {cpu[0]:.0f}-{cpu[-1]:.0f} ms")


def png_logo(path: Path, width: int = 240, height: int = 80) -> None:
    """Write a small opaque RGB PNG (a colour ramp): a logo as a clinic would drop in its folder."""
    rows = b"".join(b"\0" + bytes(channel for x in range(width) for channel in (40 + x // 2, 93, 98 + y))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))


def set_up_clinic(base: list[str], work: Path, env: dict[str, str], logo: bool) -> str:
    """Run ``handouts init`` into a temporary clinic folder (recorded in the temporary config); its description."""
    folder = work / "clinic"
    subprocess.run([*base, "init", str(folder)], env=env, check=True, capture_output=True)
    if not logo:
        return f"a clinic set up with handouts init, no logo ({folder})"
    png_logo(folder / "logo.png")
    settings = folder / "clinic.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text("logo: logo.png\n" + text, encoding="utf-8")
    return f"a clinic set up with handouts init, a PNG logo ({folder})"


NAMES = ["Ana Lima", "Zoë Brontë", "Jürgen Weiß", "Ελένη Παππά", "Иван Петров", "Siobhán Ní Bhriain",
         "Łukasz Żółć", "Chloé Durand", "Fatima Zahra", "Hiro Tanaka", "Ines Costa", "Jon O'Brien",
         "Dmitri Volkov", "Grace Müller", "Björn Ångström", "Nuno Conceição", "Kaja Šimić", "Ólafur Þórsson"]
GOAL_SETS = [("sleep",), ("stress", "digestion"), ("lower-back", "head-neck", "circulation")]


def client(run: int, vary: bool) -> tuple[str, tuple[str, ...]]:
    """The run'th client's name and goals: always Ana Lima for sleep, or (``vary``) another each time."""
    return (NAMES[run % len(NAMES)], GOAL_SETS[run % len(GOAL_SETS)]) if vary else ("Ana Lima", GOAL_SETS[0])


def sheet_command(base: list[str], work: Path, name: str, goals: tuple[str, ...]) -> list[str]:
    goal_flags = [flag for goal in goals for flag in ("--goal", goal)]
    return [*base, "sheet", "--name", name, *goal_flags, "-o", str(work / "tmp.pdf"), "--force"]


def environment(work: Path) -> dict[str, str]:
    """The children's environment: a fixed date, a private config and (unless given) a private cache."""
    env = {k: v for k, v in os.environ.items() if k != "HANDOUTS_CLINIC"}
    env.update(SOURCE_DATE_EPOCH="1767225600", HANDOUTS_CONFIG_DIR=str(work / "config"))
    if "--no-store" in sys.argv:
        env["HANDOUTS_CACHE_DIR"] = "off"
    elif not env.get("HANDOUTS_CACHE_DIR"):
        env["HANDOUTS_CACHE_DIR"] = str(work / "cache")
    return env


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 20
    base = handouts_command()
    work = Path(tempfile.mkdtemp(prefix="handouts-cold-"))
    env = environment(work)
    warm_env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    vary = "--vary" in sys.argv
    commands = {
        "handouts sheet": sheet_command(base, work, *client(0, vary)),
        "handouts --help": [*base, "--help"],
    }
    try:
        clinic = "the demo clinic (none set up)"
        if "--clinic" in sys.argv:
            clinic = set_up_clinic(base, work, warm_env, logo="--no-logo" not in sys.argv)
        for command in commands.values():
            wall(command, warm_env)  # warm-up, not counted
        for goals in GOAL_SETS[1:] if vary else ():  # each goal set's warm-up, under the first name
            wall(sheet_command(base, work, NAMES[0], goals), warm_env)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        for i in range(n):
            commands["handouts sheet"] = sheet_command(base, work, *client(i + 1, vary))
            order = list(commands) if i % 2 == 0 else list(commands)[::-1]
            for label in order:
                times[label].append(wall(commands[label], env))
        clients = "another client each time (name and goals)" if vary else "the same client each time"
        print(f"{n} fresh processes of each command, alternating, after one warm-up each ({' '.join(base)}), "
              f"for {clinic}, {clients}, cache {env['HANDOUTS_CACHE_DIR']}:")
        for label, ts in times.items():
            report(f"  {label}", ts)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
