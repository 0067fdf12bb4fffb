"""Scheduling a batch's sheets over the worker pool, and putting their outcomes back in row order.

Jobs go out in small groups (fewer, larger messages cost the parent less);
at most a few groups per worker are in flight, so memory stays flat however
long the list. Finished outcomes wait in a small heap until every earlier
row is done, then leave in order. A pool that breaks (a worker killed) fails
only the rows it held; the run goes on with a fresh pool.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from handouts.batch.worker import _draw_sheets, _make_pool
from handouts.intake import Client
from handouts.intake.client_list import Row

GROUP = 4  # sheets per task sent to a worker: fewer, larger messages cost the parent less
IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: enough to keep it busy, few enough to stay small
WRITTEN, UNCHANGED, FAILED = "written", "unchanged", "failed"


@dataclass(frozen=True)
class Outcome:
    """What happened to one row."""

    row: int
    status: str
    file: str = ""
    field: str = ""
    message: str = ""
    name: str = ""
    id: str = ""

    @property
    def ok(self) -> bool:
        return self.status != FAILED


@dataclass
class Job:
    """One row on its way: checked, named, and (if not up to date) to be drawn."""

    seq: int
    row: Row
    client: Client | None
    file: str = ""  # the sheet's file name in the output folder, once it is to be drawn
    digest: str = ""  # what the manifest records for it
    password: str | None = None  # never written anywhere but into the encrypted PDF
    title: str | None = None  # the neutral title and bookmark, with private metadata


class Scheduler:
    """Sends jobs to the pool and yields outcomes in row order; ``record`` sees each outcome (and its job) once,
    in order."""

    def __init__(self, batch: Any, record: Callable[[Outcome, Job], None], written: Callable[[Job], None],
                 lost: Callable[[Job], None] | None = None) -> None:
        self.batch = batch
        self.record = record  # counts and reports an outcome, and adds its sheet to a combined file
        self.written = written  # notes a sheet that landed (the manifest)
        self.lost = lost  # notes a row that was to be drawn and failed (its manifest line, if any, goes)
        self.pool = self._new_pool()
        self.pending: dict[Future, list[Job]] = {}
        self.group: list[Job] = []
        self.group_size = GROUP if batch.workers > 1 else 1
        self.limit = batch.workers * IN_FLIGHT_PER_WORKER
        self.done: list[tuple[int, int, Outcome, Job]] = []  # heap of finished outcomes by sequence
        self.next_seq = 0

    def _new_pool(self):
        b = self.batch
        return _make_pool(b.workspace, b.workers, b.renderer, b.sheet_seconds)

    def settle(self, job: Job, outcome: Outcome) -> None:
        if outcome.status == FAILED and job.file and self.lost is not None:
            self.lost(job)
        heapq.heappush(self.done, (job.seq, job.row.number, outcome, job))

    def drain(self, final: bool = False) -> Iterator[Outcome]:
        """Outcomes ready in row order; ``final`` (after a stop) also those after a gap of unfinished rows."""
        while self.done and (final or self.done[0][0] == self.next_seq):
            seq, _, outcome, job = heapq.heappop(self.done)
            self.next_seq = seq + 1
            self.record(outcome, job)
            yield outcome

    def add(self, job: Job) -> Iterator[Outcome]:
        """Queue a job; when a group is full, send it and wait while too many are in flight."""
        self.group.append(job)
        if len(self.group) < self.group_size:
            return
        self.submit_group()
        while len(self.pending) >= self.limit:
            self.collect(block=True)
            yield from self.drain()
        self.collect(block=False)
        yield from self.drain()

    def submit_group(self) -> None:
        if self.group:
            folder = self.batch.out_folder  # a string: a Path per row would intern every file name for good
            items = [(job.client, os.path.join(folder, job.file), job.digest, job.password, job.title)
                     for job in self.group]
            self.pending[self.pool.submit(_draw_sheets, items)] = self.group
            self.group = []

    def wait_all(self) -> Iterator[Outcome]:
        while self.pending:
            self.collect(block=True)
            yield from self.drain()
        yield from self.drain()

    def collect(self, block: bool) -> None:
        """Settle the groups that finished (all of them fail if the pool broke; a fresh pool takes over)."""
        if not self.pending:
            return
        finished, _ = wait(list(self.pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
        broken = False
        for future in finished:
            jobs = self.pending.pop(future)
            if future.cancelled():
                continue  # a stop cancelled it before it started: the rerun makes it
            try:
                results = future.result()
            except BrokenProcessPool:
                broken = True
                for job in jobs:
                    self.settle(job, self.batch._failure(job.row, "the worker drawing this sheet stopped "
                                                                  "unexpectedly; run the batch again to finish it"))
                continue
            self._settle_group(jobs, results)
        if broken:
            self._replace_pool()

    def _settle_group(self, jobs: list[Job], results: list[tuple[str, str] | None]) -> None:
        for job, problem in zip(jobs, results, strict=True):
            assert job.client is not None
            if problem is not None:
                self.settle(job, self.batch._failure(job.row, problem[1], problem[0]))
                continue
            self.written(job)
            self.settle(job, Outcome(job.row.number, WRITTEN, job.file, message="; ".join(job.client.warnings),
                                     name=job.client.name, id=job.client.id))

    def _replace_pool(self) -> None:
        """The other in-flight jobs of a broken pool fail too; go on with a fresh pool."""
        for future, jobs in list(self.pending.items()):
            self.pending.pop(future)
            for job in jobs:
                self.settle(job, self.batch._failure(job.row, "the worker pool stopped unexpectedly; run the "
                                                              "batch again to finish this sheet"))
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
