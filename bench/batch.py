"""Benchmark: a batch of N varied clients, with one worker and with all cores.

    python bench/batch.py N                 # default 1000; both runs
    python bench/batch.py N --all-only      # only the run with every core
    python bench/batch.py N --combined      # also write the combined print file
    python bench/batch.py N --rounds K      # K runs of each (a fresh empty cache each), then their median

Each run is a fresh process (as a clinic would start it) so that its peak
memory is its own: the parent's peak and the largest worker's peak are both
printed. Prints sheets per second, and the CPU time of the parent and of the
workers with the kernel's part of it (making and writing files: on a disk
still writing back an earlier run, it grows). Not a test: run it by hand.

The cache starts empty (a temporary folder), as on a clinic's first batch:
the charts' label layouts, placed once per goal set, caution and paper, are
then most of what a later batch saves. ``HANDOUTS_CACHE_DIR=DIR`` runs with
that folder instead; run twice with the same folder for a clinic's next batch.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = ["stress", "sleep", "circulation", "muscle-comfort", "digestion", "lower-back", "head-neck"]
CONDITIONS = ["", "", "", "", "diabetes", "varicose-veins", "pregnancy", "foot-fracture:left", "fever"]
FIRST = ["Ana", "Bo", "Chloé", "Dmitri", "Eleni", "Fatima", "Grace", "Hiro", "Ines", "Jon", "Ελένη", "Иван"]
LAST = ["Lima", "Berg", "Durand", "O'Brien", "Müller", "Nakamura", "Costa", "Papadopoulos", "Petrov", "Smith"]


def write_clients(path: Path, n: int, seed: int = 7) -> None:
    """N different clients, in the shape of a booking-system export."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("name,goals,conditions,minutes,pressure,page size,notes,id\n")
        for i in range(n):
            goals = ";".join(rng.sample(GOALS, rng.choice((1, 1, 2, 2, 3))))
            notes = "Keep it slow and even. " * rng.choice((0, 0, 1, 3))
            handle.write(f"\"{rng.choice(FIRST)} {rng.choice(LAST)}\",{goals},{rng.choice(CONDITIONS)},"
                         f"{rng.choice((5, 10, 10, 15, 20, 30))},{rng.choice(('gentle', 'medium', 'firm'))},"
                         f"{rng.choice(('a4', 'a4', 'letter'))},{notes.strip()},C{i:06d}\n")


def inner(clients: str, out: str, workers: int, combined: bool) -> None:
    """One run, in this process: print timing and peaks as JSON."""
    from handouts.batch import open_batch
    from handouts.files.search_path import find_workspace

    start = time.perf_counter()
    run = open_batch(find_workspace(), Path(clients), Path(out), workers=workers,
                     combined=Path(out) / "combined.pdf" if combined else None)
    for _ in run.run():
        pass
    elapsed = time.perf_counter() - start
    s = run.summary
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "rows": s.rows, "written": s.written, "failed": s.failed, "elapsed": elapsed,
        "parent_mb": me.ru_maxrss / 1024, "parent_cpu": me.ru_utime + me.ru_stime,
        "worker_mb": kids.ru_maxrss / 1024, "worker_cpu": kids.ru_utime + kids.ru_stime, "worker_sys": kids.ru_stime,
        "combined_pages": s.combined_pages,
    }))


def main() -> None:
    if sys.argv[1:2] == ["--inner"]:
        inner(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1")
        return
    argv = sys.argv[1:]
    rounds = int(argv.pop(argv.index("--rounds") + 1)) if "--rounds" in argv[:-1] else 1
    args = [a for a in argv if not a.startswith("--")]
    n = int(args[0]) if args else 1000
    cores = os.cpu_count() or 1
    modes = [cores] if "--all-only" in sys.argv or cores == 1 else [1, cores]
    combined = "--combined" in sys.argv
    work = Path(tempfile.mkdtemp(prefix="handouts-batch-bench-"))
    try:
        clients = work / "clients.csv"
        write_clients(clients, n)
        for workers in modes:
            times = [one_run(work, clients, n, workers, combined, r) for r in range(rounds)]
            if rounds > 1:
                print(f"  {workers} worker{'s' if workers > 1 else ''}, {rounds} rounds: median "
                      f"{statistics.median(times):.1f} s, range {min(times):.1f}-{max(times):.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def one_run(work: Path, clients: Path, n: int, workers: int, combined: bool, round_no: int) -> float:
    """One batch as a fresh process (its own empty cache unless HANDOUTS_CACHE_DIR is set); prints its line."""
    out = work / f"out-{workers}"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    env.setdefault("HANDOUTS_CACHE_DIR", str(work / f"cache-{workers}-{round_no}"))
    done = subprocess.run([sys.executable, __file__, "--inner", str(clients), str(out), str(workers),
                           "1" if combined else "0"], env=env, check=True, capture_output=True, text=True)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    worker_note = "in the parent" if workers == 1 else f"largest worker {r['worker_mb']:.0f} MiB"
    print(f"{n} clients, {workers} worker{'s' if workers > 1 else ''}, cache {env['HANDOUTS_CACHE_DIR']}: "
          f"{r['elapsed']:.1f} s, "
          f"{r['written'] / r['elapsed']:.1f} sheets/s ({r['failed']} rows reported as errors); "
          f"peak memory: parent {r['parent_mb']:.1f} MiB, {worker_note}; "
          f"CPU: parent {r['parent_cpu']:.1f} s, workers {r['worker_cpu']:.1f} s"
          f" ({r['worker_sys']:.1f} s of it in the kernel)"
          + (f"; combined file {r['combined_pages']} pages" if combined else ""), flush=True)
    shutil.rmtree(out, ignore_errors=True)
    return r["elapsed"]


if __name__ == "__main__":
    main()
