"""The "did you mean" hint: one helper (``errors.did_you_mean``) builds it, and its words stay as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.errors import InputError, did_you_mean
from handouts.intake.client_list import open_csv
from handouts.intake.encodings import check_encoding_name

ROOT = Path(__file__).resolve().parent.parent / "handouts"
# render/story.py writes its own (for markup tags, "did you mean <b>?"): another change owns that file now.
OWN_HINTS_LEFT = {"render/story.py"}


def test_no_module_writes_the_hint_by_hand():
    by_hand = {path.relative_to(ROOT).as_posix() for path in ROOT.rglob("*.py")
               if re.search(r"f[\"']did you mean", path.read_text(encoding="utf-8"))} - {"errors.py"}
    assert by_hand <= OWN_HINTS_LEFT, f"use handouts.errors.did_you_mean in {sorted(by_hand - OWN_HINTS_LEFT)}"


def test_the_helper_can_offer_something_else_than_the_list():
    assert did_you_mean("lettr", ["a4", "letter"]) == "did you mean 'letter'?"
    assert did_you_mean("zz", ["a4", "letter"]) == "valid: a4, letter"
    assert did_you_mean("zz", ["a4", "letter"], otherwise="") == ""
    assert did_you_mean("nme", {"nme": "x", "name": "name"}, fits=lambda g: g == "name", otherwise="no") == "no"


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
