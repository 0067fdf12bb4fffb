"""The console script builds only the command it was asked for (``cli.commands.app_for``): what a user
sees, messages and exit codes included, is the same as from the whole app."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from handouts.cli.commands import app, app_for

runner = CliRunner()


@pytest.mark.parametrize("argv", [
    ["sheet", "--help"],
    ["sheet", "--name", "Ana", "--goal", "nope"],
    ["sheet", "--name", "Ana", "--bogus"],
    ["sheet", "--minutes"],
    ["chart", "--labels", "sideways"],
    ["template", "--help"],
    ["clients", "--help"],
    ["list", "goals"],
])
def test_one_command_answers_like_the_whole_app(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDOUTS_CONFIG_DIR", str(tmp_path / "config"))
    one = app_for(argv)
    assert one is not app and len(one.registered_commands) + len(one.registered_groups) == 1
    whole = runner.invoke(app, argv, env={"COLUMNS": "100"})
    alone = runner.invoke(one, argv, env={"COLUMNS": "100"})
    assert (alone.exit_code, alone.stdout, alone.stderr) == (whole.exit_code, whole.stdout, whole.stderr)
    assert whole.stdout or whole.stderr


@pytest.mark.parametrize("argv", [[], ["--help"], ["--version"], ["shet", "--name", "Ana"], ["sheets"]])
def test_anything_but_a_command_name_gets_the_whole_app(argv):
    assert app_for(argv) is app


def test_a_typo_still_gets_a_suggestion():
    result = runner.invoke(app_for(["shet"]), ["shet"])
    assert result.exit_code == 2 and "sheet" in result.stderr
