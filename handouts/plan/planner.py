"""Personalisation: from a client's goals, cautions, minutes and pressure to a Plan.

The rules, in the order they apply:

1. The applied cautions are merged into one set of restrictions
   (``rules.py``): zones and feet to leave out, tags and ids ruled out, a
   pressure cap. A ``refer`` or ``defer`` caution, or two resting feet, stops
   the self-routine; the plan then carries only what still makes sense.
2. Goal steps are merged (each zone once, first goal first). A technique a
   caution rules out is replaced by an allowed alternative, or its step goes.
3. If the minutes or the sheet cannot hold every step, whole groups are
   dropped, the least important first; a goal's route (the colon, the spine)
   is the last thing to go. A route that a caution breaks makes the goal's
   intro change, so the sheet never promises it.
4. The routine opens on both feet, works the right foot, then the left, and
   closes on both feet. Minutes are shared out by ``dosing.py``: the same time
   for a zone on both feet, never past a technique's maximum, and rounds of
   the same steps for long sessions.

Everything here is deterministic: the same client always gets the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from handouts.catalog.entries import Goal
from handouts.catalog.loader import Catalog
from handouts.intake import Client
from handouts.plan.dosing import Share, dose
from handouts.plan.rules import Applied, Restrictions, choose_technique, restrictions

FEET = ("right", "left")
MEAN_STEP = 0.75  # minutes: fewer zones, done properly, beat a rushed list
MAX_ZONES_PER_FOOT = 6  # keeps the sheet to two pages and the routine learnable

AppliedCaution = Applied  # the name the rest of handouts knows it by


@dataclass(frozen=True)
class Step:
    """One line of the routine; ``minutes`` is for one round."""

    number: int
    foot: str  # "right", "left" or "both"
    zone: str | None  # None: the whole foot
    technique: str
    minutes: float
    pressure: str


@dataclass(frozen=True)
class Plan:
    """Everything the sheet shows about this client's routine, already reconciled with the cautions."""

    client: Client
    steps: tuple[Step, ...]
    pressure: str
    cautions: tuple[Applied, ...]
    stops: tuple[str, ...] = ()  # refer/defer caution ids: no routine on this sheet
    feet: tuple[str, ...] = FEET
    avoided_zones: tuple[str, ...] = ()
    avoided_foot: str | None = None  # "left", "right", or "both" when neither foot may be worked
    highlight: dict[str, frozenset[str]] = field(default_factory=dict)  # zone -> feet
    techniques: tuple[str, ...] = ()
    complements: tuple[str, ...] = ()
    aftercare: tuple[str, ...] = ()
    broken_routes: tuple[str, ...] = ()  # goal ids whose route is not whole on this sheet
    rounds: int = 1
    dropped_for_time: tuple[str, ...] = ()

    @property
    def has_routine(self) -> bool:
        return not self.stops and bool(self.feet)

    @property
    def stopped_by(self) -> str | None:
        """The caution that stopped the routine, if one did (the first refer, else defer)."""
        return self.stops[0] if self.stops else None

    @property
    def round_minutes(self) -> float:
        return sum(s.minutes for s in self.steps)

    @property
    def total_minutes(self) -> float:
        return self.rounds * self.round_minutes


@dataclass
class _Merged:
    """A zone the goals ask for, with its technique, summed weight and group."""

    zone: str
    technique: str
    weight: float
    unit: str  # its group, or the zone itself: what is kept or dropped as one
    order: int
    rank: tuple[int, int] = (0, 0)  # fair-share rank: place in its goal by weight, then goal order


def _zone_on(catalog: Catalog, zone: str | None, foot: str) -> bool:
    return zone is None or catalog.zones[zone].foot in (foot, "both")


