"""Client lists as Excel workbooks (.xlsx), the format most booking systems export.

A workbook carries its own text encoding and real cell types, so nothing is
guessed: a date cell becomes that date (not a string to be parsed in the
wrong order), a whole number stays a whole number, and rows are numbered as
Excel numbers them, so "row 7" in the report is row 7 on the screen.
The first sheet is read unless ``--sheet NAME`` picks another.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from handouts.errors import InputError, did_you_mean
from handouts.intake.client_list import DOCUMENTED, ClientList, Row, _columns

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"


def is_workbook(path: Path) -> bool:
    """An .xlsx by name, or a zip file given another name (a workbook saved as 'clients.csv')."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == ZIP_MAGIC
    except OSError:
        return False


def cell_text(value: Any) -> Any:
    """A cell as a client field: dates as ISO dates, whole numbers without '.0', text as is."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value if value.strip() else None
    return value


def _open_sheet(path: Path, sheet: str | None):
    import openpyxl

    if path.suffix.lower() == ".xls":
        raise InputError("old Excel files (.xls) cannot be read", file=str(path),
                         hint="save it as an Excel Workbook (.xlsx) or as 'CSV UTF-8'")
    try:
        with warnings.catch_warnings():  # "no default style" and the like: noise about the file, not the list
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        reason = getattr(exc, "strerror", None) or "not a readable Excel workbook (.xlsx)"
        raise InputError(reason, file=str(path), hint="open it in Excel and save it again as .xlsx") from None
    names = book.sheetnames
    if sheet is None:
        if not names:
            raise InputError("the workbook has no sheets", file=str(path))
        return book, book[names[0]]
    if sheet not in names:
        folded = {n.casefold(): n for n in names}
        if sheet.casefold() in folded:
            return book, book[folded[sheet.casefold()]]
        book.close()
        raise InputError(f"no sheet named '{sheet}'", file=str(path), field="--sheet",
                         hint=did_you_mean(sheet, names, prefix="sheets: "))
    return book, book[sheet]


def open_xlsx(path: Path, sheet: str | None = None) -> ClientList:
    """Open one sheet of a workbook; the header (first non-empty row) is checked at once."""
    book, table = _open_sheet(path, sheet)
    records = enumerate(table.iter_rows(values_only=True), start=1)
    header: list[str] | None = None
    for _number, values in records:
        cells = ["" if v is None else str(v) for v in values]
        if any(c.strip() for c in cells):
            header = cells
            break
    try:
        columns, ignored = _columns(header, path)
    except InputError:
        book.close()
        raise
    notes = []
    if ignored:
        notes.append("columns not used: " + ", ".join(ignored) + " (known: " + ", ".join(DOCUMENTED) + ")")

    def rows() -> Iterator[Row]:
        try:
            for number, values in records:
                cells = [cell_text(v) for v in values]
                if all(c is None for c in cells):
                    continue  # an empty row
                fields = {col: c for col, c in zip(columns, cells, strict=False) if col is not None and c is not None}
                yield Row(number, fields)
        finally:
            book.close()

    listing = ClientList(path, "xlsx", "xlsx", "", notes, ignored)
    listing._rows = rows()
    return listing
