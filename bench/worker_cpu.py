"""Benchmark: CPU milliseconds a batch worker spends per sheet, measured inside one process.

    python bench/worker_cpu.py [N]              # default 400 sheets, after a 40-sheet warm-up
    python bench/worker_cpu.py [N] --rounds 3   # best of three rounds of N sheets each (different clients)
    python bench/worker_cpu.py [N] --steady     # the rounds' sheets drawn once before: every cache warm
    python bench/worker_cpu.py [N] --profile    # cProfile of one round: top 30 by own and by cumulative time

The sheets are those of ``bench/batch.py``'s client list, read and checked as
the batch parent does (``open_client_list``, ``build.check_client``), then
drawn and written by the worker's own code (``batch.worker._draw_sheets``, in
groups of four, manifest lines included) after the same start-up a pool
worker gets (``batch.worker.settle_worker``). CPU time, not wall time: the
machine this runs on is shared, and a worker's cost is what the 10,000-sheet
batch multiplies. ``--steady`` leaves out what a long batch pays only
now and then (placing a new goal set's chart labels, about 17 ms each, met
some 600 times by a worker of a 10,000-row batch). Not a test: run it by hand and compare before and after.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import write_clients

from handouts import build
from handouts.batch import worker
from handouts.files.search_path import available_languages, find_workspace
from handouts.intake.client_list import open_client_list

WARM_UP = 40  # sheets drawn before measuring: fonts, catalog, templates and caches loaded
GROUP = 4  # sheets per task, as the batch scheduler sends them


def checked_items(n: int, folder: Path, work: Path) -> list:
    """``n + WARM_UP`` work items as the parent sends them: (client, target path, digest, password, title)."""
    clients = work / "clients.csv"
    write_clients(clients, n + WARM_UP)
    workspace = find_workspace()
    languages = available_languages(workspace)
    items = []
    for row in open_client_list(clients).rows():
        client = build.check_client(workspace, dict(row.fields), languages=languages, row=row.number)
        items.append((client, str(folder / f"row-{row.number}.pdf"), f"digest-{row.number}", None, None))
    return items


def draw(items: list) -> float:
    """Draw and write ``items`` as a worker does; CPU seconds spent."""
    start = time.process_time()
    for i in range(0, len(items), GROUP):
        problems = worker._draw_sheets(items[i:i + GROUP])
        if any(problems):
            raise SystemExit(f"a sheet failed: {problems}")
    return time.process_time() - start


def main() -> None:
    args = sys.argv[1:]
    n = int(next((a for a in args if a.isdigit()), 400))
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 1
    work = Path(tempfile.mkdtemp(prefix="handouts-worker-cpu-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    try:
        folder = work / "out"
        folder.mkdir()
        items = checked_items(n * rounds, folder, work)
        worker._InProcess(find_workspace())  # sets the worker's workspace, as a pool worker's start does
        settle = getattr(worker, "settle_worker", None)
        draw(items[:WARM_UP])
        if "--steady" in args:
            draw(items[WARM_UP:])
        if settle is not None:
            settle()
        measured = items[WARM_UP:]
        if "--profile" in args:
            measured = measured[:n]
            profile = cProfile.Profile()
            profile.enable()
            draw(measured)
            profile.disable()
            stats = pstats.Stats(profile)
            stats.sort_stats("tottime").print_stats(30)
            stats.sort_stats("cumulative").print_stats(40)
            return
        best = min(draw(measured[r * n:(r + 1) * n]) for r in range(rounds))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n} sheets: {best / n * 1000:.2f} ms CPU per sheet (best of {rounds}); peak memory {peak:.0f} MiB"
              f" ({Path(build.__file__).parent.parent})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
