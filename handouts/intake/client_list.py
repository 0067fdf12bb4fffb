"""Client lists for batches: CSV exported from Excel or a booking system, or YAML.

What real exports look like, and what this accepts:

* UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode Text"),
  and Windows or Mac code pages, measured by handouts.intake.encodings (a code page is
  reported as a warning; when unsure, the list is refused with the rows that
  decide it, since a wrong guess would garble names); ``--encoding`` forces one;
* comma or semicolon delimiters (semicolon where the decimal mark is a comma),
  sniffed from the header; tabs too;
* quoted fields with line breaks, blank lines, trailing empty columns;
* header names in any case, with spaces, hyphens or underscores, and a few
  common synonyms ("Client name", "Paper", "Conditions").

Rows are yielded one at a time with their spreadsheet row number (the header
is row 1), so a batch can report "row 7" exactly as the manager sees it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import InputError, did_you_mean

COLUMNS: dict[str, str] = {
    "name": "name", "client": "name", "client name": "name", "full name": "name", "clientname": "name",
    "goals": "goals", "goal": "goals",
    "conditions": "conditions", "condition": "conditions", "cautions": "conditions", "caution": "conditions",
    "minutes": "minutes", "minute": "minutes", "time": "minutes", "duration": "minutes",
    "pressure": "pressure",
    "therapist": "therapist", "practitioner": "therapist",
    "date": "date", "session date": "date", "appointment": "date",
    "notes": "notes", "note": "notes", "comments": "notes",
    "language": "language", "lang": "language",
    "page size": "page_size", "pagesize": "page_size", "paper": "page_size", "paper size": "page_size",
    "large print": "large_print", "largeprint": "large_print",
    "id": "id", "client id": "id", "clientid": "id", "reference": "id",
    "password": "password", "pdf password": "password",
}
MAX_CSV_CELL = 1024 * 1024  # characters in one CSV cell; longer cells fail their row (fields have smaller caps)
DOCUMENTED = ("name", "goals", "conditions", "minutes", "pressure", "therapist", "date", "notes", "language",
              "page size", "large print", "id", "password")


@dataclass
class Row:
    """One client row: its number, the raw fields, and where it came from."""

    number: int
    fields: dict[str, Any]
    line: int | None = None
    error: str = ""  # a row that could not even be read (a cell past the CSV size limit)


@dataclass
class ClientList:
    """An opened client list: how it was read, and its rows (read lazily)."""

    path: Path
    kind: str  # "csv" or "yaml"
    encoding: str = "utf-8"
    delimiter: str = ","
    warnings: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    count: int | None = None  # rows, when known without reading them all (a YAML list)
    _rows: Iterator[Row] | None = None

    def rows(self) -> Iterator[Row]:
        assert self._rows is not None
        return self._rows


def _key(header: str) -> str:
    return " ".join(re.sub(r"[_\-.]+", " ", header.strip().lower()).split())


def _detect(path: Path, forced: str | None = None) -> tuple[str, list[str]]:
    """The file's encoding: forced (``--encoding``) or measured (see handouts.intake.encodings), never assumed."""
    from handouts.intake.encodings import check_encoding_name, decodes, detect

    if forced:
        encoding = check_encoding_name(forced)
        bad_line = decodes(path, encoding)
        if bad_line is not None:
            raise InputError(f"line {bad_line} is not valid {forced}", file=str(path), field="--encoding",
                             hint="leave out --encoding to have it detected")
        return encoding, []
    found = detect(path, _rows_of)
    if not found.confident:
        rows = ", ".join(f"{n} ('{ours}'" + (f" or '{theirs}')" if theirs else ")")
                         for n, ours, theirs in found.suspicious[:5])
        more = f" and {len(found.suspicious) - 5} more" if len(found.suspicious) > 5 else ""
        raise InputError(f"cannot tell which encoding it was saved in ({found.encoding}"
                         f"{' or ' + found.runner_up if found.runner_up else '?'}); rows {rows}{more}",
                         file=str(path), hint=f"pass --encoding {found.encoding}"
                         f"{' or --encoding ' + found.runner_up if found.runner_up else ''}, "
                         "or save it as 'CSV UTF-8'")
    if found.how == "scored":
        return found.encoding, [f"{path.name} is not UTF-8; read it as {found.label} (measured). "
                                "If names look wrong, pass --encoding or save the file as 'CSV UTF-8'."]
    return found.encoding, []


