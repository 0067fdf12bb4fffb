"""Clients and the sheets made for them, in one SQLite file in the clinic folder.

The file holds health data (conditions, notes), so it is created readable by
its owner only; SQLite gives its WAL and shared-memory files the same mode.
WAL lets the web front desk read history while a sheet is being recorded.
Forgetting a client is meant for good: rows are deleted with ``secure_delete``,
the WAL is checkpointed and truncated and the file vacuumed, so no page of the
database still holds their name, and their PDF files are removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.store.schema import migrate

DB_NAME = "handouts-history.sqlite3"


def name_key(name: str) -> str:
    """How names are matched: NFC, case-folded, spaces tidied ("ZOË  o'brien" finds "Zoë O'Brien")."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class ClientRow:
    """A client as the history knows them."""

    id: int
    name: str
    client_ref: str
    sheets: int
    last_made: str


@dataclass(frozen=True)
class SheetRow:
    """One sheet made: what it was made from, when, and where the file went."""

    id: int
    client_id: int
    made_at: str
    sheet_date: str
    inputs: dict[str, Any]
    fingerprint: str
    file: str
    sha256: str

    @property
    def goals(self) -> list[str]:
        return list(self.inputs.get("goals") or [])


def _create_private(path: Path) -> None:
    """Make the database file 0600 before SQLite opens it, so it is never readable by others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class Store:
    """The history of one clinic folder; safe to share between threads (one lock around the connection)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        _create_private(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA secure_delete=ON")
        migrate(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def record(self, *, name: str, client_ref: str, inputs: Mapping[str, Any], fingerprint: str, file: Path,
               sha256: str) -> int:
        """Record one sheet (and its client, the first time); returns the sheet's id."""
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")  # local time, with its offset
        with self._tx() as conn:
            key = name_key(name)
            conn.execute("INSERT OR IGNORE INTO clients (name, name_key, client_ref, created) VALUES (?, ?, ?, ?)",
                         (name, key, client_ref, now))
            client_id = conn.execute("SELECT id FROM clients WHERE name_key = ? AND client_ref = ?",
                                     (key, client_ref)).fetchone()[0]
            conn.execute("UPDATE clients SET name = ? WHERE id = ?", (name, client_id))
            cur = conn.execute(
                "INSERT INTO sheets (client_id, made_at, sheet_date, inputs, fingerprint, file, sha256, therapist) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (client_id, now, str(inputs.get("date", "")), json.dumps(dict(inputs), ensure_ascii=False),
                 fingerprint, str(file), sha256, str(inputs.get("therapist") or "")))
            return int(cur.lastrowid or 0)

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    _CLIENTS = ("SELECT c.id, c.name, c.client_ref, COUNT(s.id), COALESCE(MAX(s.made_at), '') FROM clients c "
                "LEFT JOIN sheets s ON s.client_id = c.id")

    def clients(self, search: str = "") -> list[ClientRow]:
        """Clients whose name holds ``search`` (all when empty), most recently seen first."""
        rows = self._query(self._CLIENTS + " WHERE instr(c.name_key, ?) > 0 GROUP BY c.id "
                           "ORDER BY MAX(s.made_at) DESC, c.id DESC", (name_key(search),))
        return [ClientRow(*row) for row in rows]

    def named(self, name: str) -> list[ClientRow]:
        """Clients with exactly this name (case and spacing aside): the terminal's way to pick one."""
        rows = self._query(self._CLIENTS + " WHERE c.name_key = ? GROUP BY c.id ORDER BY c.id", (name_key(name),))
        return [ClientRow(*row) for row in rows]

    def client(self, client_id: int) -> ClientRow | None:
        rows = self._query(self._CLIENTS + " WHERE c.id = ? GROUP BY c.id", (client_id,))
        return ClientRow(*rows[0]) if rows else None

    _SHEETS = "SELECT id, client_id, made_at, sheet_date, inputs, fingerprint, file, sha256 FROM sheets"

    def sheets(self, client_id: int) -> list[SheetRow]:
        """A client's sheets, newest first."""
        rows = self._query(self._SHEETS + " WHERE client_id = ? ORDER BY made_at DESC, id DESC", (client_id,))
        return [self._sheet(row) for row in rows]

    def sheet(self, sheet_id: int) -> SheetRow | None:
        rows = self._query(self._SHEETS + " WHERE id = ?", (sheet_id,))
        return self._sheet(rows[0]) if rows else None

    @staticmethod
    def _sheet(row: tuple[Any, ...]) -> SheetRow:
        return SheetRow(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6], row[7])

    def therapists(self) -> list[str]:
        """Therapists named on earlier sheets, for the form's choices."""
        return [r[0] for r in self._query("SELECT DISTINCT therapist FROM sheets WHERE therapist != '' "
                                          "ORDER BY therapist")]

    def forget(self, client_id: int) -> list[Path]:
        """Remove a client, their sheets' records and their files, leaving no trace in the database file."""
        files = [Path(s.file) for s in self.sheets(client_id)]
        with self._tx() as conn:
            conn.execute("DELETE FROM sheets WHERE client_id = ?", (client_id,))
            conn.execute("DELETE FROM clients WHERE id = ?", (client_id,))
        removed = []
        for path in files:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed
