"""Turn a client's details, from flags, a client file or a CSV row, into a Client.

Every field is checked against the catalog here, so that a typo in a goal or a
date is reported with the valid choices before any drawing starts. Client text
is cleaned (Unicode NFC, control characters removed) but never interpreted:
it stays data all the way to the PDF.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from handouts.catalog.entries import PRESSURE_ORDER
from handouts.catalog.loader import Catalog
from handouts.choices import PAGE_SIZES, did_you_mean, page_size_name
from handouts.errors import InputError
from handouts.typeface import check_printable

SIDES = ("left", "right")
MIN_MINUTES, MAX_MINUTES = 5, 90
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# Invisible format characters: direction overrides and isolates (U+202E can make "gpj.exe" read "exe.jpg"),
# zero-width spaces and marks, word joiners, the byte-order mark. They print as nothing or reorder text, so
# they are removed from client text, and the user is told.
_INVISIBLE = re.compile(r"[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Longest accepted value of each field, counted in characters as written (before tidying spaces).
MAX_LENGTH = {"name": 200, "therapist": 200, "notes": 5000, "goals": 1000, "conditions": 1000, "id": 100,
              "minutes": 20, "pressure": 50, "date": 50, "language": 50, "page_size": 50, "large_print": 20}


@dataclass(frozen=True)
class Condition:
    """A caution id, with the foot it concerns where that matters."""

    id: str
    side: str | None = None


@dataclass(frozen=True)
class Client:
    """One client's request for a sheet, already checked."""

    name: str
    goals: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    minutes: int = 10
    pressure: str = "medium"
    therapist: str = ""
    date: dt.date = field(default_factory=dt.date.today)
    notes: str = ""
    language: str = "en"
    page_size: str = "a4"
    large_print: bool = False
    id: str = ""
    warnings: tuple[str, ...] = ()  # things fixed quietly that the user should still hear about


def clean_text(value: Any, *, multiline: bool = False) -> str:
    """NFC-normalise, drop control characters, and tidy whitespace.

    Line breaks survive only where the field allows several lines (notes).
    """
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return "\n".join(lines).strip()
    return " ".join(text.split())


def today() -> dt.date:
    """Today's date, or the SOURCE_DATE_EPOCH date so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def split_list(value: Any) -> list[str]:
    """Several ids in one cell or flag: ``stress; sleep`` or ``stress|sleep`` or a list."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items: list[str] = []
        for v in value:
            items.extend(split_list(v))
        return items
    return [part.strip() for part in re.split(r"[;|,]", str(value)) if part.strip()]


def _choice_error(kind: str, value: str, valid: Iterable[str], where: Mapping[str, Any]) -> InputError:
    return InputError(f"unknown {kind} '{value}'", hint=did_you_mean(value, valid), **where)


def _resolve_id(
    kind: str, value: str, table: Mapping[str, Any], aliases: Mapping[str, str], where: dict[str, Any]
) -> str:
    key = value.strip().lower().replace("_", "-")
    if key in table:
        return key
    if key.replace(" ", "-") in table:
        return key.replace(" ", "-")
    if key in aliases:
        return aliases[key]
    raise _choice_error(kind, value, table, where)


def parse_condition(raw: str, catalog: Catalog, where: dict[str, Any]) -> Condition:
    """``foot-fracture:left`` -> Condition('foot-fracture', 'left'); aliases accepted."""
    name, _, side = raw.partition(":")
    aliases = {
        alias.lower(): cid for cid, c in catalog.cautions.items() for alias in (c.name, *c.also_known_as)
    }
    cid = _resolve_id("condition", name, catalog.cautions, aliases, where)
    caution = catalog.cautions[cid]
    side = side.strip().lower() or None
    if caution.avoid_foot == "affected":
        if side not in SIDES:
            raise InputError(
                f"condition '{cid}' needs the foot it concerns",
                hint=f"write {cid}:left or {cid}:right",
                **where,
            )
    elif side:
        raise InputError(f"condition '{cid}' does not take a foot ('{side}')", hint=f"write just {cid}", **where)
    return Condition(cid, side)


def invisible_in(value: Any) -> list[str]:
    """The invisible format characters in ``value`` (as U+XXXX), which clean_text will remove."""
    return sorted({f"U+{ord(ch):04X}" for ch in _INVISIBLE.findall("" if value is None else str(value))})


