"""The batch report (``batch-report.csv``): one line per row, written as the run goes, replaced whole at the end.

Client text in it is made safe for spreadsheets (no formulas) and terminals
(no escape sequences). A report from another client list in the same folder
is kept under its own name rather than overwritten.
"""

from __future__ import annotations

import contextlib
import csv
import os
from pathlib import Path

from handouts.errors import safe_text
from handouts.files.writing import first_free

REPORT = "batch-report.csv"
REPORT_COLUMNS = ("row", "status", "file", "field", "message", "name", "id")


def _excel_safe(text: str) -> str:
    """Keep a client's text from being run as a formula in a spreadsheet, or as escapes in a terminal."""
    text = safe_text(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def remove_stale_parts(folder: Path) -> int:
    """Delete temporary files left by a run that was killed before it could clean up.

    The folder is read entry by entry: ``Path.glob`` lists it whole first,
    and in a folder of 10,000 sheets that list was most of the batch
    parent's peak growth from 1,000 rows to 10,000.
    """
    removed = 0
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(".part"):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


REPORT_SOURCE = ".batch-report.source"  # which client list the current report is for


def keep_other_report(out_dir: Path, listing: Path) -> None:
    """Before a new report replaces ``batch-report.csv``, keep one made from another list.

    Two lists run one after the other into one folder (``--wait``) each keep
    their report: the older one moves to ``batch-report-<its list>.csv``.
    """
    source_file, report = out_dir / REPORT_SOURCE, out_dir / REPORT
    this = str(listing.resolve())
    try:
        before = source_file.read_text(encoding="utf-8").strip()
    except OSError:
        before = ""
    if before and before != this and report.is_file():
        stem = Path(before).stem or "list"
        os.replace(report, first_free(out_dir, f"batch-report-{stem}", ".csv"))
    source_file.write_text(this + "\n", encoding="utf-8")


class ReportWriter:
    """Lines go to a temporary file beside the report; ``finish`` puts it in place, ``discard`` drops it."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / REPORT
        self.tmp = out_dir / f".{REPORT}.part"
        try:
            self.file = self.tmp.open("w", encoding="utf-8-sig", newline="")
            self.writer = csv.writer(self.file)
            self.writer.writerow(REPORT_COLUMNS)
            self.file.flush()
        except OSError:
            with contextlib.suppress(OSError, AttributeError):
                self.file.close()
            with contextlib.suppress(OSError):
                self.tmp.unlink()
            raise

    def write(self, outcome) -> None:
        """One row's line (``outcome`` is a ``runner.Outcome``)."""
        self.writer.writerow([outcome.row, outcome.status, outcome.file, outcome.field, safe_text(outcome.message),
                              _excel_safe(outcome.name), _excel_safe(outcome.id)])

    def finish(self, listing: Path) -> None:
        """Close the file, keep another list's report, and put this one in place."""
        self.file.close()
        keep_other_report(self.out_dir, listing)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()