def _rows_of(text: str) -> Iterator[tuple[int, list[str]]]:
    """Decoded text as (row number, cells), numbered as open_csv numbers them."""
    csv.field_size_limit(MAX_CSV_CELL)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=_sniff(text[:1 << 16]))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error:
        return


def _sniff(sample: str) -> str:
    first = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return ","
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        return best


def open_csv(path: Path, encoding: str | None = None) -> ClientList:
    """Open a CSV client list; the header is checked at once, rows are streamed from the file."""
    try:
        encoding, warnings = _detect(path, encoding)
        handle = path.open(encoding=encoding, newline="")
    except OSError as exc:
        raise InputError(f"cannot read the client list: {exc.strerror}", file=str(path)) from None
    delimiter = _sniff(handle.read(1 << 16))
    handle.seek(0)
    csv.field_size_limit(MAX_CSV_CELL)
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        handle.close()
        raise InputError(f"the header row cannot be read: {exc}", file=str(path), row=1) from None
    while header is not None and not any(cell.strip() for cell in header):
        header = next(reader, None)
    try:
        columns, ignored = _columns(header, path)
    except InputError:
        handle.close()
        raise
    if ignored:
        warnings.append("columns not used: " + ", ".join(ignored) + " (known: " + ", ".join(DOCUMENTED) + ")")

    def rows() -> Iterator[Row]:
        number = 1
        with handle:
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error:  # the reader drops the rest of the physical line and goes on
                    number += 1
                    yield Row(number, {}, error=f"a cell is longer than {MAX_CSV_CELL:,} characters")
                    continue
                number += 1
                if not any(cell.strip() for cell in record):
                    continue  # blank line or a row of empty cells
                fields: dict[str, Any] = {}
                for column, cell in zip(columns, record, strict=False):
                    if column is not None and cell.strip():
                        fields[column] = cell
                yield Row(number, fields)

    listing = ClientList(path, "csv", encoding, delimiter, warnings, ignored)
    listing._rows = rows()
    return listing


def _columns(header: list[str] | None, path: Path) -> tuple[list[str | None], list[str]]:
    """Map header cells to client fields; the name column is required."""
    if header is None:
        raise InputError("the client list is empty", file=str(path), hint="the first row names the columns")
    columns: list[str | None] = []
    ignored: list[str] = []
    for cell in header:
        key = _key(cell)
        if not key:
            columns.append(None)  # trailing or stray empty header cells
            continue
        mapped = COLUMNS.get(key)
        if mapped is None:
            ignored.append(cell.strip())
        if mapped is not None and mapped in columns:
            raise InputError(f"two columns mean '{mapped}': remove one", file=str(path), row=1)
        columns.append(mapped)
    if "name" not in columns:
        raise InputError("no 'name' column in the header row", file=str(path), row=1,
                         hint=did_you_mean(_key(header[0]) if header else "", COLUMNS if header else (),
                                           fits=lambda guess: COLUMNS[guess] == "name",
                                           otherwise="columns: " + ", ".join(DOCUMENTED)))
    return columns, ignored


def open_yaml(path: Path) -> ClientList:
    """A YAML list of clients, each a mapping of the same fields as a client file."""
    from handouts.intake.client_file import MAX_CLIENT_LIST_BYTES, read_input_yaml

    src = read_input_yaml(path, MAX_CLIENT_LIST_BYTES)
    if not isinstance(src.data, list):
        raise InputError("expected a list of clients ('- name: ...')", file=str(path), line=1)

    def rows() -> Iterator[Row]:
        for index, item in enumerate(src.data, start=1):
            fields = item if isinstance(item, dict) else {"name": item}
            yield Row(index, dict(fields), src.line_of((index - 1,)))

    listing = ClientList(path, "yaml", count=len(src.data))
    listing._rows = rows()
    return listing


def open_client_list(path: Path, encoding: str | None = None, sheet: str | None = None) -> ClientList:
    """Open a CSV, Excel workbook or YAML client list by its extension (a workbook also by its first bytes)."""
    from handouts.intake.xlsx_list import is_workbook, open_xlsx

    if not path.is_file():
        raise InputError(f"client list '{path}' not found")
    if is_workbook(path):
        if encoding:
            raise InputError("--encoding is for CSV lists; a workbook says its own", file=str(path))
        return open_xlsx(path, sheet)
    if sheet:
        raise InputError("--sheet is for Excel workbooks (.xlsx)", file=str(path))
    if path.suffix.lower() in (".yaml", ".yml"):
        if encoding:
            raise InputError("--encoding is for CSV lists; YAML is always UTF-8", file=str(path))
        return open_yaml(path)
    return open_csv(path, encoding)
