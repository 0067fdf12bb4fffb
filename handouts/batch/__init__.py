"""Batch runs: a client list in, one sheet per good row and a report line per row out.

``runner`` reads and checks rows in the parent and schedules drawing over a
process pool; ``worker`` is what runs in each process (it calls
``handouts.build`` and nothing below it); ``report`` writes
``batch-report.csv``; ``manifest`` remembers what is up to date; the combined
print file is joined in the parent from the sheets written (``build.CombinedFile``).

The names below load on first use: a front-desk ``handouts sheet`` reads only
``manifest.fingerprint``, and importing the runner, its scheduler and its
pool with it cost that sheet about 14 ms (measured).
"""

from importlib import import_module
from typing import Any

_LAZY = {
    "Batch": "handouts.batch.runner",
    "Outcome": "handouts.batch.runner",
    "Summary": "handouts.batch.runner",
    "count_rows": "handouts.batch.runner",
    "open_batch": "handouts.batch.runner",
    "open_client_list": "handouts.intake.client_list",
}

__all__ = ["Batch", "Outcome", "Summary", "count_rows", "open_batch", "open_client_list"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'handouts.batch' has no attribute {name!r}")
