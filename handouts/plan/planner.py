"""Personalisation: from a client's goals, cautions, minutes and pressure to a Plan.

The rules, in the order they apply:

1. A ``refer`` or ``defer`` caution stops the self-routine; the plan then
   carries the reason and what to do instead.
2. ``avoid`` cautions remove zones, or the affected foot; ``gentle`` ones cap
   the pressure. A technique too firm for the capped pressure is swapped for
   its ``gentler`` alternative.
3. Goal steps are merged (each zone once, first goal first) and, if the minutes
   cannot hold them all, the lightest-weighted ones are dropped.
4. The routine opens on both feet, works the right foot, then the left, and
   closes on both feet. Minutes are shared out in half-minute units in
   proportion to each technique's usual time and the step's weight, so they
   always add up exactly to the client's budget.

Everything here is deterministic: the same client always gets the same plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from handouts.catalog.loader import Catalog
from handouts.catalog.models import PRESSURE_ORDER, GoalStep, Technique
from handouts.intake import Client

FEET = ("right", "left")
UNIT = 0.5  # minutes: the smallest time a step is given
MEAN_STEP = 0.75  # minutes: fewer zones, done properly, beat a rushed list
MAX_ZONES_PER_FOOT = 6  # keeps the sheet to two pages and the routine learnable


@dataclass(frozen=True)
class Step:
    """One line of the routine."""

    number: int
    foot: str  # "right", "left" or "both"
    zone: str | None  # None: the whole foot
    technique: str
    minutes: float
    pressure: str


@dataclass(frozen=True)
class AppliedCaution:
    """A caution that applies to this client, and the foot it concerns."""

    id: str
    action: str
    side: str | None = None


@dataclass(frozen=True)
class Plan:
    """Everything the sheet shows about this client's routine."""

    client: Client
    steps: tuple[Step, ...]
    pressure: str
    cautions: tuple[AppliedCaution, ...]
    stopped_by: str | None = None  # caution id that stopped the self-routine
    feet: tuple[str, ...] = FEET
    avoided_zones: tuple[str, ...] = ()
    avoided_foot: str | None = None
    highlight: dict[str, frozenset[str]] = field(default_factory=dict)  # zone -> feet
    techniques: tuple[str, ...] = ()
    complements: tuple[str, ...] = ()
    dropped_for_time: tuple[str, ...] = ()

    @property
    def has_routine(self) -> bool:
        return self.stopped_by is None

    @property
    def total_minutes(self) -> float:
        return sum(s.minutes for s in self.steps)


def _pick_technique(catalog: Catalog, technique_id: str, pressure: str) -> tuple[Technique, str]:
    """The technique to use at ``pressure`` and the pressure it is done with."""
    tech = catalog.techniques[technique_id]
    seen = {tech.id}
    while PRESSURE_ORDER[pressure] < PRESSURE_ORDER[tech.pressure_min] and tech.gentler and tech.gentler not in seen:
        tech = catalog.techniques[tech.gentler]
        seen.add(tech.id)
    level = min(max(PRESSURE_ORDER[pressure], PRESSURE_ORDER[tech.pressure_min]), PRESSURE_ORDER[tech.pressure_max])
    if PRESSURE_ORDER[pressure] < PRESSURE_ORDER[tech.pressure_min]:
        level = PRESSURE_ORDER[pressure]  # never firmer than the client may have, even without a gentler option
    return tech, next(k for k, v in PRESSURE_ORDER.items() if v == level)


def share_minutes(weights: list[float], total: float, unit: float = UNIT) -> list[float]:
    """Split ``total`` minutes over steps in proportion to ``weights``.

    Each step gets at least one ``unit``; the parts are whole units and add up
    exactly to ``total`` (largest-remainder rounding, ties to the earlier step).
    """
    units = round(total / unit)
    n = len(weights)
    if n == 0:
        return []
    if units < n:
        raise ValueError(f"{total} minutes cannot hold {n} steps of at least {unit} minutes")
    whole = sum(weights)
    ideal = [w / whole * units for w in weights]
    alloc = [max(1, math.floor(x)) for x in ideal]
    while sum(alloc) < units:
        i = max(range(n), key=lambda k: (ideal[k] - alloc[k], -k))
        alloc[i] += 1
    while sum(alloc) > units:
        candidates = [k for k in range(n) if alloc[k] > 1]
        i = min(candidates, key=lambda k: (ideal[k] - alloc[k], -k))
        alloc[i] -= 1
    return [a * unit for a in alloc]


def _zone_on(catalog: Catalog, zone: str | None, foot: str) -> bool:
    return zone is None or catalog.zones[zone].foot in (foot, "both")


