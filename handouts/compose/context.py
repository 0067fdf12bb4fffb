"""Template contexts: the catalog and a plan flattened into plain values.

Templates see simple dicts and lists with display-ready text, never the
models themselves, so a content editor can read a template without knowing
the Python behind it. Nothing here is escaped: Jinja's autoescape does that.
"""

from __future__ import annotations

from typing import Any

from handouts.catalog.loader import Catalog
from handouts.compose.environment import minutes_label
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
    """The clinic's ``date_format`` (a Babel pattern) in the sheet's language; else ``14 March 2026`` with
    month names from the language's strings."""
    if catalog.clinic.date_format:
        from babel.core import UnknownLocaleError
        from babel.dates import format_date as babel_date

        try:
            return babel_date(value, catalog.clinic.date_format, locale=catalog.language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            return babel_date(value, catalog.clinic.date_format, locale="en")
    months = catalog.strings.get("months", "").split()
    if len(months) == 12:
        return f"{value.day} {months[value.month - 1]} {value.year}"
    return value.isoformat()


def encode_highlight(highlight: dict[str, frozenset[str]]) -> str:
    """``liver:right brain:left+right``: how a chart element receives highlights."""
    return " ".join(f"{zone}:{'+'.join(sorted(feet))}" for zone, feet in sorted(highlight.items()))


def chart_views(catalog: Catalog, highlight: dict[str, frozenset[str]]) -> list[str]:
    """The views a sheet's chart draws: the soles, plus the first view of each shaded zone the soles lack
    (the same rule the chart's ``views="auto"`` follows)."""
    return catalog.charts.auto_views(highlight)


def chart_caption(catalog: Catalog, highlight: dict[str, frozenset[str]]) -> str:
    """The caption under a sheet's chart, explaining only the views it actually draws."""
    t = catalog.strings
    views = chart_views(catalog, highlight)
    parts = [t["chart_caption"]]
    if "medial" in views or "lateral" in views:
        parts.append(t.get("chart_caption_edges", ""))
    if "dorsal" in views:
        parts.append(t.get("chart_caption_top", ""))
    return " ".join(p for p in parts if p)


def clinic_contact(catalog: Catalog) -> str:
    """How a client reaches the clinic: the phone, else the e-mail, else the website."""
    c = catalog.clinic
    return c.phone or c.email or c.website or c.name


def say(template: str, **values: Any) -> str:
    """Fill ``{name}`` slots of a catalog sentence; the template escapes the result."""
    out = str(template)
    for key, value in values.items():
        out = out.replace("{" + key + "}", str(value))
    return out


def routine_lines(catalog: Catalog, plan: Plan) -> list[str]:
    """The sentences above the routine table: length (and rounds), order of the feet, how often."""
    t = catalog.strings
    total = minutes_label(plan.total_minutes)
    if plan.rounds > 1:
        words = [w.strip() for w in t.get("rounds_words", "").split("|")]
        rounds = words[plan.rounds - 1] if plan.rounds <= len(words) else str(plan.rounds)
        length = say(t["routine_rounds"], rounds=rounds, round=minutes_label(plan.round_minutes), minutes=total)
    else:
        length = say(t["routine_length"], minutes=total)
    one_foot = len(plan.feet) == 1
    order = say(t["order_one"], foot=t["word_" + plan.feet[0]]) if one_foot else t["order_both"]
    first_goal = catalog.goals[plan.client.goals[0]]
    often = say(t["how_often"], how_often=first_goal.how_often, minutes=total)
    stop = next((catalog.cautions[a.id].stop_line for a in plan.cautions if catalog.cautions[a.id].stop_line),
                t["stop_if_hurts"])
    times = t["times_note"]
    if any(s.foot == "both" for s in plan.steps):  # one time on a "Both feet" row: per foot, or for the two?
        times += " " + say(t["times_note_both"], both_feet=t["both_feet"])
    return [f"{length} {order} {times}", f"{often} {stop}"]


def caution_entries(catalog: Catalog, plan: Plan) -> list[dict[str, Any]]:
    """Each applied caution once, with its words; a foot caution on both feet names both."""
    t = catalog.strings
    sides: dict[str, list[str]] = {}
    for a in plan.cautions:
        sides.setdefault(a.id, [])
        if a.side:
            sides[a.id].append(t["word_" + a.side])
    return [
        {
            "id": cid,
            "name": catalog.cautions[cid].name,
            "action": catalog.cautions[cid].action,
            "side": ", ".join(words),
            "message": catalog.cautions[cid].message,
            "instead": catalog.cautions[cid].instead or "",
        }
        for cid, words in sides.items()
    ]


def goal_entries(catalog: Catalog, plan: Plan) -> list[dict[str, Any]]:
    """Goals with the intro that is true for this sheet (no promise of a route it does not give)."""
    out = []
    for gid in plan.client.goals:
        g = catalog.goals[gid]
        intro = g.intro_without_route if gid in plan.broken_routes and g.intro_without_route else g.intro
        out.append({"id": g.id, "name": g.name, "intro": intro if plan.has_routine else ""})
    return out


def no_routine_context(catalog: Catalog, plan: Plan, cautions: list[dict[str, Any]]) -> dict[str, Any]:
    """What a sheet without a routine says instead: why, what to do, whom to call."""
    t = catalog.strings
    stops = [c for c in cautions if c["id"] in plan.stops]
    named = [f"{c['name']} ({c['side']})" if c["side"] else c["name"] for c in cautions]
    resting = [n for c, n in zip(cautions, named, strict=True) if c["side"]] if not stops else []
    noted = [n for c, n in zip(cautions, named, strict=True) if c["id"] not in plan.stops and n not in resting]
    return {
        "stops": stops,
        "both_feet_rest": say(t["no_routine_both_feet"], cautions="; ".join(resting)) if resting else "",
        "noted": say(t["no_routine_noted"], cautions="; ".join(noted)) if noted else "",
        "call": say(t["no_routine_call"], contact=clinic_contact(catalog)),
    }


def step_entries(catalog: Catalog, plan: Plan) -> list[dict[str, Any]]:
    """The routine table's rows: foot, zone, technique, minutes (also as printed) and pressure, in words."""
    t = catalog.strings
    foot_label = {"right": t["right_foot"], "left": t["left_foot"], "both": t["both_feet"]}
    return [
        {
            "number": s.number,
            "foot": foot_label[s.foot],
            "foot_id": s.foot,
            "zone": catalog.zones[s.zone].name if s.zone else t["whole_foot"],
            "zone_id": s.zone or "",
            "technique": catalog.techniques[s.technique].name,
            "minutes": s.minutes,
            # "1½ min", kept whole on its line: the routine table's time column, written once per sheet here
            # rather than by the template for every row of every layout tried
            "time": f"{minutes_label(s.minutes)}\u00a0{t['minutes_short']}",
            "pressure": t.get(f"pressure_{s.pressure}", s.pressure),
        }
        for s in plan.steps
    ]


def sheet_context(catalog: Catalog, plan: Plan, compact: bool = False) -> dict[str, Any]:
    """Everything ``sheet.xml.j2`` prints for one client.

    ``compact`` asks the template for its tighter layout, used when the
    regular one would spill onto a third page. Everything a caution rules out
    is already gone from the plan; this only puts words to it.
    """
    t = catalog.strings
    client = plan.client
    steps = step_entries(catalog, plan)
    techniques = [
        {"name": tech.name, "summary": tech.summary, "steps": list(tech.steps)}
        for tech in (catalog.techniques[tid] for tid in plan.techniques)
    ]
    cautions = caution_entries(catalog, plan)
    contact = clinic_contact(catalog)
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
        "goals": goal_entries(catalog, plan),
        "has_routine": plan.has_routine,
        "no_routine": None if plan.has_routine else no_routine_context(catalog, plan, cautions),
        "routine_lines": routine_lines(catalog, plan) if plan.has_routine else [],
        "steps": steps,
        "pressure": t.get(f"pressure_{plan.pressure}", plan.pressure),
        "pressure_capped": plan.has_routine and plan.pressure != client.pressure,
        "techniques": techniques,
        "cautions": cautions,
        "avoided_zones": [catalog.zones[z].name for z in plan.avoided_zones],
        "avoided_foot": plan.avoided_foot or "",
        "work_foot": plan.feet[0] if len(plan.feet) == 1 else "",
        "complements": [
            {"name": catalog.complements[c].name, "text": catalog.complements[c].text}
            for c in plan.complements[:MAX_COMPLEMENTS]
        ],
        "aftercare": [
            {"title": a.title, "text": say(a.text, contact=contact)}
            for a in (catalog.aftercare[i] for i in plan.aftercare)
        ],
        "highlight": encode_highlight(plan.highlight),
        "chart_caption": chart_caption(catalog, plan.highlight),
        "chart_views": len(chart_views(catalog, plan.highlight)),
        "resting": " ".join(f for f in ("left", "right") if plan.has_routine and f not in plan.feet),
        "large_print": client.large_print,
        "compact": compact,
    }


def brochure_context(catalog: Catalog, layout: str) -> dict[str, Any]:
    """Everything ``brochure.xml.j2`` prints: the clinic's whole offer, not one client's."""
    contact = clinic_contact(catalog)
    return {
        "t": catalog.strings,
        "clinic": clinic_context(catalog),
        "layout": layout,
        "techniques": [{"name": x.name, "summary": x.summary} for x in catalog.techniques.values()],
        "complements": [{"name": c.name, "text": c.text} for c in catalog.complements.values()],
        "aftercare": [{"title": a.title, "text": say(a.text, contact=contact)} for a in catalog.aftercare.values()],
        "faq": [{"question": f.question, "answer": f.answer} for f in catalog.faq.values()],
        # a doctor's word for what refers; only time for what defers (a fever needs rest, not a letter)
        "doctor_first": [{"name": c.name} for c in catalog.cautions.values() if c.action == "refer"],
        "wait_first": [{"name": c.name} for c in catalog.cautions.values() if c.action == "defer"],
    }
