"""The schemas a content editor's YAML is checked against: what a zone, technique, goal or caution must be.

These are pydantic models so that a content editor's mistake (a missing field,
a number written as text, a typo in a field name) is caught on load with the
exact field, which the loader then maps back to a file and line. An entry that
passes is copied into the plain record of the same name (``catalog.entries``,
``to_record``): the rest of handouts, and the stored catalog, never need pydantic.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from handouts.catalog import entries
from handouts.catalog.entries import PRESSURE_ORDER
from handouts.choices import PageSize, page_size_name

# The words a field may hold. Defined here, with the schemas that check them, and not with the records
# (``entries``), which name them only in their annotations: typing builds each ``Literal`` when its module
# loads, and a front-desk command loads the records but never these schemas.
Foot = Literal["left", "right", "both"]
View = Literal["plantar", "medial", "lateral", "dorsal"]
Pressure = Literal["gentle", "medium", "firm"]
System = Literal["head", "chest", "digestion", "urinary", "reproductive", "spine-joints", "lymph"]
Action = Literal["refer", "defer", "avoid", "gentle"]
DateOrder = Literal["dmy", "mdy", "ymd"]

# What a technique, complement or aftercare item involves, so that a caution can
# rule it out by property instead of by a list of ids that goes stale. Tags are
# required on every such entry (an empty list is a decision too): a new foot
# bath that nobody tagged would otherwise slip past every caution.
Tag = Literal[
    "assumes_routine",  # only makes sense alongside a self-routine ("after your routine")
    "both_feet",  # needs both feet (a route across both, rolling a ball under each foot)
    "deep_pressure",  # presses in deeply (knuckles, hooking small deep points)
    "exercise",  # asks the client to exert themselves (walks, stretches, posture drills)
    "follows_route",  # its how-to walks a goal's whole route (the colon): wrong when a caution breaks the route
    "heat",  # warmth on the feet: foot baths, hot-water bottles
    "heel_ankle",  # works around the heel or the inner/outer ankle
    "kneading",  # squeezes and kneads the tissue
    "strokes_away_from_heart",  # long strokes from the ankle towards the toes
    "twists_joint",  # turns or circles a joint (toes, ankle)
    "weight_bearing",  # standing or walking on the feet
]

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _kebab(value: str) -> str:
    if not KEBAB.match(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens"
        )
    return value


Id = Annotated[str, AfterValidator(_kebab)]
Text = Annotated[str, Field(min_length=1)]


class Entry(BaseModel):
    """Base for catalog records: unknown fields are errors, not silently ignored."""

    # defer_build: a validator is built when data is first checked, not at import (``validate`` and a catalog
    # loaded from YAML need them; a stored catalog holds records and never imports this module).
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class Zone(Entry):
    """A reflex area on the foot and what it corresponds to."""

    id: Id
    name: Text
    foot: Foot
    views: list[View] = Field(min_length=1)
    system: System
    body_parts: list[Text] = Field(min_length=1)
    description: Text
    source: str | None = None


class Technique(Entry):
    """A hand technique with its how-to steps."""

    id: Id
    name: Text
    summary: Text
    steps: list[Text] = Field(min_length=1)
    minutes: float = Field(gt=0, le=30)
    pressure_min: Pressure
    pressure_max: Pressure
    gentler: Id | None = None
    tags: list[Tag]
    max_minutes: float = Field(default=2.0, gt=0, le=10)  # per zone and foot; longer routines repeat a circuit
    alternatives: list[Id] = Field(default_factory=list)  # used in order when a caution rules this one out

    @field_validator("pressure_max")
    @classmethod
    def _range(cls, value: str, info):  # type: ignore[no-untyped-def]
        low = info.data.get("pressure_min")
        if low and PRESSURE_ORDER[value] < PRESSURE_ORDER[low]:
            raise ValueError(f"'{value}' is lighter than pressure_min '{low}'")
        return value


class GoalStep(Entry):
    """One zone worked with one technique; no zone means the whole foot."""

    zone: Id | None = None
    technique: Id
    weight: float = Field(default=1.0, gt=0, le=5)
    group: Id | None = None  # steps sharing a group are kept or dropped together (e.g. the colon route)


class Goal(Entry):
    """What a client comes for, and the zones and techniques that serve it."""

    id: Id
    name: Text
    intro: Text
    steps: list[GoalStep] = Field(min_length=1)
    complements: list[Id] = Field(default_factory=list)
    how_often: Text  # "every evening, in bed or just before": every sheet says how often
    route: Id | None = None  # a step group that is the point of the goal: kept whole or the intro changes
    intro_without_route: Text | None = None  # printed when cautions break the route

    @field_validator("steps")
    @classmethod
    def _zoned(cls, steps: list[GoalStep]) -> list[GoalStep]:
        for i, step in enumerate(steps):
            if step.zone is None:
                raise ValueError(f"step {i + 1} needs a zone")
        return steps

    @model_validator(mode="after")
    def _whole_route(self) -> Goal:
        if self.route is None:
            return self
        groups = {s.group for s in self.steps if s.group}
        if self.route not in groups:
            hint = f"; its steps have the groups {', '.join(sorted(groups))}" if groups else "; no step has a group"
            raise ValueError(f"route '{self.route}' is not the group of any step{hint}")
        if not self.intro_without_route:
            raise ValueError("a goal with a route needs intro_without_route, printed when a caution breaks the route")
        return self


class Complement(Entry):
    """Something to do besides the routine: breathing, stretching, sleep habits."""

    id: Id
    name: Text
    text: Text
    tags: list[Tag]


class RulesOut(Entry):
    """What a caution removes from a sheet besides zones: by id, or by tag."""

    tags: list[Tag] = Field(default_factory=list)
    techniques: list[Id] = Field(default_factory=list)
    complements: list[Id] = Field(default_factory=list)
    aftercare: list[Id] = Field(default_factory=list)


class Caution(Entry):
    """A condition that changes or stops the routine, with what to do."""

    id: Id
    name: Text
    also_known_as: list[Text] = Field(default_factory=list)
    action: Action
    message: Text
    instead: str | None = None
    avoid_zones: list[Id] = Field(default_factory=list)
    avoid_foot: Literal["affected"] | None = None
    pressure_cap: Pressure | None = None
    rules_out: RulesOut = Field(default_factory=RulesOut)  # not built at import: no validator needed then
    # Words that must not appear anywhere else on a sheet carrying this caution
    # (matched at the start of a word: "twist" also catches "twisting").
    never_say: list[Text] = Field(default_factory=list)
    # Replaces the sheet's usual "Stop if anything hurts." where pain is not a reliable warning.
    stop_line: Text | None = None


class Aftercare(Entry):
    """One piece of after-session advice."""

    id: Id
    title: Text
    text: Text  # may hold {contact}: the clinic's phone (or e-mail), so the client knows how
    tags: list[Tag]

    @field_validator("text")
    @classmethod
    def _slots(cls, text: str) -> str:
        for slot in re.findall(r"\{([^{}]*)\}", text):
            if slot != "contact":
                raise ValueError(f"unknown slot '{{{slot}}}'; the only one is {{contact}}, the clinic's phone")
        return text


class Faq(Entry):
    """A question clients ask, answered plainly."""

    id: Id
    question: Text
    answer: Text


class RoutineFrame(Entry):
    """Steps that open and close every routine, whatever the goals."""

    opening: list[GoalStep] = Field(default_factory=list)
    closing: list[GoalStep] = Field(default_factory=list)
    round_max_minutes: float = Field(default=20, ge=5, le=60)
    # Words that name a pressure (e.g. "gently" for gentle): a how-to must not use one of another level
    # than the pressure its step prints in the table (the consistency check reports it).
    pressure_words: dict[Pressure, list[Text]] = Field(default_factory=dict)


def _colour(value: str) -> str:
    """A colour as ``#RRGGBB``; anything else is explained in words a content editor knows, not as a regex."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError(f"'{value}' is not a colour; write it as #RRGGBB, e.g. #2f5d62 (six hex digits "
                         "after #, as a colour picker shows them)")
    return value


