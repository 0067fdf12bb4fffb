"""Benchmark: how long the front desk makes a receptionist wait, on a warm server.

    python bench/serve_latency.py [N]        # default 20 requests of each kind

Starts ``handouts serve`` in its own process on a fresh clinic folder (as a
clinic runs it), warms it with a few requests, then times N previews
(POST /api/preview: check, draw, rasterise two pages to PNG) and N sheets
(POST /api/sheet: check, draw, write, record in the history, then GET the
PDF) from a client in this process. Prints the median and the slowest of
each. Targets: preview under 300 ms, sheet under 100 ms. Not a test.
"""

from __future__ import annotations

import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(clinic: Path, port: int) -> subprocess.Popen[bytes]:
    """``handouts serve`` in a process of its own, waited for until it answers."""
    handouts = Path(sys.executable).with_name("handouts")
    proc = subprocess.Popen([str(handouts), "serve", "--no-browser", "--port", str(port), "--clinic-dir", str(clinic)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def timed(n: int, request) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds for each of ``n`` calls of ``request(i)``."""
    times = []
    for i in range(n):
        started = time.perf_counter()
        request(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        clinic = Path(tmp) / "clinic"
        subprocess.run([str(Path(sys.executable).with_name("handouts")), "init", str(clinic)], check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        proc = start(clinic, port)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                csrf = re.search(r'name="csrf" content="([^"]+)"', client.get("/").text).group(1)  # type: ignore[union-attr]
                headers = {"X-CSRF-Token": csrf}

                def form(i: int) -> dict[str, object]:
                    return {"name": f"Client {i}", "goals": ["sleep", "stress"], "conditions": ["diabetes"],
                            "minutes": str(10 + i % 5), "therapist": "Maria Costa"}

                def preview(i: int) -> None:
                    r = client.post("/api/preview", data=form(i), headers=headers)
                    assert r.status_code == 200 and r.json()["ok"], r.text

                def sheet(i: int) -> None:
                    r = client.post("/api/sheet", data=form(1000 + i), headers=headers)
                    assert r.status_code == 200, r.text
                    assert client.get(r.json()["pdf"]).content.startswith(b"%PDF")

                timed(3, preview)  # warm: fonts, catalog, templates
                timed(3, sheet)
                for label, times, target in (("preview", timed(n, preview), 300),
                                             ("sheet PDF", timed(n, sheet), 100)):
                    median = statistics.median(times)
                    verdict = "OK" if median < target else "over target"
                    print(f"{label:10s} median {median:6.1f} ms  slowest {max(times):6.1f} ms  "
                          f"(n={n}, target < {target} ms: {verdict})")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
