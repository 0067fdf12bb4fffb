"""Sharing a client's minutes between the steps of a routine.

The rules a client can follow at home (see DOMAIN.md, "Dosing a self-routine"):
every step gets whole half-minutes, at least one; a zone worked on both feet
gets the same time on each; no step runs past its technique's ``max_minutes``.
When the minutes are more than one pass over the steps can hold at those
maximums, or more than one short circuit should take (``round_max``), the
client goes round the steps again instead (``rounds``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

UNIT = 0.5  # minutes: the smallest time a step is given


@dataclass(frozen=True)
class Share:
    """One group of steps that must get the same time: a zone on one or both feet, or a frame step."""

    weight: float
    count: int  # how many lines of the table share this time (2 for a zone on both feet)
    cap: float  # the most one line may take, in minutes


@dataclass(frozen=True)
class Dose:
    """Minutes per line of each share, and how many times to go round."""

    minutes: tuple[float, ...]
    rounds: int

    def total(self, shares: list[Share]) -> float:
        return self.rounds * sum(m * s.count for m, s in zip(self.minutes, shares, strict=True))


def min_units(shares: list[Share]) -> int:
    """Half-minutes that one pass needs at the least (one unit a line)."""
    return sum(s.count for s in shares)


def dose(shares: list[Share], total: float, round_max: float = 20.0, unit: float = UNIT) -> Dose:
    """Share ``total`` minutes out in proportion to the weights, within the caps.

    Units go one at a time to the share furthest below its proportional ideal
    (ties to the earlier share), so the result is deterministic; a share on
    both feet takes two units at once. The pass may come out half a minute
    short of ``total`` when only two-foot shares could take the last unit;
    callers print the real total, never the requested one.
    """
    if not shares:
        return Dose((), 1)
    units = round(total / unit)
    need = min_units(shares)
    if units < need:
        raise ValueError(f"{total} minutes cannot hold {need} steps of at least {unit} minutes")
    caps = [max(1, math.floor(s.cap / unit + 1e-9)) for s in shares]
    capacity = sum(c * s.count for c, s in zip(caps, shares, strict=True))
    longest = min(capacity, max(need, round(round_max / unit)))
    fewest = max(1, math.ceil(units / longest))
    # Rounds of whole half-minutes rarely divide the time exactly: of a few round
    # counts, take the one that loses least (the fewest rounds on a tie).
    options = [r for r in range(fewest, fewest + 4) if units // r >= need] or [fewest]
    rounds = min(options, key=lambda r: (units - r * min(longest, units // r), r))
    per_round = min(longest, units // rounds)
    if per_round < need:  # cannot happen while capacity >= need, kept as a guard
        rounds, per_round = 1, units
    whole = sum(s.weight * s.count for s in shares)
    ideal = [s.weight / whole * per_round for s in shares]
    alloc = [1] * len(shares)
    left = per_round - need
    while left > 0:
        open_ = [i for i, s in enumerate(shares) if alloc[i] < caps[i] and s.count <= left]
        if not open_:
            break
        i = max(open_, key=lambda k: (ideal[k] - alloc[k], -k))
        alloc[i] += 1
        left -= shares[i].count
    return Dose(tuple(a * unit for a in alloc), rounds)
