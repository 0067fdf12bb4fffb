"""Batch runs: a client list in, one sheet per good row and a report line per row out.

``runner`` reads and checks rows in the parent and schedules drawing over a
process pool; ``worker`` is what runs in each process (it calls
``handouts.build`` and nothing below it); ``report`` writes
``batch-report.csv``; ``manifest`` remembers what is up to date; the combined
print file is made of chunks (``build.build_chunk``) merged at the end.
"""

from handouts.batch.runner import Batch, Outcome, Summary, count_rows, open_batch
from handouts.intake.client_list import open_client_list

__all__ = ["Batch", "Outcome", "Summary", "count_rows", "open_batch", "open_client_list"]