def _lower_choice(value: object) -> object:
    """Closed choices are case-insensitive in files as on the command line: ``A4`` is ``a4``."""
    return value.strip().lower() if isinstance(value, str) else value


def _page_size(value: object) -> object:
    """A clinic's paper size is read as the command line reads ``--page-size`` ("US Letter" is letter)."""
    return page_size_name(value) if isinstance(value, str) else value


def _language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", value):
        raise ValueError(f"'{value}' is not a language code; write two lower-case letters such as en or de "
                         "(a region after a hyphen if needed: pt-BR)")
    return value


def _date_format(value: str) -> str:
    """A Babel date pattern (``d MMMM y``, ``EEEE d. MMMM y``) or one of its names (short, medium, long, full)."""
    import datetime as dt

    from babel.dates import format_date

    if not re.search(r"[dMyLE]", value) and value not in ("short", "medium", "long", "full"):
        raise ValueError(f"'{value}' is not a date pattern; write it with d (day), MMMM (month name), MM "
                         "(month number) and y (year), e.g. 'd MMMM y', or use short, medium, long or full")
    try:
        format_date(dt.date(2026, 3, 14), value, locale="en")
    except (ValueError, KeyError, AttributeError) as exc:
        raise ValueError(f"'{value}' is not a date pattern Babel understands ({exc})") from None
    return value


Colour = Annotated[str, AfterValidator(_colour)]


class Colours(Entry):
    """Brand colours as ``#rrggbb``."""

    primary: Colour = "#2f5d62"
    accent: Colour = "#d9822b"


class Clinic(Entry):
    """The clinic whose name, contact and colours go on every page."""

    name: Text
    tagline: str | None = None
    address: list[Text] = Field(default_factory=list)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    booking_url: str | None = None
    logo: str | None = None
    colours: Colours = Field(default_factory=Colours)  # not built at import: no validator needed then
    page_size: Annotated[PageSize, BeforeValidator(_page_size)] = "a4"
    language: Annotated[str, AfterValidator(_language)] = "en"
    # how dates without a four-digit year first are read: 03/04/2026 is 3 April (dmy) or 4 March (mdy)
    date_order: Annotated[DateOrder, BeforeValidator(_lower_choice)] = "dmy"
    date_format: Annotated[str | None, AfterValidator(lambda v: v if v is None else _date_format(v))] = None


def to_record(value: Any) -> Any:
    """A checked model as the plain record of the same name (``catalog.entries``), nested models too.

    Lists and dicts are copied with their items converted; anything else is
    kept as it is. The record refuses a field the schema does not have, or
    lacks, so the two cannot drift apart unnoticed.
    """
    if isinstance(value, BaseModel):
        kind = getattr(entries, type(value).__name__)
        return kind(**{name: to_record(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [to_record(item) for item in value]
    if isinstance(value, dict):
        return {key: to_record(item) for key, item in value.items()}
    return value
