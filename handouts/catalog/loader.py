"""Load the catalog from layered data folders and check it completely.

Each collection file (``zones.yaml`` and so on) is a YAML list of entries with
an ``id``. Layers are read lowest priority first: an entry whose id already
exists is merged field by field (so a clinic can reword one zone's
description), a new id is added. Translations in ``locales/<lang>/`` overlay
text the same way but may not add ids. Every problem is collected, so
``handouts validate`` can report them all in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.catalog.entries import Catalog, Clinic, RoutineFrame
from handouts.errors import CatalogError, HandoutsError, InputError, ManyErrors, did_you_mean, unknown_id
from handouts.files.paths import display_path
from handouts.files.search_path import Workspace, find_logo

if TYPE_CHECKING:  # pydantic and YAML are loaded only when the catalog is not in the store (catalog.stored)
    from pydantic import BaseModel

    from handouts.catalog.source import YamlSource

__all__ = ["COLLECTIONS", "Catalog", "load_catalog", "load_clinic", "validate"]

# collection -> the schema (``catalog.models``) each of its entries is checked against
COLLECTIONS: dict[str, str] = {
    "zones": "Zone",
    "techniques": "Technique",
    "goals": "Goal",
    "complements": "Complement",
    "cautions": "Caution",
    "aftercare": "Aftercare",
    "faq": "Faq",
}


@dataclass
class _Origin:
    """Where an entry, and each of its fields, was last written."""

    source: YamlSource
    path: tuple[Any, ...]
    fields: dict[str, tuple[YamlSource, tuple[Any, ...]]] = field(default_factory=dict)

    def line(self, loc: tuple[Any, ...] = ()) -> tuple[str, int | None]:
        if loc and loc[0] in self.fields:
            src, base = self.fields[loc[0]]
            return src.file, src.line_of((*base, *loc[1:]))
        # the field itself (colours.primary), or its nearest written ancestor
        return self.source.file, self.source.line_of((*self.path, *loc))


class _Collector:
    def __init__(self) -> None:
        self.errors: list[HandoutsError] = []

    def add(self, error: HandoutsError) -> None:
        self.errors.append(error)


def _read(path: Path, errors: _Collector) -> YamlSource | None:
    from handouts.catalog.source import load_yaml

    if not path.is_file():
        return None
    try:
        return load_yaml(path, display_path(path))
    except HandoutsError as exc:
        errors.add(exc)
        return None


def _merge_collection(
    name: str,
    layers: list[tuple[Path, bool]],
    errors: _Collector,
) -> tuple[dict[str, dict[str, Any]], dict[str, _Origin]]:
    """Merge one collection across layers; returns raw dicts and their origins."""
    merged: dict[str, dict[str, Any]] = {}
    origins: dict[str, _Origin] = {}
    for folder, is_locale in layers:
        src = _read(folder / f"{name}.yaml", errors)
        if src is None or src.data is None:
            continue
        if not isinstance(src.data, list):
            errors.add(CatalogError(f"expected a list of {name} entries ('- id: ...')", file=src.file, line=1))
            continue
        seen_here: dict[str, int] = {}  # id -> its entry's index (lines are looked up for errors only)
        for index, item in enumerate(src.data):
            if not isinstance(item, dict):
                errors.add(CatalogError("each entry must be a mapping with an 'id'", file=src.file,
                                        line=src.line_of((index,))))
                continue
            entry_id = item.get("id")
            if not isinstance(entry_id, str) or not entry_id:
                errors.add(CatalogError("required field is missing", file=src.file, line=src.line_of((index,)),
                                        field="id"))
                continue
            if entry_id in seen_here:
                errors.add(
                    CatalogError(
                        f"duplicate id '{entry_id}' (already defined on line {src.line_of((seen_here[entry_id],))})",
                        file=src.file,
                        line=src.line_of((index, "id")),
                        field="id",
                    )
                )
                continue
            seen_here[entry_id] = index
            if entry_id not in merged:
                if is_locale:
                    errors.add(unknown_id(name[:-1] if name.endswith("s") else name, entry_id, merged,
                                          file=src.file, line=src.line_of((index, "id")), field="id"))
                    continue
                merged[entry_id] = {}
                origins[entry_id] = _Origin(src, (index,))
            else:
                origins[entry_id].source, origins[entry_id].path = src, (index,)
            for key, value in item.items():
                merged[entry_id][key] = value
                origins[entry_id].fields[key] = (src, (index, key))
    return merged, origins


def _friendly(err: dict[str, Any], model: type[BaseModel]) -> tuple[str, str | None]:
    """Turn a pydantic error into plain words and an optional hint."""
    kind = err.get("type", "")
    loc = err.get("loc", ())
    if kind == "missing":
        return "required field is missing", None
    if kind == "extra_forbidden":
        return f"unknown field '{loc[-1]}'", did_you_mean(str(loc[-1]), model.model_fields, prefix="valid fields: ")
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", ""))
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip()]
        return f"'{err.get('input')}' is not allowed; expected {expected}", (
            did_you_mean(str(err.get("input")), options, otherwise="") or None
        )
    return message, None


def _field_name(entry_id: str | None, loc: tuple[Any, ...]) -> str:
    parts = [entry_id] if entry_id else []
    for piece in loc:
        if isinstance(piece, int):
            parts[-1:] = [f"{parts[-1]}[{piece}]"] if parts else [f"[{piece}]"]
        else:
            parts.append(str(piece))
    return ".".join(parts)


def _build(schema: str, raw: dict[str, Any], origin: _Origin, entry_id: str | None, errors: _Collector) -> Any:
    """``raw`` checked against the schema named ``schema`` (``catalog.models``), as its plain record
    (``catalog.entries``); None, with every problem reported, when it does not pass."""
    from pydantic import ValidationError

    from handouts.catalog import models

    model = getattr(models, schema)
    try:
        return models.to_record(model.model_validate(raw))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err.get("loc", ()))
            file, line = origin.line(loc)
            message, hint = _friendly(err, model)
            errors.add(CatalogError(message, file=file, line=line, field=_field_name(entry_id, loc), hint=hint))
        return None


def _layers(workspace: Workspace, language: str) -> list[tuple[Path, bool]]:
    layers: list[tuple[Path, bool]] = []
    for folder in workspace.data_dirs:
        layers.append((folder, False))
        if language != "en" and (folder / "locales" / language).is_dir():
            layers.append((folder / "locales" / language, True))
    return layers


def _load_mapping(
    name: str, layers: list[tuple[Path, bool]], errors: _Collector
) -> tuple[dict[str, Any], YamlSource | None]:
    """Merge a single-mapping file (``strings.yaml``, ``routine.yaml``) key by key."""
    merged: dict[str, Any] = {}
    last: YamlSource | None = None
    for folder, _ in layers:
        src = _read(folder / f"{name}.yaml", errors)
        if src is None or src.data is None:
            continue
        if not isinstance(src.data, dict):
            errors.add(CatalogError("expected a mapping of 'key: value' lines", file=src.file, line=1))
            continue
        merged.update(src.data)
        last = src
    return merged, last


def load_clinic(workspace: Workspace, errors: _Collector | None = None) -> Clinic | None:
    """The clinic's own ``clinic.yaml``, or the shipped demo clinic.

    A clinic file replaces the demo entirely: a missing phone number must never
    be filled in with the demo clinic's.
    """
    own = errors is None
    errors = errors or _Collector()
    path = workspace.clinic_file or (workspace.data_dirs[0] / "clinic.yaml")
    src = _read(path, errors)
    clinic = None
    if src is not None:
        if not isinstance(src.data, dict):
            errors.add(CatalogError("expected the clinic's details as 'key: value' lines", file=src.file, line=1))
        else:
            result = _build("Clinic", src.data, _Origin(src, ()), None, errors)
            clinic = result if isinstance(result, Clinic) else None
            if clinic and clinic.logo and workspace.clinic_file:
                try:
                    find_logo(workspace, clinic.logo)  # the brochure's own rule for finding it
                except InputError:
                    errors.add(CatalogError(f"logo file '{clinic.logo}' not found", file=src.file,
                                            line=src.line_of(("logo",)), field="logo"))
    if own and errors.errors:
        raise ManyErrors(errors.errors) if len(errors.errors) > 1 else errors.errors[0]
    return clinic


def _check_refs(cat: dict[str, dict[str, Any]], origins: dict[str, dict[str, _Origin]],
                declared: dict[str, dict[str, Any]], errors: _Collector) -> None:
    """Every id that points somewhere must point at something that exists.

    Ids that are declared but failed validation count as existing here: their
    own error is already reported, and repeating it at every use is noise.
    """
    zones, techniques = declared["zones"], declared["techniques"]

    def check(kind: str, value: str, valid: dict[str, Any], origin: _Origin, loc: tuple[Any, ...], owner: str) -> None:
        if value not in valid:
            file, line = origin.line(loc)
            errors.add(unknown_id(kind, value, valid, file=file, line=line, field=_field_name(owner, loc)))

    for goal_id, goal in cat["goals"].items():
        origin = origins["goals"][goal_id]
        for i, step in enumerate(goal.steps):
            check("zone", step.zone or "", zones, origin, ("steps", i, "zone"), goal_id)
            check("technique", step.technique, techniques, origin, ("steps", i, "technique"), goal_id)
        for i, comp in enumerate(goal.complements):
            check("complement", comp, declared["complements"], origin, ("complements", i), goal_id)
    for caution_id, caution in cat["cautions"].items():
        origin = origins["cautions"][caution_id]
        for i, zone in enumerate(caution.avoid_zones):
            check("zone", zone, zones, origin, ("avoid_zones", i), caution_id)
    for tech_id, tech in cat["techniques"].items():
        if tech.gentler:
            check("technique", tech.gentler, techniques, origins["techniques"][tech_id], ("gentler",), tech_id)


def _load_strings(layers: Any, errors: _Collector) -> dict[str, str]:
    """``strings.yaml`` merged over the layers; every value must be text, every key one the shipped file has.

    A key the shipped file does not have would never be printed (templates only
    ask for shipped keys), so a typo'd override is reported with the nearest key
    instead of passing silently.
    """
    strings: dict[str, str] = {}
    known: set[str] | None = None  # the shipped (first) layer's keys
    for folder, _ in layers:
        src = _read(folder / "strings.yaml", errors)
        if src is None or src.data is None:
            continue
        if not isinstance(src.data, dict):
            errors.add(CatalogError("expected a mapping of 'key: value' lines", file=src.file, line=1))
            continue
        for key, value in src.data.items():
            line = src.line_of((key,))
            if known is not None and str(key) not in known:
                errors.add(CatalogError(f"unknown key '{key}'", file=src.file, line=line, field=str(key),
                                        hint=did_you_mean(str(key), sorted(known))))
            elif not isinstance(value, str):
                errors.add(CatalogError("expected text", file=src.file, line=line, field=str(key)))
            else:
                strings[str(key)] = value
        if known is None:
            known = set(strings)
    return strings


def _load_routine(layers: Any, declared: dict[str, dict[str, Any]], errors: _Collector) -> RoutineFrame:
    """``routine.yaml`` (the routine's opening and closing steps), its zones and techniques checked to exist."""
    from handouts.catalog import models

    routine_raw, routine_src = _load_mapping("routine", layers, errors)
    routine = models.to_record(models.RoutineFrame())  # no routine.yaml anywhere: the defaults
    if routine_src is None:
        return routine
    result = _build("RoutineFrame", routine_raw, _Origin(routine_src, ()), "routine", errors)
    if not isinstance(result, RoutineFrame):
        return routine
    for part in ("opening", "closing"):
        for i, step in enumerate(getattr(result, part)):
            for kind, value, valid in (("zone", step.zone, declared["zones"]),
                                       ("technique", step.technique, declared["techniques"])):
                if value is not None and value not in valid:
                    errors.add(unknown_id(kind, value, valid, file=routine_src.file,
                                          line=routine_src.line_of((part, i, kind)), field=f"{part}[{i}].{kind}"))
    return result


def _load(workspace: Workspace, language: str) -> tuple[Catalog | None, list[HandoutsError]]:
    errors = _Collector()
    layers = _layers(workspace, language)
    built: dict[str, dict[str, Any]] = {}
    declared: dict[str, dict[str, Any]] = {}
    origins: dict[str, dict[str, _Origin]] = {}
    for name, model in COLLECTIONS.items():
        raw, origin = _merge_collection(name, layers, errors)
        origins[name] = origin
        declared[name] = raw
        built[name] = {}
        for entry_id, fields in raw.items():
            result = _build(model, fields, origin[entry_id], entry_id, errors)
            if result is not None:
                built[name][entry_id] = result
    _check_refs(built, origins, declared, errors)

    routine = _load_routine(layers, declared, errors)
    strings = _load_strings(layers, errors)

    clinic = load_clinic(workspace, errors)

    from handouts.catalog.chart_geometry import load_charts  # pure data; no ReportLab

    charts = load_charts(workspace.data_dirs, declared["zones"], errors.add)
    from handouts.catalog.coverage import check_zone_shapes

    check_zone_shapes(built["zones"], charts, lambda z: origins["zones"][z].line(("views",)), errors.add)

    if errors.errors or clinic is None:
        return None, errors.errors
    catalog = Catalog(
        zones=built["zones"],
        techniques=built["techniques"],
        goals=built["goals"],
        complements=built["complements"],
        cautions=built["cautions"],
        aftercare=built["aftercare"],
        faq=built["faq"],
        routine=routine,
        strings=strings,
        clinic=clinic,
        language=language,
        charts=charts,
    )
    return catalog, []


@lru_cache(maxsize=16)
def load_catalog(workspace: Workspace, language: str = "en") -> Catalog:
    """Load and validate the catalog (or take it from the store: ``catalog.stored``); raise every problem at once."""
    from handouts.catalog.stored import stored_or_loaded

    return stored_or_loaded(workspace, language, _checked_load, Catalog)


def _checked_load(workspace: Workspace, language: str) -> Catalog:
    catalog, errors = _load(workspace, language)
    if errors or catalog is None:  # no catalog comes without its errors
        raise ManyErrors(errors) if len(errors) > 1 else errors[0]
    return catalog


def validate(workspace: Workspace, languages: tuple[str, ...] = ("en",)) -> list[HandoutsError]:
    """All problems in the catalog for each language (empty list means valid)."""
    found: list[HandoutsError] = []
    for language in languages:
        _, errors = _load(workspace, language)
        for e in errors:
            if str(e) not in {str(f) for f in found}:
                found.append(e)
    return found
