"""The "did you mean" hint: one helper (``errors.did_you_mean``) builds it, and its words stay as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.errors import InputError, TemplateError, did_you_mean
from handouts.intake.client_list import open_csv
from handouts.intake.encodings import check_encoding_name

ROOT = Path(__file__).resolve().parent.parent / "handouts"


def test_no_module_writes_the_hint_by_hand():
    by_hand = {path.relative_to(ROOT).as_posix() for path in ROOT.rglob("*.py")
               if re.search(r"f[\"']did you mean", path.read_text(encoding="utf-8"))} - {"errors.py"}
    assert not by_hand, f"use handouts.errors.did_you_mean in {sorted(by_hand)}"


def test_the_helper_can_offer_something_else_than_the_list():
    assert did_you_mean("lettr", ["a4", "letter"]) == "did you mean 'letter'?"
    assert did_you_mean("zz", ["a4", "letter"]) == "valid: a4, letter"
    assert did_you_mean("zz", ["a4", "letter"], otherwise="") == ""
    assert did_you_mean("nme", {"nme": "x", "name": "name"}, fits=lambda g: g == "name", otherwise="no") == "no"
    assert did_you_mean("bb", ["b", "i"], shown=lambda g: f"<{g}>") == "did you mean <b>?"


def test_an_unknown_encoding_names_the_nearest_or_examples():
    with pytest.raises(InputError) as near:
        check_encoding_name("utf-88")
    assert near.value.hint == "did you mean 'utf-8'?"
    with pytest.raises(InputError) as far:
        check_encoding_name("klingon")
    assert far.value.hint == "e.g. utf-8, cp1250, cp1252, mac_roman"


@pytest.mark.parametrize(("header", "hint"), [
    ("nmae,goals", "did you mean 'name'?"),
    ("goals,minutes", "columns: "),
])
def test_a_list_without_a_name_column_says_which_column_was_meant(tmp_path: Path, header: str, hint: str):
    listing = tmp_path / "clients.csv"
    listing.write_text(f"{header}\nAna,sleep\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        open_csv(listing)
    assert error.value.hint is not None and error.value.hint.startswith(hint)


@pytest.mark.parametrize(("markup", "hint"), [
    ("<story><pp>x</pp></story>", "did you mean <p>?"),
    ("<story><zzz>x</zzz></story>", "see docs/story-markup.md"),
    ("<story><p>a <bb>b</bb></p></story>", "did you mean <b>?"),
    ("<story><p>a <q>b</q></p></story>", "inline tags: b, i, u, br, link"),
    ("<story><p colour='x'>c</p></story>", "allowed: style"),
])
def test_a_template_mistake_in_the_story_markup_gets_the_same_hint(markup: str, hint: str):
    from handouts.render.markup import parse_markup
    from handouts.render.story import StoryBuilder
    from handouts.render.theme import make_theme

    with pytest.raises(TemplateError) as mistake:
        StoryBuilder(make_theme("#2f5d62", "#d9822b", "a4")).build(parse_markup(markup), 150)
    assert mistake.value.hint == hint
