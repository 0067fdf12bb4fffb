"""What a client's cautions rule out, gathered in one place.

Every part of a sheet (steps, techniques, complements, aftercare, the order
line, the goal intros) asks these restrictions before it is printed, so a
caution cannot be obeyed in one section and contradicted in the next. The
restrictions come from data: each caution says which zones, foot, tags and ids
it removes, and what pressure it allows (see ``data/cautions.yaml``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from handouts.catalog.entries import PRESSURE_ORDER, Aftercare, Complement, Technique
from handouts.catalog.loader import Catalog

# A sheet without a routine has no use for advice that assumes one; a resting
# foot rules out whatever needs both feet. These follow from what the actions
# mean, so the data need not repeat them for every caution.
NO_ROUTINE_TAGS = frozenset({"assumes_routine"})
ONE_FOOT_TAGS = frozenset({"both_feet"})
STOPPING_ACTIONS = ("refer", "defer")  # in order of precedence


@dataclass(frozen=True)
class Applied:
    """A caution that applies to this client, and the foot it concerns."""

    id: str
    action: str
    side: str | None = None


@dataclass(frozen=True)
class Restrictions:
    """Everything the applied cautions remove or cap, merged."""

    stops: tuple[str, ...]  # refer/defer caution ids, refer first
    avoid_zones: frozenset[str]
    resting_feet: frozenset[str]
    tags: frozenset[str]
    techniques: frozenset[str]
    complements: frozenset[str]
    aftercare: frozenset[str]
    pressure_cap: str | None
    never_say: tuple[tuple[str, str], ...]  # (caution id, word)

    @property
    def has_routine(self) -> bool:
        return not self.stops and len(self.resting_feet) < 2

    def allows_technique(self, tech: Technique) -> bool:
        return tech.id not in self.techniques and not self.tags.intersection(tech.tags)

    def allows_complement(self, item: Complement) -> bool:
        return item.id not in self.complements and not self.tags.intersection(item.tags)

    def allows_aftercare(self, item: Aftercare) -> bool:
        return item.id not in self.aftercare and not self.tags.intersection(item.tags)

    def cap(self, pressure: str) -> str:
        """``pressure``, lowered to the cap if there is one."""
        if self.pressure_cap and PRESSURE_ORDER[self.pressure_cap] < PRESSURE_ORDER[pressure]:
            return self.pressure_cap
        return pressure


def restrictions(catalog: Catalog, applied: Iterable[Applied]) -> Restrictions:
    """Merge what every applied caution rules out."""
    applied = tuple(applied)
    avoid: set[str] = set()
    feet: set[str] = set()
    tags: set[str] = set()
    techniques: set[str] = set()
    complements: set[str] = set()
    aftercare: set[str] = set()
    caps: list[str] = []
    words: list[tuple[str, str]] = []
    for a in applied:
        caution = catalog.cautions[a.id]
        avoid.update(caution.avoid_zones)
        if caution.avoid_foot == "affected" and a.side:
            feet.add(a.side)
        cap = caution.pressure_cap or ("gentle" if caution.action == "gentle" else None)
        if cap:
            caps.append(cap)
        rules = caution.rules_out
        tags.update(rules.tags)
        techniques.update(rules.techniques)
        complements.update(rules.complements)
        aftercare.update(rules.aftercare)
        words.extend((a.id, w) for w in caution.never_say)
    stops = tuple(a.id for action in STOPPING_ACTIONS for a in applied if a.action == action)
    if stops or len(feet) == 2:
        tags |= NO_ROUTINE_TAGS
    if feet:
        tags |= ONE_FOOT_TAGS
    return Restrictions(
        stops=stops,
        avoid_zones=frozenset(avoid),
        resting_feet=frozenset(feet),
        tags=frozenset(tags),
        techniques=frozenset(techniques),
        complements=frozenset(complements),
        aftercare=frozenset(aftercare),
        pressure_cap=min(caps, key=PRESSURE_ORDER.__getitem__) if caps else None,
        never_say=tuple(dict.fromkeys(words)),
    )


@functools.lru_cache(maxsize=1024)
def _word_pattern(word: str, whole: bool) -> re.Pattern[str]:
    """The compiled search for ``word`` at a word start (or as a whole word); the checker asks 10^5 times."""
    return re.compile(r"(?<!\w)" + re.escape(word) + (r"(?!\w)" if whole else ""), re.IGNORECASE)


def says(text: str, word: str) -> bool:
    """Whether ``text`` uses ``word`` at the start of a word ("twist" finds "twisting")."""
    return _word_pattern(word, False).search(text) is not None


def names(text: str, word: str) -> bool:
    """Whether ``text`` uses ``word`` as a whole word ("firm" is not in "no firmer than")."""
    return _word_pattern(word, True).search(text) is not None


@functools.lru_cache(maxsize=256)
def _any_pattern(words: tuple[str, ...], whole: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + ")" + (r"(?!\w)" if whole else ""), re.IGNORECASE)


def says_any(text: str, words: tuple[str, ...], whole: bool = False) -> bool:
    """Whether ``text`` uses any of ``words`` (as ``says``, or as ``names`` when ``whole``): one search, not one a word.

    The checker runs it first and asks word by word only when it answers yes,
    which on sound data is almost never: the matrix's 2,408 sheets make about
    10^5 such questions. It answers exactly as ``any(says(text, w) ...)``:
    the longest words are tried first at each place, so "heated" is found
    where "heat" would also match, and the word-end rule is per alternative.
    """
    return bool(words) and _any_pattern(words, whole).search(text) is not None


def choose_technique(catalog: Catalog, technique_id: str, pressure: str,
                     rules: Restrictions) -> tuple[Technique, str] | None:
    """The technique to use and the pressure to do it with, or None to leave the step out.

    The technique itself comes first, then its alternatives in order; each is
    swapped for its ``gentler`` form when the client's pressure is below what
    it needs. The first one the cautions allow wins.
    """
    for candidate in (technique_id, *catalog.techniques[technique_id].alternatives):
        tech = catalog.techniques[candidate]
        seen = {tech.id}
        while PRESSURE_ORDER[pressure] < PRESSURE_ORDER[tech.pressure_min] and tech.gentler \
                and tech.gentler not in seen:
            tech = catalog.techniques[tech.gentler]
            seen.add(tech.id)
        if not rules.allows_technique(tech):
            continue
        level = min(max(PRESSURE_ORDER[pressure], PRESSURE_ORDER[tech.pressure_min]),
                    PRESSURE_ORDER[tech.pressure_max])
        level = min(level, PRESSURE_ORDER[pressure])  # never firmer than the client may have
        return tech, next(k for k, v in PRESSURE_ORDER.items() if v == level)
    return None