def _merge_goals(catalog: Catalog, goals: list[Goal], rules: Restrictions, feet: tuple[str, ...],
                 pressure: str) -> tuple[dict[str, _Merged], list[str]]:
    """Each zone once (weights added up, first goal first), without avoided zones or impossible steps."""
    merged: dict[str, _Merged] = {}
    avoided: list[str] = []
    for goal_index, goal in enumerate(goals):
        by_weight = sorted(range(len(goal.steps)), key=lambda i: (-goal.steps[i].weight, i))
        ranks = {goal.steps[i].zone: (rank, goal_index) for rank, i in enumerate(by_weight)}
        for step in goal.steps:
            zone = step.zone or ""
            if zone in rules.avoid_zones:
                if zone not in avoided:
                    avoided.append(zone)
                continue
            if not any(_zone_on(catalog, zone, f) for f in feet):
                continue
            if choose_technique(catalog, step.technique, pressure, rules) is None:
                continue
            if zone in merged:
                merged[zone].weight += step.weight
                merged[zone].rank = min(merged[zone].rank, ranks[zone])
            else:
                merged[zone] = _Merged(zone, step.technique, step.weight, step.group or zone, len(merged),
                                       ranks[zone])
    return merged, avoided


def _route_units(goals: list[Goal]) -> list[str]:
    return [g.route for g in goals if g.route]


def _trim(catalog: Catalog, merged: dict[str, _Merged], routes: list[str], frame_lines: int,
          feet: tuple[str, ...], minutes: int) -> list[str]:
    """The zones that fit the minutes and the sheet: minor groups go first, routes last."""
    units: dict[str, list[str]] = {}
    for m in merged.values():
        units.setdefault(m.unit, []).append(m.zone)
    minor = sorted((u for u in units if u not in routes),
                   key=lambda u: (min(merged[z].rank for z in units[u]), merged[units[u][0]].order))
    kept = [u for u in routes if u in units] + minor

    def lines(zones: list[str]) -> int:
        return frame_lines + sum(1 for f in feet for z in zones if _zone_on(catalog, z, f))

    def per_foot(zones: list[str]) -> int:
        return max(sum(1 for z in zones if _zone_on(catalog, z, f)) for f in feet)

    def zones() -> list[str]:
        return [z for u in kept for z in units[u]]

    soft_limit, hard_limit = int(minutes / MEAN_STEP), int(minutes / 0.5)
    while kept:
        crowded = lines(zones()) > soft_limit or per_foot(zones()) > MAX_ZONES_PER_FOOT
        if len(kept) > len([u for u in routes if u in kept]) and crowded:
            kept.pop()  # a minor group
        elif lines(zones()) > hard_limit:
            kept.pop()  # even a route must go when the minutes cannot give each step half a minute
        else:
            break
    return zones()


def _broken_routes(catalog: Catalog, goals: list[Goal], steps: tuple[Step, ...]) -> tuple[str, ...]:
    """Goals whose route is not done whole, on every foot its zones belong to."""
    done = {(s.zone, f) for s in steps for f in (FEET if s.foot == "both" else (s.foot,))}
    broken = []
    for goal in goals:
        if not goal.route:
            continue
        needed = {(st.zone, f) for st in goal.steps if st.group == goal.route for f in FEET
                  if _zone_on(catalog, st.zone, f)}
        if not needed <= done:
            broken.append(goal.id)
    return tuple(broken)


def _lay_out(catalog: Catalog, merged: dict[str, _Merged], kept: list[str], feet: tuple[str, ...],
             rules: Restrictions, pressure: str) -> list[tuple[str, str | None, str, str, float]]:
    """Lines of the routine in order: (foot, zone, technique, pressure, weight)."""
    lines = []
    frame_foot = "both" if len(feet) == 2 else feet[0]

    def add(foot: str, zone: str | None, technique: str, weight: float) -> None:
        chosen = choose_technique(catalog, technique, pressure, rules)
        if chosen is not None:
            tech, level = chosen
            lines.append((foot, zone, tech.id, level, tech.minutes * weight))

    for s in catalog.routine.opening:
        if s.zone not in rules.avoid_zones:
            add(frame_foot, s.zone, s.technique, s.weight)
    for foot in feet:
        for zone in (z for z in merged if z in kept):
            if _zone_on(catalog, zone, foot):
                add(foot, zone, merged[zone].technique, merged[zone].weight)
    for s in catalog.routine.closing:
        if s.zone not in rules.avoid_zones and s.zone not in kept:
            add(frame_foot, s.zone, s.technique, s.weight)
    return lines


