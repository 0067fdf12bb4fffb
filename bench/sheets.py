"""Benchmark: render N different routine sheets in one process.

    python bench/sheets.py [N]              # default 200
    python bench/sheets.py [N] --no-chart   # the same sheets without the foot chart
    python bench/sheets.py [N] --chart-cost # both, in alternating rounds: what the chart adds per sheet
    python bench/sheets.py [N] --vs-typst   # handouts and a Typst peer (bench/typst_sheet.py), side by side
    python bench/sheets.py [N] --profile    # cProfile of N sheets: top 25 by cumulative and by own time
    python bench/sheets.py [N] --profile --first-pass  # the same, without the unprofiled pass before it

Prints sheets per second (best of three rounds of CPU time, after a warm-up sheet that pays for font and
catalog loading) and the process's peak memory. Clients vary in goals,
conditions, minutes, pressure, page size and notes so that no two sheets are
the same. Not a test: run it by hand and compare before and after a change.
"""

from __future__ import annotations

import itertools
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from handouts.build import sheet_pdf as build_sheet  # the sheet as the batch workers draw it
from handouts.catalog.loader import load_catalog
from handouts.files.paths import shipped_templates
from handouts.files.search_path import find_workspace
from handouts.intake import make_client

GOALS = ["stress", "sleep", "circulation", "muscle-comfort", "digestion", "lower-back", "head-neck"]
CONDITIONS = [[], [], ["diabetes"], ["foot-fracture:left"], ["pregnancy"], ["varicose-veins"], ["fever"]]
NAMES = ["Ana Lima", "Bo Berg", "Chloé Durand", "Ελένη Παππά", "Иван Петров", "O'Brien & Sons", "Zoë Quinn"]


def clients(catalog, n):
    combos = itertools.cycle(itertools.combinations(GOALS, 2))
    for i in range(n):
        goals = list(next(combos))[: 1 + i % 2]
        yield make_client({
            "name": f"{NAMES[i % len(NAMES)]} {i}",
            "goals": goals,
            "conditions": CONDITIONS[i % len(CONDITIONS)],
            "minutes": 5 + (i * 7) % 40,
            "pressure": ("gentle", "medium", "firm")[i % 3],
            "page_size": "letter" if i % 5 == 0 else "a4",
            "notes": "Keep the routine slow and even. " * (i % 4),
            "therapist": "Maria Costa",
        }, catalog)


def without_chart() -> Path:
    """A templates folder whose sheet has no <chart>: to measure what the chart costs."""
    folder = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    sheet = (shipped_templates() / "sheet.xml.j2").read_text(encoding="utf-8")
    (folder / "sheet.xml.j2").write_text(re.sub(r"<chart [^>]*/>", "", sheet), encoding="utf-8")
    return folder


def best_round(workspace, batch, rounds: int = 3) -> tuple[float, int]:
    """The fastest of ``rounds`` passes over ``batch`` (CPU seconds), and the bytes of one pass."""
    times = []
    total_bytes = 0
    for _ in range(rounds):
        start = time.process_time()
        total_bytes = 0
        for client in batch:
            total_bytes += len(build_sheet(workspace, client))
        times.append(time.process_time() - start)
    return min(times), total_bytes


def chart_cost(n: int) -> None:
    """With and without the chart in alternating rounds, so that both see the same machine."""
    with_chart = find_workspace()
    without = find_workspace(templates_dir=without_chart())
    batch = list(clients(load_catalog(with_chart), n))
    for ws in (with_chart, without):
        build_sheet(ws, batch[0])
    best = {"with": float("inf"), "without": float("inf")}
    for _ in range(4):
        for label, ws in (("with", with_chart), ("without", without)):
            best[label] = min(best[label], best_round(ws, batch, rounds=1)[0])
    a, b = best["with"] / n * 1000, best["without"] / n * 1000
    print(f"{n} sheets, best of 4 alternating rounds: {a:.1f} ms/sheet with the chart, {b:.1f} ms without: "
          f"the chart adds {a - b:.1f} ms")


