"""The words a PDF carries besides its story: title, subject, keywords, letterhead and footer.

They come from the clinic and ``strings.yaml`` like every client-facing word;
render receives them as plain fields and only lays them out.
"""

from __future__ import annotations

from typing import Any

from handouts.catalog.loader import Catalog
from handouts.intake import Client


def _keywords(catalog: Catalog, key: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in catalog.strings[key].split(",") if k.strip())


def letterhead_fields(catalog: Catalog, running_title: str = "") -> dict[str, Any]:
    """The clinic's letterhead and footer (``render.document.Letterhead`` fields)."""
    c = catalog.clinic
    contact = [", ".join(c.address)] if c.address else []
    contact += [" \u00b7 ".join(x for x in (c.phone, c.email) if x)]
    if c.website:
        contact.append(c.website)
    return {
        "clinic_name": c.name,
        "tagline": c.tagline or "",
        "contact_lines": tuple(x for x in contact if x),
        "running_title": running_title,
        "footer_note": catalog.strings["not_medical"],
        "page_label": catalog.strings["page_of"],
    }


def sheet_meta(catalog: Catalog, client: Client) -> dict[str, Any]:
    """A routine sheet's metadata (``render.document.DocMeta`` fields)."""
    return {
        "title": f"{catalog.strings['sheet_title']}: {client.name}",
        "author": catalog.clinic.name,
        "subject": ", ".join(catalog.goals[g].name for g in client.goals),
        "language": client.language,
        "keywords": (*_keywords(catalog, "sheet_keywords"), *client.goals),
        "date": client.date,
    }


def chart_meta(catalog: Catalog) -> dict[str, Any]:
    """The chart poster's metadata."""
    title = catalog.strings["chart_title"]
    return {"title": title, "author": catalog.clinic.name, "subject": title, "language": catalog.language,
            "keywords": _keywords(catalog, "chart_keywords")}


def brochure_info(catalog: Catalog) -> dict[str, str]:
    """The brochure's document information, as PDF names."""
    return {"/Title": f"{catalog.clinic.name}: {catalog.strings['brochure_title']}", "/Author": catalog.clinic.name,
            "/Subject": catalog.strings["brochure_subject"], "/Creator": "handouts",
            "/Lang": catalog.clinic.language}
