"""A sheet never contradicts its own cautions: the cases a reflexologist found, read from the PDF.

Each test renders a real sheet and reads its text back with pypdf, so what is
asserted is what the client would read, not what the planner intended.
"""

from __future__ import annotations

import re

from handouts.plan.planner import make_plan

from .conftest import client, pdf_text, sheet_pdf


def flat(text: str) -> str:
    """Extracted text on one line: the layout breaks lines wherever it likes."""
    return " ".join(text.split())


def routine_part(text: str) -> str:
    """Everything after the cautions box: the part that must obey it."""
    return flat(text).split("Where to work", 1)[-1]


def table_rows(text: str) -> list[str]:
    """The routine table's rows as 'number foot area technique time pressure' strings."""
    body = flat(text).split("Pressure", 1)[-1].split("How to do each technique", 1)[0]
    return re.findall(r"\b\d{1,2} (?:Both feet|Right foot|Left foot) .+? (?:gentle|medium|firm)\b", body)


def test_pregnancy_sheet_has_no_heel_or_ankle_work(workspace, catalog):
    text = pdf_text(sheet_pdf(workspace, catalog, goals=["sleep"], conditions=["pregnancy"]))
    assert "leave out the reflex points around the heel and ankle" in flat(text)
    rest = routine_part(text)
    assert "Ankle loosening" not in rest
    assert "ankle" not in rest.lower() and "heel" not in rest.lower()
    assert "deep" not in rest.lower()


def test_reduced_feeling_gets_no_heat(workspace, catalog):
    for condition in ("diabetes", "neuropathy"):
        text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["sleep"], conditions=[condition])))
        assert "foot bath" not in text, condition
        assert not re.search(r"\b(warm|hot|heat)", routine_part(text), re.I), condition


def test_digestion_keeps_its_colon_route_and_its_promise(workspace, catalog):
    text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["digestion"], minutes=30)))
    for zone in ("Ascending colon", "Transverse colon", "Descending colon", "Sigmoid colon"):
        assert zone in text, zone
    assert "up the right foot, across both and down the left" in text


def test_lower_back_route_survives_a_crowded_sheet(catalog):
    plan = make_plan(catalog, client(catalog, goals=["sleep", "stress", "lower-back"], minutes=20))
    spine = [s.zone for s in plan.steps if s.zone in ("thoracic-spine", "lumbar-spine", "sacrum-coccyx")]
    # Each route zone on both feet, in the order of the route.
    assert spine == ["thoracic-spine", "lumbar-spine", "sacrum-coccyx"] * 2


def test_refer_sheet_says_everything_once_and_assumes_no_routine(workspace, catalog):
    text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["sleep"], conditions=["dvt"])))
    message = "A clot in a vein can move"
    assert text.count(message) == 1
    for routine_word in ("After your routine", "Mild reactions", "more pleasant", "Your routine", "Step"):
        assert routine_word not in text, routine_word
    phone = catalog.clinic.phone
    assert phone and phone in text


def test_fever_sheet_says_rest_and_when_to_come_back(workspace, catalog):
    text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["circulation"], conditions=["fever"])))
    assert "start the routine" not in text
    assert "walk" not in text.lower()
    assert "rest" in text.lower() and "fluids" in text.lower()
    assert catalog.clinic.phone in text


def test_one_resting_foot_changes_the_order_line(workspace, catalog):
    text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["digestion"], minutes=30,
                                   conditions=["foot-fracture:left"])))
    assert "Start with the right foot, then the left" not in text
    assert "right foot only" in text
    assert "Left foot" not in " ".join(table_rows(text))
    # The colon route cannot be whole on one foot: the intro must not promise it.
    assert "across both and down the left" not in text


def test_same_zone_same_time_on_both_feet_and_no_marathon_steps(workspace, catalog):
    for minutes in (10, 15, 45, 90):
        plan = make_plan(catalog, client(catalog, goals=["sleep"], minutes=minutes, pressure="firm"))
        per_zone: dict[str, set[float]] = {}
        for s in plan.steps:
            if s.zone and s.foot in ("left", "right"):
                per_zone.setdefault(s.zone, set()).add(s.minutes)
        assert all(len(times) == 1 for times in per_zone.values()), (minutes, per_zone)
        assert max(s.minutes for s in plan.steps) <= 3, minutes
    text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["sleep"], minutes=90)))
    assert re.search(r"Go through the steps below (twice|\w+ times), [\d½]+ minutes each time", text)


def test_every_routine_sheet_says_how_often(workspace, catalog):
    text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["sleep"])))
    assert "Every evening" in text
    assert "at most" in text


def test_faq_never_invites_pain(catalog):
    assert all("good hurt" not in f.answer for f in catalog.faq.values())


def test_when_to_call_us_gives_the_phone(workspace, catalog):
    text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["stress"])))
    after = text.split("When to call us", 1)[1]
    assert catalog.clinic.phone in after[:300]


def test_a_route_a_caution_breaks_is_not_described_whole(workspace, catalog):
    # Pregnancy leaves out the sigmoid reflex: the colon route's how-to, which walks it, must not be printed.
    text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=["digestion"], minutes=20, conditions=["pregnancy"])))
    rest = text.split("Where to work", 1)[1]
    assert "Colon route" not in rest
    assert "sigmoid" not in rest.lower()
    assert "Transverse colon" in rest  # the parts that stay are still worked



def test_water_advice_is_given_once(workspace, catalog):
    """The aftercare asks for water after the routine; no goal's "also good for you" list says it again."""
    goal_sets = [[goal] for goal in catalog.goals] + [list(catalog.goals)[:3]]
    for goals in goal_sets:
        text = flat(pdf_text(sheet_pdf(workspace, catalog, goals=goals)))
        items = [item for item in text.split("•") if "water" in item.lower()]
        assert len(items) == 1, (goals, items)


def _phrases(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z']+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_a_goal_says_when_to_do_it_once(catalog):
    """The sleep goal's words said "in bed or just before" and its "how often" line said it again, one line lower."""
    for goal in catalog.goals.values():
        shared = _phrases(goal.intro) & _phrases(goal.how_often)
        assert not shared, (goal.id, shared)
