"""Validation that catches a content editor's mistakes, at the right line and in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app

from .conftest import write

runner = CliRunner()

CLINIC = """\
name: Test Clinic
phone: "1"
colours:
  accent: "#d9822b"
  primary: teal
page_size: A4
language: en
"""


def validate(clinic: Path):
    return runner.invoke(app, ["validate", "--clinic-dir", str(clinic)])


def clinic_folder(tmp_path: Path, clinic_yaml: str = CLINIC.replace("teal", '"#2f5d62"')) -> Path:
    write(tmp_path / "c" / "clinic.yaml", clinic_yaml)
    (tmp_path / "c" / "data").mkdir()
    return tmp_path / "c"


def test_a_bad_colour_is_named_at_its_line_in_plain_words(tmp_path):
    result = validate(clinic_folder(tmp_path, CLINIC))
    assert result.exit_code == 1
    assert ("clinic.yaml:5: colours.primary: 'teal' is not a colour; write it as #RRGGBB" in result.stderr), \
        result.stderr
    assert "[0-9a-fA-F]" not in result.stderr and "pattern" not in result.stderr


def test_page_size_in_capitals_is_accepted_in_clinic_yaml(tmp_path):
    folder = clinic_folder(tmp_path)
    assert "page_size: A4" in (folder / "clinic.yaml").read_text()
    result = validate(folder)
    assert result.exit_code == 0, result.output


def test_an_unknown_key_in_clinic_yaml_names_the_nearest(tmp_path):
    folder = clinic_folder(tmp_path, CLINIC.replace("teal", '"#2f5d62"').replace("phone:", "phnoe:"))
    result = validate(folder)
    assert result.exit_code == 1 and "clinic.yaml:2" in result.stderr and "'phone'" in result.stderr


def test_a_typo_key_in_strings_yaml_is_reported_with_the_nearest_key(tmp_path):
    folder = clinic_folder(tmp_path)
    write(folder / "data" / "strings.yaml", "not_medical: Not medical advice.\nsheet_titel: My routine\n")
    result = validate(folder)
    assert result.exit_code == 1
    assert "strings.yaml:2: sheet_titel: unknown key 'sheet_titel' (did you mean 'sheet_title'?)" in result.stderr


def test_a_zone_without_a_chart_shape_is_reported(tmp_path):
    folder = clinic_folder(tmp_path)
    write(folder / "data" / "zones.yaml", """\
        - id: sciatic-line
          name: Sciatic line
          foot: both
          views: [plantar]
          system: spine-joints
          body_parts: [sciatic nerve]
          description: A band across the heel.
    """)
    result = validate(folder)
    assert result.exit_code == 1, result.output
    assert "zone 'sciatic-line' has no shape in charts/plantar.yaml" in result.stderr
    assert "zones.yaml:4" in result.stderr


TEMPLATE = """\
{# a clinic's sheet, cut down #}
<story>
<h1>{{ t.sheet_title }}</h1>
<p>{{ client.name }}</p>
<callout kind="info" title="First">
  <p>All fine here.</p>
</callout>
<p>{{ t.date }}</p>
<callout kind="cuation" title="Second">
  <p>The mistake is on the line above.</p>
</callout>
</story>
"""


def test_a_template_error_is_reported_at_the_line_of_the_mistake(tmp_path):
    folder = clinic_folder(tmp_path)
    write(folder / "templates" / "sheet.xml.j2", TEMPLATE)
    result = runner.invoke(app, ["sheet", "--clinic-dir", str(folder), "--name", "Ann", "--goal", "sleep",
                                 "-o", str(tmp_path / "a.pdf")])
    assert result.exit_code == 1
    assert "sheet.xml.j2:9:" in result.stderr and "cuation" in result.stderr, result.stderr


@pytest.mark.parametrize("field", ["zones", "goals"])
def test_unknown_fields_in_data_files_name_the_nearest(tmp_path, field):
    folder = clinic_folder(tmp_path)
    entry = {"zones": "- id: liver\n  nmae: Liver\n", "goals": "- id: sleep\n  nmae: Sleep\n"}[field]
    write(folder / "data" / f"{field}.yaml", entry)
    result = validate(folder)
    assert result.exit_code == 1 and f"{field}.yaml:2" in result.stderr and "'name'" in result.stderr
