"""A test-only stand-in for drawing a sheet: a real, tiny PDF made in microseconds.

The hazard suite runs 10,000 rows through the real batch (intake, scheduling,
worker pool, report, manifest, locking); only the ReportLab drawing, about a
tenth of a second a sheet, is replaced, so the suite fits in its time budget.
"""

from __future__ import annotations

import io
import time
from functools import cache

from pypdf import PdfWriter

from handouts.files.search_path import Workspace
from handouts.intake import Client


@cache
def _blank() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def tiny_sheet(workspace: Workspace, client: Client) -> bytes:
    """One blank A4 page: enough for the batch to write, record and count."""
    return _blank()


def slow_sheet(workspace: Workspace, client: Client) -> bytes:
    """A sheet that takes far too long when the client's name says so (for the per-sheet time limit)."""
    if "slow" in client.name.lower():
        time.sleep(30)
    return _blank()


def pid_sheet(workspace: Workspace, client: Client) -> bytes:
    """Record which process draws, then take a while (for killing the parent mid-run)."""
    import os
    from pathlib import Path

    marker = Path(os.environ["HANDOUTS_TEST_PIDS"])
    with marker.open("a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    time.sleep(0.05)
    return _blank()
