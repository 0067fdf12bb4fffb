"""Template contexts: the catalog and a plan flattened into plain values.

Templates see simple dicts and lists with display-ready text, never the
models themselves, so a content editor can read a template without knowing
the Python behind it. Nothing here is escaped: Jinja's autoescape does that.
"""

from __future__ import annotations

from typing import Any

from handouts.catalog.loader import Catalog
from handouts.plan.planner import Plan

MAX_COMPLEMENTS = 4  # a short list gets read; the sheet should stay within two pages


def clinic_context(catalog: Catalog) -> dict[str, Any]:
    """The clinic's name and contact details."""
    c = catalog.clinic
    return {
        "name": c.name,
        "tagline": c.tagline or "",
        "address": list(c.address),
        "phone": c.phone or "",
        "email": c.email or "",
        "website": c.website or "",
        "booking_url": c.booking_url or "",
    }


def format_date(catalog: Catalog, value: Any) -> str:
    """``14 March 2026`` with month names from the language's strings."""
    months = catalog.strings.get("months", "").split()
    if len(months) == 12:
        return f"{value.day} {months[value.month - 1]} {value.year}"
    return value.isoformat()


def encode_highlight(highlight: dict[str, frozenset[str]]) -> str:
    """``liver:right brain:left+right``: how a chart element receives highlights."""
    return " ".join(f"{zone}:{'+'.join(sorted(feet))}" for zone, feet in sorted(highlight.items()))


def sheet_context(catalog: Catalog, plan: Plan, compact: bool = False) -> dict[str, Any]:
    """Everything ``sheet.xml.j2`` prints for one client.

    ``compact`` asks the template for its tighter layout, used when the
    regular one would spill onto a third page.
    """
    t = catalog.strings
    client = plan.client
    foot_label = {"right": t["right_foot"], "left": t["left_foot"], "both": t["both_feet"]}
    steps = [
        {
            "number": s.number,
            "foot": foot_label[s.foot],
            "foot_id": s.foot,
            "zone": catalog.zones[s.zone].name if s.zone else t["whole_foot"],
            "zone_id": s.zone or "",
            "technique": catalog.techniques[s.technique].name,
            "minutes": s.minutes,
            "pressure": t.get(f"pressure_{s.pressure}", s.pressure),
        }
        for s in plan.steps
    ]
    techniques = [
        {"name": tech.name, "summary": tech.summary, "steps": list(tech.steps)}
        for tech in (catalog.techniques[tid] for tid in plan.techniques)
    ]
    cautions = [
        {
            "id": a.id,
            "name": catalog.cautions[a.id].name,
            "action": a.action,
            "side": a.side or "",
            "message": catalog.cautions[a.id].message,
            "instead": catalog.cautions[a.id].instead or "",
        }
        for a in plan.cautions
    ]
    stop = next((c for c in cautions if c["id"] == plan.stopped_by), None)
    return {
        "t": t,
        "clinic": clinic_context(catalog),
        "client": {
            "name": client.name,
            "date": format_date(catalog, client.date),
            "therapist": client.therapist,
            "notes": [p for p in client.notes.split("\n") if p],
            "minutes": client.minutes,
        },
        "goals": [
            {"id": g.id, "name": g.name, "intro": g.intro} for g in (catalog.goals[gid] for gid in client.goals)
        ],
        "has_routine": plan.has_routine,
        "stop": stop,
        "steps": steps,
        "pressure": t.get(f"pressure_{plan.pressure}", plan.pressure),
        "pressure_capped": plan.pressure != client.pressure,
        "techniques": techniques,
        "cautions": cautions,
        "avoided_zones": [catalog.zones[z].name for z in plan.avoided_zones],
        "avoided_foot": plan.avoided_foot or "",
        "work_foot": plan.feet[0] if len(plan.feet) == 1 else "",
        "complements": [
            {"name": catalog.complements[c].name, "text": catalog.complements[c].text}
            for c in plan.complements[:MAX_COMPLEMENTS]
        ],
        "aftercare": [{"title": a.title, "text": a.text} for a in catalog.aftercare.values()],
        "highlight": encode_highlight(plan.highlight),
        "resting": " ".join(f for f in ("left", "right") if plan.has_routine and f not in plan.feet),
        "large_print": client.large_print,
        "compact": compact,
    }
