"""The consistency checker: does any sheet contradict its own cautions?

It composes the sheet's context (everything the template prints) for every
goal alone, every goal with every caution (each foot for foot cautions) and
every goal with every pair of cautions, then checks what would be printed
against what the cautions rule out. It judges the words and items, not the
planner's intentions, so a content editor's untagged foot bath or an intro
promising a route is caught here, by ``handouts validate``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from handouts.catalog.entries import PRESSURE_ORDER
from handouts.catalog.loader import Catalog
from handouts.compose.context import sheet_context
from handouts.intake import Client, Condition
from handouts.plan.planner import FEET, Plan, make_plan
from handouts.plan.rules import Restrictions, names, restrictions, says, says_any

MATRIX_MINUTES = (10, 30)  # a short routine, and one long enough to need rounds on one foot
MATRIX_PRESSURE = "firm"  # the firmest request shows every pressure cap at work


@dataclass(frozen=True)
class Problem:
    """One contradiction on one sheet."""

    goals: tuple[str, ...]
    conditions: tuple[str, ...]
    minutes: int
    item: str
    message: str

    def __str__(self) -> str:
        cautions = ", ".join(self.conditions) or "no cautions"
        return f"goals {' + '.join(self.goals)} with {cautions} ({self.minutes} min): {self.item}: {self.message}"


def condition_variants(catalog: Catalog) -> list[Condition]:
    """Every caution, once per foot where the foot matters."""
    out: list[Condition] = []
    for cid, caution in catalog.cautions.items():
        if caution.avoid_foot == "affected":
            out.extend(Condition(cid, side) for side in ("left", "right"))
        else:
            out.append(Condition(cid))
    return out


def matrix(catalog: Catalog) -> Iterator[tuple[tuple[str, ...], tuple[Condition, ...]]]:
    """Goal alone, goal x caution, goal x pair of cautions."""
    variants = condition_variants(catalog)
    for goal in catalog.goals:
        yield (goal,), ()
        for c in variants:
            yield (goal,), (c,)
        for a, b in itertools.combinations(variants, 2):
            yield (goal,), (a, b)


def _printed(ctx: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """Every text the sheet prints outside the cautions box: (item, text, caution it belongs to)."""
    out: list[tuple[str, str, str | None]] = []
    out += [(f"goal '{g['id']}' intro", g["intro"], None) for g in ctx["goals"] if g["intro"]]
    out += [("the line above the routine", line, None) for line in ctx["routine_lines"]]
    out += [(f"step {s['number']}", f"{s['zone']} {s['technique']}", None) for s in ctx["steps"]]
    for tech in ctx["techniques"]:
        out += [(f"how-to of '{tech['name']}'", line, None) for line in (tech["name"], *tech["steps"])]
    out += [(f"complement '{c['name']}'", f"{c['name']}. {c['text']}", None) for c in ctx["complements"]]
    out += [(f"aftercare '{a['title']}'", f"{a['title']}. {a['text']}", None) for a in ctx["aftercare"]]
    # What another caution advises is advice too: it must not suggest what this one rules out.
    out += [(f"caution '{c['id']}' advice", c["instead"], c["id"]) for c in ctx["cautions"] if c["instead"]]
    return out


def _step_problems(catalog: Catalog, plan: Plan, rules: Restrictions) -> Iterator[tuple[str, str]]:
    per_zone: dict[str, set[float]] = {}
    for s in plan.steps:
        where = f"step {s.number} ({s.zone or 'whole foot'}, {s.technique}, {s.foot})"
        tech = catalog.techniques[s.technique]
        if s.zone in rules.avoid_zones:
            yield where, "works a zone a caution leaves out"
        feet = FEET if s.foot == "both" else (s.foot,)
        if rules.resting_feet.intersection(feet):
            yield where, "works a foot that must rest"
        if not rules.allows_technique(tech):
            yield where, f"uses a technique ruled out ({', '.join(sorted(rules.tags & set(tech.tags))) or 'by id'})"
        if rules.pressure_cap and PRESSURE_ORDER[s.pressure] > PRESSURE_ORDER[rules.pressure_cap]:
            yield where, f"pressure {s.pressure} is above the cap '{rules.pressure_cap}'"
        if s.minutes > tech.max_minutes:
            yield where, f"{s.minutes} minutes is more than the technique's max_minutes {tech.max_minutes}"
        if s.zone and s.foot != "both":
            per_zone.setdefault(s.zone, set()).add(s.minutes)
    for zone, times in per_zone.items():
        if len(times) > 1:
            yield f"zone '{zone}'", f"gets different times on the two feet ({', '.join(map(str, sorted(times)))})"


def _sheet_problems(catalog: Catalog, plan: Plan, ctx: dict[str, Any]) -> Iterator[tuple[str, str]]:
    rules = restrictions(catalog, plan.cautions)
    yield from _step_problems(catalog, plan, rules)
    t = catalog.strings
    if not rules.has_routine:
        if plan.steps or ctx["routine_lines"] or ctx["techniques"]:
            yield "routine", "a sheet without a routine still shows steps or routine lines"
    else:
        both = any(t["order_both"] in line for line in ctx["routine_lines"])
        if both and rules.resting_feet:
            yield "the order line", "speaks of both feet while one rests"
        if not both and not rules.resting_feet:
            yield "the order line", "is missing"
        often = catalog.goals[plan.client.goals[0]].how_often
        if not any(often in line for line in ctx["routine_lines"]):
            yield "the routine", "does not say how often to do it"
    for c in plan.complements:
        if not rules.allows_complement(catalog.complements[c]):
            yield f"complement '{c}'", "is ruled out by a caution (by its tags or id)"
    for a in plan.aftercare:
        if not rules.allows_aftercare(catalog.aftercare[a]):
            yield f"aftercare '{a}'", "is ruled out by a caution (by its tags or id)"
    for g in ctx["goals"]:
        goal = catalog.goals[g["id"]]
        whole = goal.id not in _broken(catalog, plan)
        if goal.route and not whole and g["intro"] == goal.intro:
            yield f"goal '{goal.id}' intro", f"promises the {goal.route} route, which this sheet does not give whole"
    if _broken(catalog, plan):
        for tid in plan.techniques:
            if "follows_route" in catalog.techniques[tid].tags:
                yield f"technique '{tid}'", "walks a whole route that this sheet does not give whole"
    worked = [catalog.zones[s.zone].name for s in plan.steps if s.zone]
    unsaid = tuple(sorted({word for _, word in rules.never_say}))
    avoided = sorted(rules.avoid_zones)
    unnamed = tuple(sorted({part for zone in avoided for part in catalog.zones[zone].body_parts}))
    for item, text, owner in _printed(ctx):
        if says_any(text, unsaid):  # one search first: on sound data the answer is no
            for cid, word in rules.never_say:
                if owner != cid and says(text, word):
                    yield item, f"says '{word}', which caution '{cid}' rules out"
        plain = text
        for name in worked:  # "lower back" in "Lower back vertebrae" is not the left-out heel zone
            plain = plain.replace(name, "")
        if not says_any(plain, unnamed):
            continue
        for zone in avoided:
            for part in catalog.zones[zone].body_parts:
                if says(plain, part):
                    yield item, f"names '{part}', of the zone '{zone}' a caution leaves out"
    yield from _pressure_words(catalog, plan)
    yield from _repeats(ctx)


def _pressure_words(catalog: Catalog, plan: Plan) -> Iterator[tuple[str, str]]:
    """A how-to that says "gently" where its step's table row says medium contradicts the table."""
    words = catalog.routine.pressure_words
    seen: set[tuple[str, str]] = set()
    for s in plan.steps:
        if (s.technique, s.pressure) in seen:
            continue
        seen.add((s.technique, s.pressure))
        tech = catalog.techniques[s.technique]
        for level, named in words.items():
            if level == s.pressure:
                continue
            if not any(says_any(line, tuple(named), whole=True) for line in tech.steps):
                continue
            for word in named:
                if any(names(line, word) for line in tech.steps):
                    yield (f"how-to of '{tech.name}'",
                           f"says '{word}' ({level}) where the table gives it {s.pressure} pressure")


