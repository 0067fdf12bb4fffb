"""Sheet history: who had which sheet, made from what, so it can be printed again identically.

``record_sheet`` is the one call the CLI's ``sheet`` and the web front desk
make after writing a sheet; the rest of handouts never touches the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from handouts.store.history import DB_NAME, ClientRow, SheetRow, Store, name_key

__all__ = ["DB_NAME", "ClientRow", "SheetRow", "Store", "client_inputs", "name_key", "open_store", "record_sheet"]


def open_store(folder: Path) -> Store:
    """The history database of a clinic folder (created on first use)."""
    return Store(folder / DB_NAME)


def client_inputs(client: Any) -> dict[str, Any]:
    """A checked client's fields as plain JSON values: enough to check and draw the same client again.

    Conditions become ``id`` or ``id:side`` and the date ISO text, the spellings
    the intake accepts, so feeding these back gives an identical client.
    """
    fields = dataclasses.asdict(client)
    fields.pop("warnings", None)
    fields["goals"] = list(fields["goals"])
    fields["conditions"] = [c["id"] + (f":{c['side']}" if c.get("side") else "") for c in fields["conditions"]]
    if isinstance(fields.get("date"), dt.date):
        fields["date"] = fields["date"].isoformat()
    return fields


def record_sheet(folder: Path, client: Any, pdf: bytes, file: Path, fingerprint: str) -> int:
    """Record a sheet written to ``file`` for ``client`` in the history of clinic folder ``folder``."""
    store = open_store(folder)
    try:
        return store.record(name=client.name, client_ref=client.id, inputs=client_inputs(client),
                            fingerprint=fingerprint, file=file.resolve(), sha256=hashlib.sha256(pdf).hexdigest())
    finally:
        store.close()