def _timed(catalog: Catalog, lines: list[tuple[str, str | None, str, str, float]],
           minutes: int) -> tuple[tuple[Step, ...], int]:
    """Number the lines and give them minutes: one share per zone (both feet alike)."""
    keys = [(zone, technique) if foot != "both" and zone else (i,) for i, (foot, zone, technique, _, _)
            in enumerate(lines)]
    order = list(dict.fromkeys(keys))
    shares = []
    for key in order:
        members = [line for k, line in zip(keys, lines, strict=True) if k == key]
        cap = catalog.techniques[members[0][2]].max_minutes
        shares.append(Share(weight=members[0][4], count=len(members), cap=cap))
    result = dose(shares, minutes, catalog.routine.round_max_minutes)
    per_key = dict(zip(order, result.minutes, strict=True))
    steps = tuple(
        Step(i + 1, foot, zone, technique, per_key[key], level)
        for i, ((foot, zone, technique, level, _), key) in enumerate(zip(lines, keys, strict=True))
    )
    return steps, result.rounds


def _routine(catalog: Catalog, client: Client, goals: list[Goal], rules: Restrictions, feet: tuple[str, ...],
             pressure: str) -> tuple[dict[str, _Merged], list[str], list[str], tuple[Step, ...], int]:
    """Merge, trim, lay out and time the steps under ``rules``."""
    merged, avoided = _merge_goals(catalog, goals, rules, feet, pressure)
    frame_lines = len(_lay_out(catalog, {}, [], feet, rules, pressure))
    kept = _trim(catalog, merged, _route_units(goals), frame_lines, feet, client.minutes)
    steps, rounds = _timed(catalog, _lay_out(catalog, merged, kept, feet, rules, pressure), client.minutes)
    return merged, avoided, kept, steps, rounds


def make_plan(catalog: Catalog, client: Client) -> Plan:
    """Build the personal routine for ``client``; pure and deterministic."""
    applied = tuple(Applied(c.id, catalog.cautions[c.id].action, c.side) for c in client.conditions)
    rules = restrictions(catalog, applied)
    goals = [catalog.goals[g] for g in client.goals]
    complements = tuple(c for c in dict.fromkeys(c for g in goals for c in g.complements)
                        if rules.allows_complement(catalog.complements[c]))
    aftercare = tuple(a.id for a in catalog.aftercare.values() if rules.allows_aftercare(a))
    pressure = rules.cap(client.pressure)
    feet = tuple(f for f in FEET if f not in rules.resting_feet)
    avoided_foot = "both" if not feet else next(iter(rules.resting_feet)) if rules.resting_feet else None
    if not rules.has_routine:
        return Plan(client, (), pressure, applied, stops=rules.stops, feet=(),
                    avoided_foot=avoided_foot, complements=complements, aftercare=aftercare,
                    broken_routes=tuple(g.id for g in goals if g.route))

    merged, avoided, kept, steps, rounds = _routine(catalog, client, goals, rules, feet, pressure)
    if _broken_routes(catalog, goals, steps) and any("follows_route" in catalog.techniques[s.technique].tags
                                                     for s in steps):
        # A how-to that walks the whole route would describe parts this sheet leaves out: use the alternatives.
        rules = replace(rules, tags=rules.tags | {"follows_route"})
        merged, avoided, kept, steps, rounds = _routine(catalog, client, goals, rules, feet, pressure)

    highlight: dict[str, set[str]] = {}
    for s in steps:
        if s.zone:
            highlight.setdefault(s.zone, set()).update(FEET if s.foot == "both" else (s.foot,))
    return Plan(
        client=client,
        steps=steps,
        pressure=pressure,
        cautions=applied,
        feet=feet,
        avoided_zones=tuple(avoided),
        avoided_foot=avoided_foot,
        highlight={z: frozenset(f) for z, f in highlight.items()},
        techniques=tuple(dict.fromkeys(s.technique for s in steps)),
        complements=complements,
        aftercare=aftercare,
        broken_routes=_broken_routes(catalog, goals, steps),
        rounds=rounds,
        dropped_for_time=tuple(z for z in merged if z not in kept),
    )
