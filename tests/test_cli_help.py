"""A CLI that teaches: every command's help names what goes where, lists choices, and ends with examples."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app

runner = CliRunner()
COMMANDS = ["sheet", "chart", "brochure", "batch", "list", "validate", "init", "clinic", "template copy", "serve",
            "clients list"]


def help_of(command: str) -> str:
    result = runner.invoke(app, [*command.split(), "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_plain_metavars_and_two_examples(command):
    text = help_of(command)
    own = "\n".join(line for line in text.splitlines() if "--help" not in line)  # Typer's own flag
    assert not re.search(r"<(str|list\[str\]|int|float|bool)>", own), text
    examples = [line for line in text.splitlines() if line.strip().startswith("handouts ")]
    assert len(examples) >= 2, text


@pytest.mark.parametrize(("command", "choices"), [
    ("sheet", ["gentle|medium|firm", "a4|letter", "YYYY-MM-DD", "MINUTES", "ID"]),
    ("chart", ["all|highlighted|numbers", "a4|letter|a3", "ZONE"]),
    ("brochure", ["trifold|booklet|flyer", "a4|letter", "MM"]),
])
def test_enumerated_options_show_their_choices(command, choices):
    text = help_of(command)
    for choice in choices:
        assert choice in text, (choice, text)


def test_options_are_grouped_in_panels():
    text = help_of("sheet")
    for panel in ("Client", "Content", "Output", "Clinic and folders"):
        assert f"─ {panel} " in text, panel


def test_completion_is_offered():
    text = help_of("")
    assert "--install-completion" in text and "--show-completion" in text


@pytest.mark.parametrize("value", ["A4", "Letter", " a4 "])
def test_choices_are_case_insensitive(tmp_path: Path, value):
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(app, ["chart", "--views", "plantar", "--page-size", value, "--labels", "NUMBERS",
                                     "-o", "c.pdf"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output


def test_template_copy_puts_the_template_and_the_guide_in_the_clinic(tmp_path: Path):
    clinic = tmp_path / "c"
    assert runner.invoke(app, ["init", str(clinic), "--no-default"]).exit_code == 0
    result = runner.invoke(app, ["template", "copy", "sheet", "--clinic-dir", str(clinic)])
    assert result.exit_code == 0, result.output
    assert (clinic / "templates" / "sheet.xml.j2").read_text(encoding="utf-8").startswith("{#")
    assert "<story>" in (clinic / "templates" / "story-markup.md").read_text(encoding="utf-8")
    again = runner.invoke(app, ["template", "copy", "sheet", "--clinic-dir", str(clinic)])
    assert again.exit_code == 1 and "already exists" in again.stderr
    wrong = runner.invoke(app, ["template", "copy", "shet", "--clinic-dir", str(clinic)])
    assert wrong.exit_code == 2 and "'shet' is not one of" in wrong.output and "sheet" in wrong.output
