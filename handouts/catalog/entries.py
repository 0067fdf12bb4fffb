"""What the rest of handouts reads from a catalog: plain frozen records, with no pydantic behind them.

The pydantic schemas in ``catalog.models`` check what a content editor wrote;
an entry that passed is copied into the record of the same name here
(``models.to_record``), and the planner, templates and charts only ever see
these records. A catalog taken from the store (``catalog.stored``) is
unpickled into these classes alone, so a front-desk command never imports
pydantic or builds its model classes (about a sixth of a cold sheet, measured).

The field names and their order are the schemas'; ``tests/test_catalog.py``
checks the two agree, and ``Record.__init__`` refuses a missing or extra field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from handouts.choices import PageSize

if TYPE_CHECKING:  # the words a field may hold are the schemas' types (pydantic checks them; records never do)
    from typing import Literal

    from handouts.catalog.models import Action, DateOrder, Foot, Pressure, System, Tag, View

PRESSURE_ORDER: dict[str, int] = {"gentle": 0, "medium": 1, "firm": 2}


class Record:
    """A checked catalog entry: its fields are the class's annotations, in order; it cannot be changed.

    Two records are equal when they are of the same kind with equal fields. A
    record pickles as its class and its field dictionary (nothing else), so a
    stored catalog's bytes depend only on what the entries say.
    """

    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.FIELDS = tuple(cls.__annotations__)  # its own only (Python 3.10 and later)

    def __init__(self, **values: Any) -> None:
        if len(values) != len(self.FIELDS) or not all(name in values for name in self.FIELDS):
            wrong = sorted(set(values) ^ set(self.FIELDS))
            raise TypeError(f"{type(self).__name__} takes exactly the fields {self.FIELDS}; not {wrong}")
        self.__dict__.update((name, values[name]) for name in self.FIELDS)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is a catalog entry and cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is a catalog entry and cannot be changed")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


class Zone(Record):
    """A reflex area on the foot and what it corresponds to."""

    id: str
    name: str
    foot: Foot
    views: list[View]
    system: System
    body_parts: list[str]
    description: str
    source: str | None


class Technique(Record):
    """A hand technique with its how-to steps."""

    id: str
    name: str
    summary: str
    steps: list[str]
    minutes: float
    pressure_min: Pressure
    pressure_max: Pressure
    gentler: str | None
    tags: list[Tag]
    max_minutes: float  # per zone and foot; longer routines repeat a circuit
    alternatives: list[str]  # used in order when a caution rules this one out


class GoalStep(Record):
    """One zone worked with one technique (every goal step names its zone; routine steps may not)."""

    zone: str | None
    technique: str
    weight: float
    group: str | None  # steps sharing a group are kept or dropped together (e.g. the colon route)


class Goal(Record):
    """What a client comes for, and the zones and techniques that serve it."""

    id: str
    name: str
    intro: str
    steps: list[GoalStep]
    complements: list[str]
    how_often: str
    route: str | None  # a step group that is the point of the goal: kept whole or the intro changes
    intro_without_route: str | None  # printed when cautions break the route


class Complement(Record):
    """Something to do besides the routine: breathing, stretching, sleep habits."""

    id: str
    name: str
    text: str
    tags: list[Tag]


class RulesOut(Record):
    """What a caution removes from a sheet besides zones: by id, or by tag."""

    tags: list[Tag]
    techniques: list[str]
    complements: list[str]
    aftercare: list[str]


class Caution(Record):
    """A condition that changes or stops the routine, with what to do."""

    id: str
    name: str
    also_known_as: list[str]
    action: Action
    message: str
    instead: str | None
    avoid_zones: list[str]
    avoid_foot: Literal["affected"] | None
    pressure_cap: Pressure | None
    rules_out: RulesOut
    never_say: list[str]  # words no other part of a sheet carrying this caution may use
    stop_line: str | None  # replaces "Stop if anything hurts." where pain is not a reliable warning


class Aftercare(Record):
    """One piece of after-session advice."""

    id: str
    title: str
    text: str  # may hold {contact}: the clinic's phone (or e-mail)
    tags: list[Tag]


class Faq(Record):
    """A question clients ask, answered plainly."""

    id: str
    question: str
    answer: str


class RoutineFrame(Record):
    """Steps that open and close every routine, whatever the goals."""

    opening: list[GoalStep]
    closing: list[GoalStep]
    round_max_minutes: float
    pressure_words: dict[Pressure, list[str]]  # words that name a pressure, e.g. "gently" for gentle


class Colours(Record):
    """Brand colours as ``#rrggbb``."""

    primary: str
    accent: str


class Clinic(Record):
    """The clinic whose name, contact and colours go on every page."""

    name: str
    tagline: str | None
    address: list[str]
    phone: str | None
    email: str | None
    website: str | None
    booking_url: str | None
    logo: str | None
    colours: Colours
    page_size: PageSize
    language: str
    date_order: DateOrder  # how 03/04/2026 is read: 3 April (dmy) or 4 March (mdy)
    date_format: str | None


@dataclass(frozen=True)
class Catalog:
    """Everything the planner and templates need, validated and cross-checked."""

    zones: dict[str, Zone]
    techniques: dict[str, Technique]
    goals: dict[str, Goal]
    complements: dict[str, Complement]
    cautions: dict[str, Caution]
    aftercare: dict[str, Aftercare]
    faq: dict[str, Faq]
    routine: RoutineFrame
    strings: dict[str, str]
    clinic: Clinic
    language: str
    charts: Any = None  # handouts.catalog.chart_geometry.ChartSet, typed loosely to keep imports light
    sources: dict[str, str] = field(default_factory=dict)