def _broken(catalog: Catalog, plan: Plan) -> set[str]:
    """Goals whose route is not on the sheet whole, worked out from the steps themselves."""
    done = {(s.zone, f) for s in plan.steps for f in (FEET if s.foot == "both" else (s.foot,))}
    broken = set()
    for gid in plan.client.goals:
        goal = catalog.goals[gid]
        if goal.route:
            needed = {(st.zone, f) for st in goal.steps if st.group == goal.route for f in FEET
                      if catalog.zones[st.zone or ""].foot in (f, "both")}
            if not needed <= done:
                broken.add(gid)
    return broken


def _repeats(ctx: dict[str, Any]) -> Iterator[tuple[str, str]]:
    # Steps are left out: the same zone on both feet is two lines of the table by design.
    paragraphs = [c["message"] for c in ctx["cautions"]]
    paragraphs += [text for item, text, _ in _printed(ctx) if len(text) > 40 and not item.startswith("step ")]
    seen: set[str] = set()
    for text in paragraphs:
        key = " ".join(text.split()).lower()
        if key in seen:
            yield "text", f"printed twice: '{text[:60]}...'"
        seen.add(key)


def check_sheet(catalog: Catalog, client: Client) -> list[Problem]:
    """Every contradiction on this client's sheet."""
    plan = make_plan(catalog, client)
    ctx = sheet_context(catalog, plan)
    conditions = tuple(f"{c.id}:{c.side}" if c.side else c.id for c in client.conditions)
    return [Problem(client.goals, conditions, client.minutes, item, message)
            for item, message in dict.fromkeys(_sheet_problems(catalog, plan, ctx))]


def sheet_count(catalog: Catalog) -> int:
    """How many sheets ``check_catalog`` builds."""
    return len(MATRIX_MINUTES) * sum(1 for _ in matrix(catalog))


def check_catalog(catalog: Catalog) -> list[Problem]:
    """Run the whole matrix; an empty list means no sheet contradicts itself."""
    problems: list[Problem] = []
    for minutes in MATRIX_MINUTES:
        for goals, conditions in matrix(catalog):
            client = Client(name="Check", goals=goals, conditions=conditions, minutes=minutes,
                            pressure=MATRIX_PRESSURE)
            problems.extend(check_sheet(catalog, client))
    return problems
