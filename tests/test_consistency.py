"""No sheet contradicts its own cautions: the matrix checker, and a property test over real PDFs.

The checker (``handouts validate``) builds every goal with every caution and
pair of cautions; the property test draws random clients, renders their PDFs
and reads the words back, so a template that prints something the context
checks never saw is caught too.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts.build import sheet_from_plan as render_sheet
from handouts.cli import app
from handouts.compose.consistency import check_catalog, condition_variants
from handouts.intake import Client
from handouts.plan.planner import make_plan
from handouts.plan.rules import restrictions, says

from .conftest import pdf_text, write

runner = CliRunner()


def test_shipped_data_passes_the_whole_matrix_quickly(catalog):
    start = time.perf_counter()
    problems = check_catalog(catalog)
    assert problems == []
    assert time.perf_counter() - start < 10


@pytest.fixture(scope="module")
def four_mistakes(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Lines ``handouts validate`` prints for one clinic holding four mistakes an editor could make.

    Validated once: the whole matrix (2,408 sheets) is most of a run, and
    validate reports every problem at once, so each test below looks for its
    own line. The four touch different entries (a foot bath, a how-to, a
    route's tags, a goal's route), none of which the others' lines depend on.
    """
    folder = tmp_path_factory.mktemp("four-mistakes")
    with pytest.MonkeyPatch.context() as env:  # module-scoped: set up before the per-test config folder
        env.setenv("HANDOUTS_CONFIG_DIR", str(folder / "config"))
        env.delenv("HANDOUTS_CLINIC", raising=False)
        runner.invoke(app, ["init", str(folder / "clinic")])
        data = folder / "clinic" / "data"
        write(data / "complements.yaml", "- id: warm-feet\n  tags: []\n")
        write(data / "techniques.yaml",
              "- id: thumb-walking\n  steps: [Press gently and move the thumb forward a little.]\n"
              "- id: colon-route\n  tags: [both_feet]\n")
        write(data / "goals.yaml", "- id: lower-back\n  route: null\n  intro_without_route: null\n")
        result = runner.invoke(app, ["validate", "--clinic-dir", str(folder / "clinic")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output.splitlines()


def test_validate_reports_an_untagged_foot_bath(four_mistakes):
    lines = four_mistakes
    line = next(x for x in lines if "diabetes" in x and "Warm feet" in x)
    assert "goals sleep" in line and "says 'warm'" in line


def test_validate_reports_a_how_to_that_names_another_pressure(four_mistakes):
    """A how-to saying "press gently" beside a table row that says medium leaves the client guessing."""
    lines = four_mistakes
    line = next(x for x in lines if "Thumb walking" in x)
    assert re.search(r"says 'gently' \(gentle\) where the table gives it (medium|firm) pressure", line), line


def test_validate_reports_an_intro_that_promises_a_route_it_lost(four_mistakes):
    # Without a declared route, the lower-back intro promises the spine "down to the heel" on every sheet.
    lines = four_mistakes
    assert any("lower-back" in x and "pregnancy" in x and "intro" in x and "'heel'" in x for x in lines), lines


def test_a_goal_route_must_name_a_step_group_and_bring_its_other_intro(in_tmp):
    runner.invoke(app, ["init", "clinic"])
    write(in_tmp / "clinic" / "data" / "goals.yaml", "- id: digestion\n  route: colonn\n")
    result = runner.invoke(app, ["validate", "--clinic-dir", str(in_tmp / "clinic")])
    assert result.exit_code == 1
    assert "route 'colonn' is not the group of any step" in result.output
    assert "goals.yaml" in result.output


def test_tags_are_required_not_guessed(in_tmp):
    runner.invoke(app, ["init", "clinic"])
    write(in_tmp / "clinic" / "data" / "complements.yaml",
          "- id: hot-stones\n  name: Hot stones\n  text: Warm stones under the soles.\n")
    result = runner.invoke(app, ["validate", "--clinic-dir", str(in_tmp / "clinic")])
    assert result.exit_code == 1
    assert "hot-stones.tags: required field is missing" in result.output


# --- The property, on rendered PDFs --------------------------------------------------------------

ROUTINE_WORDS = ("Your routine", "After your routine", "How to do each technique", "Mild reactions",
                 "minutes in all", "Step Foot")


def flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def outside_cautions(text: str, catalog, plan) -> str:
    """The sheet's text without the cautions box, whose own words may name what it rules out."""
    t = catalog.strings
    before, _, rest = text.partition(t["cautions"])
    if not rest:
        before, _, rest = text.partition(t["no_routine_title"])
    for marker in (t["your_chart"], t["routine"], t["complements"], t["aftercare"], t["notes"]):
        if marker in rest:
            before += " " + rest[rest.index(marker):]
            break
    for gid in plan.client.goals:  # the client's own goals are named, whatever the cautions
        before = before.replace(catalog.goals[gid].name, "")
    return before


# Rendered sheets per suite run: each run draws new ones, and the matrix in validate covers every goal and
# caution pair without drawing. HANDOUTS_PROPERTY_EXAMPLES=1500 for a long search before a release.
PROPERTY_EXAMPLES = int(os.environ.get("HANDOUTS_PROPERTY_EXAMPLES", "50"))


@st.composite
def clients(draw, catalog):
    goals = draw(st.lists(st.sampled_from(sorted(catalog.goals)), min_size=1, max_size=3, unique=True))
    variants = condition_variants(catalog)
    conditions = draw(st.lists(st.sampled_from(variants), max_size=3, unique=True))
    return Client(name="Property Client", goals=tuple(goals), conditions=tuple(conditions),
                  minutes=draw(st.integers(5, 90)), pressure=draw(st.sampled_from(["gentle", "medium", "firm"])))


@pytest.mark.slow
def test_no_rendered_sheet_contradicts_its_cautions(workspace, catalog):
    @settings(max_examples=PROPERTY_EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(client=clients(catalog))
    def check(client):
        plan = make_plan(catalog, client)
        rules = restrictions(catalog, plan.cautions)
        text = flat(render_sheet(catalog, workspace, plan))
        rest = outside_cautions(text, catalog, plan)
        for zone in rules.avoid_zones:
            name = catalog.zones[zone].name
            # a left-out zone's name inside a longer zone name (none today) is not a mention of it
            longer = [z.name for z in catalog.zones.values() if name in z.name and z.name != name]
            assert name not in re.sub("|".join(map(re.escape, longer)) or "$^", "", rest), zone
        for tech in catalog.techniques.values():
            if not rules.allows_technique(tech):
                assert tech.name not in rest, tech.id
        for comp in catalog.complements.values():
            if not rules.allows_complement(comp):
                assert comp.text[:40] not in text, comp.id
        for cid, word in rules.never_say:
            assert not says(rest, word), (cid, word)
        paragraphs = [c.message for c in (catalog.cautions[a.id] for a in plan.cautions)]
        for p in dict.fromkeys(paragraphs):
            assert text.count(" ".join(p.split())) <= 1, p
        if not plan.has_routine:
            for word in ROUTINE_WORDS:
                assert word not in text, word
            assert not re.search(r"\b\d+½? min\b", text)
        else:
            assert "Your routine" in text

    check()


def test_an_unknown_slot_in_aftercare_is_a_data_error(in_tmp):
    runner.invoke(app, ["init", "clinic"])
    write(in_tmp / "clinic" / "data" / "aftercare.yaml", "- id: contact\n  text: Call us on {phone}.\n")
    result = runner.invoke(app, ["validate", "--clinic-dir", str(in_tmp / "clinic")])
    assert result.exit_code == 1
    assert "aftercare.yaml:2: contact.text: unknown slot '{phone}'" in result.output


def test_validate_reports_a_route_how_to_left_untagged(four_mistakes):
    lines = four_mistakes
    assert any("digestion" in x and "pregnancy" in x and "sigmoid colon" in x for x in lines), lines
