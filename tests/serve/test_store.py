"""The history database on its own: modes, migrations, search; and the serve command's token."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from handouts.errors import InputError
from handouts.serve.commands import _token
from handouts.store import DB_NAME, open_store
from handouts.store.schema import MIGRATIONS, VERSION


def record(store, name: str, ref: str = "", therapist: str = "") -> int:  # type: ignore[no-untyped-def]
    return store.record(name=name, client_ref=ref, inputs={"date": "2026-01-01", "goals": ["sleep"],
                                                           "therapist": therapist},
                        fingerprint="f", file=Path("/nowhere.pdf"), sha256="0" * 64)


def test_database_and_its_wal_are_owner_only(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    record(store, "Ana Lima")
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes == {DB_NAME: 0o600, DB_NAME + "-wal": 0o600, DB_NAME + "-shm": 0o600}
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_old_database_is_migrated_and_keeps_its_history(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    conn.execute("INSERT INTO clients (name, name_key, created) VALUES ('Ana Lima', 'ana lima', '2025')")
    conn.execute("INSERT INTO sheets (client_id, made_at, sheet_date, inputs, fingerprint, file, sha256) "
                 "VALUES (1, '2025', '2025-01-01', '{}', 'f', 'a.pdf', 'x')")
    conn.commit()
    conn.close()
    store = open_store(tmp_path)
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
    assert [c.name for c in store.clients()] == ["Ana Lima"]
    record(store, "Bo Berg", therapist="Maria Costa")
    assert store.therapists() == ["Maria Costa"]


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    conn.close()
    with pytest.raises(InputError, match="newer than this handouts understands"):
        open_store(tmp_path)


def test_search_ignores_case_and_accents_stay(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    record(store, "Zoë O'Brien")
    record(store, "ZOË  O'BRIEN")  # the same client, written differently
    record(store, "Zoë O'Brien", ref="A-2")  # a namesake with another client id
    record(store, "Ana Lima")
    assert len(store.clients("zoë o'b")) == 2
    assert [c.sheets for c in store.named("zoë o'brien")] == [2, 1]
    assert store.clients("zoe") == []


def test_token_only_off_localhost_and_kept_in_its_file(tmp_path: Path) -> None:
    assert _token("127.0.0.1", None) is None
    assert len(_token("0.0.0.0", None) or "") >= 24
    file = tmp_path / "token"
    made = _token("0.0.0.0", file)
    assert file.read_text().strip() == made and file.stat().st_mode & 0o777 == 0o600
    assert _token("0.0.0.0", file) == made  # read again on the next start
    file.write_text("short")
    with pytest.raises(InputError, match="too short"):
        _token("0.0.0.0", file)