def _int(value: Any, fld: str, where: dict[str, Any], low: int, high: int) -> int:
    """A whole number within [low, high]; anything else (inf, nan, 1e400, text) is a clear error."""
    text = str(value).strip()
    try:
        number = float(text.replace(",", "."))
    except (ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise InputError(f"'{text}' is not a number", field=fld, hint=f"use a whole number from {low} to {high}",
                         **where) from None
    if number != int(number) or not low <= number <= high:
        raise InputError(f"{text} is out of range", field=fld, hint=f"use a whole number from {low} to {high}",
                         **where)
    return int(number)


ORDER_FORMS = {"dmy": "DD/MM/YYYY", "mdy": "MM/DD/YYYY", "ymd": "YYYY/MM/DD"}


def parse_date(value: Any, where: dict[str, Any], order: str = "dmy") -> dt.date:
    """ISO dates always; otherwise three numbers in the clinic's ``date_order`` (``3/14/2026`` for mdy).

    Reading ``03/04/2026`` as 3 April at a clinic that writes month first would
    print a wrong date without a word, so the order is the clinic's, never a guess.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    expected = f"write it as {ORDER_FORMS[order]} (the clinic's date_order) or YYYY-MM-DD, e.g. 2026-03-14"
    parts = re.split(r"[/.\-]", text)
    if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
        numbers = [int(p) for p in parts]
        if len(parts[0].strip()) == 4:  # a year first is ISO-like whatever the clinic's order
            year, month, day = numbers
        else:
            day, month, year = {"dmy": numbers, "mdy": [numbers[1], numbers[0], numbers[2]],
                                "ymd": [numbers[2], numbers[1], numbers[0]]}[order]
        if len(str(year)) == 4:
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise InputError(f"'{text}' is not a date (no such day in {ORDER_FORMS[order]} order)",
                                 field="date", hint=expected, **where) from None
    raise InputError(f"'{text}' is not a date", field="date", hint=expected, **where)


def _bool(value: Any, fld: str, where: dict[str, Any]) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("", "0", "no", "false", "n"):
        return False
    if text in ("1", "yes", "true", "y", "x"):
        return True
    raise InputError(f"'{value}' is not yes or no", field=fld, hint="use yes or no", **where)


FIELDS = ("name", "goals", "conditions", "minutes", "pressure", "therapist", "date", "notes", "language",
          "page_size", "large_print", "id")


def make_client(
    raw: Mapping[str, Any],
    catalog: Catalog,
    *,
    languages: Iterable[str] = ("en",),
    file: str | None = None,
    row: int | None = None,
    line: int | None = None,
) -> Client:
    """Check one client's raw fields and build a Client; errors say where and what."""
    where: dict[str, Any] = {"file": file, "row": row, "line": line}
    unknown = [k for k in raw if k not in FIELDS]
    if unknown:
        raise InputError(f"unknown field '{unknown[0]}'", hint=did_you_mean(unknown[0], FIELDS), **where)

    def at(fld: str) -> dict[str, Any]:
        return {**where, "field": fld}

    warnings = _check_lengths(raw, where)
    name = clean_text(raw.get("name"))
    if not name:
        raise InputError("a client name is required", **at("name"))

    goals = _goals(raw, catalog, at("goals"))
    conditions = _conditions(raw, catalog, at("conditions"))
    minutes = raw.get("minutes")
    minutes_value = 10 if minutes in (None, "") else _int(minutes, "minutes", where, MIN_MINUTES, MAX_MINUTES)

    pressure = str(raw.get("pressure") or "medium").strip().lower()
    if pressure not in PRESSURE_ORDER:
        raise _choice_error("pressure", pressure, PRESSURE_ORDER, at("pressure"))

    date_raw = raw.get("date")
    date = today() if date_raw in (None, "") else parse_date(date_raw, where, catalog.clinic.date_order)

    language = str(raw.get("language") or catalog.clinic.language).strip()
    if language not in languages:
        raise _choice_error("language", language, languages, at("language"))

    page_size = _page_size(raw, catalog, at("page_size"))

    therapist = clean_text(raw.get("therapist"))
    notes = clean_text(raw.get("notes"), multiline=True)
    for fld, text in (("name", name), ("therapist", therapist), ("notes", notes)):
        check_printable(text, fld, **where)  # here, so a batch reports it with its row, before any drawing
    return Client(
        name=name,
        goals=tuple(goals),
        conditions=tuple(conditions),
        minutes=minutes_value,
        pressure=pressure,
        therapist=therapist,
        date=date,
        notes=notes,
        language=language,
        page_size=page_size,
        large_print=_bool(raw.get("large_print") or False, "large_print", where),
        id=clean_text(raw.get("id")),
        warnings=tuple(warnings),
    )


def _page_size(raw: Mapping[str, Any], catalog: Catalog, where: dict[str, Any]) -> str:
    """The paper size (the clinic's by default); "US Letter" spelt any usual way is letter (``choices``)."""
    page_size = page_size_name(str(raw.get("page_size") or catalog.clinic.page_size))
    if page_size not in PAGE_SIZES:
        raise _choice_error("page size", page_size, PAGE_SIZES, where)
    return page_size


def _goals(raw: Mapping[str, Any], catalog: Catalog, where: dict[str, Any]) -> list[str]:
    """The goal ids (by id or by name), each once, in the order given; at least one."""
    goal_aliases = {g.name.lower(): gid for gid, g in catalog.goals.items()}
    goals: list[str] = []
    for g in split_list(raw.get("goals")):
        gid = _resolve_id("goal", g, catalog.goals, goal_aliases, where)
        if gid not in goals:
            goals.append(gid)
    if not goals:
        raise InputError("at least one goal is required", hint="valid: " + ", ".join(catalog.goals), **where)
    return goals


def _conditions(raw: Mapping[str, Any], catalog: Catalog, where: dict[str, Any]) -> list[Condition]:
    """The cautions (``id`` or ``id:left``/``id:right``), each once."""
    conditions: list[Condition] = []
    for c in split_list(raw.get("conditions")):
        cond = parse_condition(c, catalog, where)
        if cond not in conditions:
            conditions.append(cond)
    return conditions


def _check_lengths(raw: Mapping[str, Any], where: dict[str, Any]) -> list[str]:
    """Refuse over-long fields before any work is done on them; list the invisible characters to be removed."""
    warnings: list[str] = []
    for fld, limit in MAX_LENGTH.items():
        value = raw.get(fld)
        if isinstance(value, list | tuple):
            value = "; ".join(str(v) for v in value)
        text = "" if value is None else str(value)
        if len(text) > limit:
            raise InputError(f"{len(text):,} characters is too long", field=fld,
                             hint=f"use at most {limit:,}", **where)
        found = invisible_in(text) if fld in ("name", "therapist", "notes", "id") else []
        if found:
            warnings.append(f"{fld}: removed invisible formatting characters ({', '.join(found)})")
    return warnings
