"""The catalog: shipped content is complete, and mistakes are reported precisely."""

from __future__ import annotations

import pytest

from handouts.catalog.loader import load_catalog, validate
from handouts.errors import HandoutsError, ManyErrors
from handouts.files.search_path import find_workspace

from .conftest import write

REQUIRED_GOALS = {"stress", "sleep", "circulation", "muscle-comfort", "digestion", "lower-back", "head-neck"}
REQUIRED_CAUTIONS = {"dvt", "fever", "pregnancy-first-trimester", "pregnancy", "diabetes", "varicose-veins",
                     "foot-fracture", "open-wound"}


def test_shipped_catalog_has_the_promised_content(catalog):
    assert len(catalog.zones) >= 35
    assert len(catalog.techniques) >= 8
    assert set(catalog.goals) >= REQUIRED_GOALS
    assert set(catalog.cautions) >= REQUIRED_CAUTIONS
    assert len(catalog.cautions) >= 10
    assert len(catalog.faq) >= 5
    assert catalog.aftercare
    assert {"refer", "defer", "avoid", "gentle"} == {c.action for c in catalog.cautions.values()}
    assert catalog.clinic.booking_url and catalog.clinic.phone and catalog.clinic.email


def test_zone_asymmetries_in_the_catalog(catalog):
    for zone in ("liver", "gallbladder", "ileocecal-valve", "ascending-colon"):
        assert catalog.zones[zone].foot == "right", zone
    for zone in ("heart", "spleen", "descending-colon", "sigmoid-colon"):
        assert catalog.zones[zone].foot == "left", zone
    assert catalog.zones["transverse-colon"].foot == "both"


def clinic_with(tmp_path, files: dict[str, str]):
    write(tmp_path / "clinic.yaml", "name: Test Clinic\nphone: '1'\n")
    for name, text in files.items():
        write(tmp_path / "data" / name, text)
    return find_workspace(clinic_dir=tmp_path)


def messages(ws) -> list[str]:
    return [str(e) for e in validate(ws)]


def test_unknown_zone_in_goal_names_file_line_field_and_suggests(tmp_path):
    ws = clinic_with(tmp_path, {"goals.yaml": """\
        - id: feet-first
          name: Feet first
          intro: Something.
          how_often: Daily
          steps:
            - {zone: solar-plexis, technique: rotation}
        """})
    found = messages(ws)
    assert any(
        "goals.yaml:6" in m and "feet-first.steps[0].zone" in m and "did you mean 'solar-plexus'" in m
        for m in found
    ), found


def test_duplicate_id_missing_field_and_wrong_type_are_all_reported(tmp_path):
    ws = clinic_with(tmp_path, {"techniques.yaml": """\
        - id: tap
          name: Tapping
          summary: Light taps.
          steps: [Tap.]
          minutes: lots
          pressure_min: gentle
          pressure_max: medium
        - id: tap
          name: Again
        - id: press
          name: Press
          steps: [Press.]
          minutes: 1
          pressure_min: gentle
          pressure_max: gentle
        """})
    found = messages(ws)
    assert any("techniques.yaml:5" in m and "tap.minutes" in m for m in found), found
    assert any("techniques.yaml:8" in m and "duplicate id 'tap'" in m for m in found), found
    assert any("techniques.yaml:10" in m and "press.summary" in m and "required" in m for m in found), found


def test_unknown_field_suggests_the_right_name(tmp_path):
    ws = clinic_with(tmp_path, {"zones.yaml": "- id: liver\n  descripton: Typo here.\n"})
    found = messages(ws)
    assert any("zones.yaml:2" in m and "unknown field 'descripton'" in m and "'description'" in m
               for m in found), found


def test_literal_choice_error_lists_choices(tmp_path):
    ws = clinic_with(tmp_path, {"zones.yaml": "- id: liver\n  foot: rigth\n"})
    found = messages(ws)
    assert any("zones.yaml:2" in m and "liver.foot" in m and "did you mean 'right'" in m for m in found), found


def test_yaml_syntax_error_has_a_line(tmp_path):
    ws = clinic_with(tmp_path, {"faq.yaml": "- id: x\n  question: [unclosed\n  answer: y\n"})
    found = messages(ws)
    assert any("faq.yaml:" in m and "not valid YAML" in m for m in found), found


def test_bad_caution_reference_and_chart_reference(tmp_path):
    ws = clinic_with(tmp_path, {
        "cautions.yaml": "- id: diabetes\n  avoid_zones: [livr]\n",
        "charts/plantar.yaml": "view: plantar\naspect: 0.4\noutline:\n  - [[0,0],[1,0],[1,1],[0,1]]\nzones:\n"
                               "  - zone: kidny\n    shapes: [{ellipse: [0.5, 0.5, 0.1, 0.1]}]\n",
    })
    found = messages(ws)
    assert any("cautions.yaml:2" in m and "did you mean 'liver'" in m for m in found), found
    assert any("plantar.yaml:6" in m and "did you mean 'kidney'" in m for m in found), found


def test_load_catalog_raises_all_problems_together(tmp_path):
    ws = clinic_with(tmp_path, {"zones.yaml": "- id: liver\n  foot: up\n- id: heart\n  system: blood\n"})
    load_catalog.cache_clear()
    with pytest.raises(ManyErrors) as info:
        load_catalog(ws)
    assert len(info.value.errors) == 2


def test_clinic_override_changes_one_zone_and_inherits_the_rest(tmp_path, catalog):
    ws = clinic_with(tmp_path, {"zones.yaml": "- id: solar-plexus\n  description: Our own words.\n"})
    own = load_catalog(ws)
    assert own.zones["solar-plexus"].description == "Our own words."
    assert own.zones["solar-plexus"].name == catalog.zones["solar-plexus"].name
    assert own.zones["liver"] == catalog.zones["liver"]
    assert own.clinic.name == "Test Clinic"


def test_missing_clinic_folder_is_a_clear_error(tmp_path):
    with pytest.raises(HandoutsError, match="does not exist"):
        find_workspace(clinic_dir=tmp_path / "nope")