def make_plan(catalog: Catalog, client: Client) -> Plan:
    """Build the personal routine for ``client``; pure and deterministic."""
    applied = tuple(
        AppliedCaution(c.id, catalog.cautions[c.id].action, c.side) for c in client.conditions
    )
    goals = [catalog.goals[g] for g in client.goals]
    complements = tuple(dict.fromkeys(c for g in goals for c in g.complements))

    stopper = next((a for a in applied if a.action == "refer"), None) or next(
        (a for a in applied if a.action == "defer"), None
    )
    if stopper is not None:
        return Plan(client, (), client.pressure, applied, stopped_by=stopper.id, feet=(), complements=complements)

    pressure = client.pressure
    avoid: set[str] = set()
    avoided_feet: set[str] = set()
    for a in applied:
        caution = catalog.cautions[a.id]
        avoid.update(caution.avoid_zones)
        cap = caution.pressure_cap or ("gentle" if caution.action == "gentle" else None)
        if cap and PRESSURE_ORDER[cap] < PRESSURE_ORDER[pressure]:
            pressure = cap
        if caution.avoid_foot == "affected" and a.side:
            avoided_feet.add(a.side)
    feet = tuple(f for f in FEET if f not in avoided_feet)
    if not feet:
        stop = next(a.id for a in applied if catalog.cautions[a.id].avoid_foot)
        return Plan(client, (), pressure, applied, stopped_by=stop, feet=(), avoided_foot="both",
                    complements=complements)

    # Merge the goals' steps: each zone once, weights added up, first goal first.
    # Each zone also gets a fair-share rank: its place in its goal's list by weight,
    # so trimming takes every goal's best steps before any goal's second best.
    merged: dict[str, tuple[GoalStep, float, int]] = {}
    share: dict[str, tuple[int, int]] = {}
    avoided_here: list[str] = []
    order = 0
    for goal_index, goal in enumerate(goals):
        by_weight = sorted(range(len(goal.steps)), key=lambda i: (-goal.steps[i].weight, i))
        for rank, i in enumerate(by_weight):
            zone = goal.steps[i].zone or ""
            share[zone] = min(share.get(zone, (rank, goal_index)), (rank, goal_index))
        for step in goal.steps:
            zone = step.zone or ""
            if zone in avoid:
                if zone not in avoided_here:
                    avoided_here.append(zone)
                continue
            if not any(_zone_on(catalog, zone, f) for f in feet):
                continue
            if zone in merged:
                first, weight, pos = merged[zone]
                merged[zone] = (first, weight + step.weight, pos)
            else:
                merged[zone] = (step, step.weight, order)
                order += 1

    frame_open = [s for s in catalog.routine.opening if s.zone not in avoid]
    frame_close = [s for s in catalog.routine.closing if s.zone not in avoid and s.zone not in merged]

    def count(zones: list[str]) -> int:
        return len(frame_open) + len(frame_close) + sum(
            1 for f in feet for z in zones if _zone_on(catalog, z, f)
        )

    # Trim to what the minutes can hold: whole groups at a time, lightest first.
    units: dict[str, list[str]] = {}
    for zone, (step, _, _) in merged.items():
        units.setdefault(step.group or zone, []).append(zone)
    ranked = sorted(units, key=lambda u: (min(share[z] for z in units[u]), merged[units[u][0]][2]))
    max_steps = int(client.minutes / MEAN_STEP)
    kept_units = list(ranked)

    def kept_zones() -> list[str]:
        return [z for u in kept_units for z in units[u]]

    while kept_units and (
        count(kept_zones()) > max_steps
        or max(sum(1 for z in kept_zones() if _zone_on(catalog, z, f)) for f in feet) > MAX_ZONES_PER_FOOT
    ):
        kept_units.pop()
    kept = kept_zones()
    dropped = tuple(z for z in merged if z not in kept)
    kept_in_order = [z for z in merged if z in kept]

    # Lay out the sequence: opening, right foot, left foot, closing.
    lines: list[tuple[str, str | None, str, float]] = []  # foot, zone, technique, weight
    for s in frame_open:
        lines.append(("both" if len(feet) == 2 else feet[0], s.zone, s.technique, s.weight))
    for foot in feet:
        for zone in kept_in_order:
            if _zone_on(catalog, zone, foot):
                step, weight, _ = merged[zone]
                lines.append((foot, zone, step.technique, weight))
    for s in frame_close:
        lines.append(("both" if len(feet) == 2 else feet[0], s.zone, s.technique, s.weight))

    chosen = [_pick_technique(catalog, tech, pressure) for _, _, tech, _ in lines]
    weights = [t.minutes * w for (t, _), (_, _, _, w) in zip(chosen, lines, strict=True)]
    minutes = share_minutes(weights, client.minutes)
    steps = tuple(
        Step(i + 1, foot, zone, tech.id, m, level)
        for i, ((foot, zone, _, _), (tech, level), m) in enumerate(zip(lines, chosen, minutes, strict=True))
    )

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
        avoided_zones=tuple(avoided_here),
        avoided_foot=next(iter(avoided_feet)) if len(avoided_feet) == 1 else None,
        highlight={z: frozenset(f) for z, f in highlight.items()},
        techniques=tuple(dict.fromkeys(s.technique for s in steps)),
        complements=complements,
        dropped_for_time=dropped,
    )
