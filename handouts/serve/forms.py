"""The sheet form: from posted fields to the CLI's raw client fields, and errors back to form fields.

The form speaks the CLI's language: the same field names, the same checks
(``core.check_client``) and so the same error words, shown next to the field
they belong to instead of on stderr.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData

from handouts.errors import HandoutsError
from handouts.store import SheetRow

TEXT_FIELDS = ("name", "minutes", "pressure", "therapist", "date", "notes", "language", "page_size")
FOOT_CHOICES = ("left", "right", "both")
GENERAL = "form"  # errors that belong to no single field


def raw_fields(form: FormData | Mapping[str, Any]) -> dict[str, Any]:
    """The client's fields as the CLI's flags would give them (conditions as ``id`` or ``id:side``)."""
    get_all = form.getlist if isinstance(form, FormData) else (lambda k: form.get(k) or [])
    raw: dict[str, Any] = {k: str(form.get(k) or "") for k in TEXT_FIELDS if str(form.get(k) or "").strip()}
    raw["goals"] = [str(g) for g in get_all("goals")]
    conditions = []
    for cid in get_all("conditions"):
        foot = str(form.get(f"foot-{cid}") or "")
        if foot == "both":
            conditions += [f"{cid}:left", f"{cid}:right"]
        elif foot in ("left", "right"):
            conditions.append(f"{cid}:{foot}")
        else:
            conditions.append(str(cid))
    raw["conditions"] = conditions
    if form.get("large_print"):
        raw["large_print"] = True
    return raw


def field_errors(exc: HandoutsError) -> dict[str, str]:
    """``{field: message}`` in the CLI's words, e.g. ``minutes: 'abc' is not a number (use ...)``."""
    text = exc.message + (f" ({exc.hint})" if exc.hint else "")
    return {exc.field if exc.field in (*TEXT_FIELDS, "goals", "conditions", "large_print") else GENERAL: text}


def prefill(sheet: SheetRow | None) -> dict[str, Any]:
    """The form's starting values: an earlier sheet's inputs ("new sheet from this one"), else empty."""
    if sheet is None:
        return {"goals": [], "conditions": {}}
    inputs = dict(sheet.inputs)
    conditions: dict[str, str] = {}
    for item in inputs.get("conditions") or []:
        cid, _, side = str(item).partition(":")
        conditions[cid] = "both" if cid in conditions and side else side
    inputs["conditions"] = conditions
    inputs["date"] = ""  # a new sheet is for today's session
    return inputs
