"""The history database's schema, as numbered migrations.

A clinic keeps its history for years while handouts changes under it, so the
schema is never edited in place: each change is a new step appended here, and
``migrate`` runs the steps a database has not seen yet (its version is SQLite's
``user_version``). A database from a newer handouts is refused rather than
half understood.
"""

from __future__ import annotations

import sqlite3

from handouts.errors import InputError

MIGRATIONS: tuple[str, ...] = (
    # 1: clients, and every sheet made for them with the inputs needed to make it again.
    """
    CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        client_ref TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL
    );
    CREATE UNIQUE INDEX clients_identity ON clients (name_key, client_ref);
    CREATE TABLE sheets (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        made_at TEXT NOT NULL,
        sheet_date TEXT NOT NULL,
        inputs TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL
    );
    CREATE INDEX sheets_by_client ON sheets (client_id, made_at);
    """,
    # 2: therapists typed at the front desk, offered again as choices.
    """
    ALTER TABLE sheets ADD COLUMN therapist TEXT NOT NULL DEFAULT '';
    """,
)

VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to ``VERSION``, one transaction per step; returns the version found."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > VERSION:
        raise InputError(f"the history database has schema version {found}, newer than this handouts "
                         f"understands ({VERSION})", hint="upgrade handouts")
    for number in range(found, VERSION):
        conn.executescript("BEGIN;" + MIGRATIONS[number] + f"PRAGMA user_version = {number + 1};COMMIT;")
    return found