def pin_to_one_core() -> int:
    """Run on one CPU only (the last one this process may use): Typst would otherwise spread its threads."""
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def timed_pass(build, batch) -> float:
    """CPU seconds (all threads of the process) for one pass over ``batch``."""
    start = time.process_time()
    for client in batch:
        build(client)
    return time.process_time() - start


def vs_typst(n: int, rounds: int = 6) -> None:
    """handouts and the Typst peer on the same clients, pinned to one core, in alternating rounds.

    Each round runs both, and the order flips every round so neither always
    follows the other (caches, frequency). Rates are from the best round of
    each (CPU time). The Typst side includes turning a client into Typst
    source in Python (plan, context, chart paths): a Typst user pays that too.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from typst_sheet import TypstSheets, handouts_api, typst_source

    cpu = pin_to_one_core()
    workspace = find_workspace()
    catalog = load_catalog(workspace)
    batch = list(clients(catalog, n))
    peer = TypstSheets(handouts_api(), catalog)
    tools = {"handouts": lambda c: build_sheet(workspace, c), "typst": peer.build}
    for build in tools.values():
        build(batch[0])  # warm-up: fonts, templates, the compiler's caches
    times: dict[str, list[float]] = {name: [] for name in tools}
    for r in range(rounds):
        for name in (list(tools) if r % 2 == 0 else list(tools)[::-1]):
            times[name].append(timed_pass(tools[name], batch))
    source = timed_pass(lambda c: typst_source(peer.api, catalog, c), batch)
    rate = {name: n / min(ts) for name, ts in times.items()}
    spread = {name: f"{n / max(ts):.1f}-{n / min(ts):.1f}" for name, ts in times.items()}
    print(f"{n} sheets x {rounds} alternating rounds on CPU {cpu}, CPU time, best round "
          f"(all rounds' range in brackets):")
    print(f"  handouts: {rate['handouts']:.1f} sheets/s ({spread['handouts']})")
    print(f"  typst:    {rate['typst']:.1f} sheets/s ({spread['typst']}), reused typst.Compiler; "
          f"Python source generation {source / n * 1000:.1f} ms/sheet of it")
    print(f"  ratio handouts/Typst: {rate['handouts'] / rate['typst']:.2f}x")


def profile(n: int, first_pass: bool, top: int = 25) -> None:
    """Where the CPU time of N sheets goes, by cumulative and by own time.

    By default the batch is drawn once unprofiled first, so the profile shows
    the steady state that the rates above measure (their best round comes
    after per-process caches such as label layouts are filled); with
    ``first_pass`` it shows what a fresh process pays for the same sheets.
    """
    import cProfile
    import pstats

    workspace = find_workspace()
    batch = list(clients(load_catalog(workspace), n))
    for client in batch[:1] if first_pass else batch:
        build_sheet(workspace, client)
    profiler = cProfile.Profile(time.process_time)  # CPU time: other users of a shared machine do not count
    profiler.enable()
    for client in batch:
        build_sheet(workspace, client)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        print(f"--- {n} sheets ({'first' if first_pass else 'second'} pass), sorted by {order} ---")
        pstats.Stats(profiler).strip_dirs().sort_stats(order).print_stats(top)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 200
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    if "--chart-cost" in sys.argv:
        chart_cost(n)
        return
    if "--vs-typst" in sys.argv:
        vs_typst(n)
        return
    if "--profile" in sys.argv:
        profile(n, "--first-pass" in sys.argv)
        return
    no_chart = "--no-chart" in sys.argv
    workspace = find_workspace(templates_dir=without_chart() if no_chart else None)
    catalog = load_catalog(workspace)
    batch = list(clients(catalog, n))
    build_sheet(workspace, batch[0])  # warm-up: fonts, templates, styles
    # Best of three rounds of CPU time: this machine is a shared VM whose wall-clock
    # speed wanders by 20 % or more from one minute to the next.
    elapsed, total_bytes = best_round(workspace, batch)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = "without chart" if no_chart else "with chart"
    print(f"{label}: {n} sheets in {elapsed:.2f} s: {n / elapsed:.1f} sheets/s on one core, "
          f"{elapsed / n * 1000:.1f} ms/sheet, {total_bytes / n / 1024:.0f} KiB/sheet, peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
