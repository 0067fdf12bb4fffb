"""Dates as the clinic writes them: date_order for reading, date_format (Babel) for printing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app

from .conftest import pdf_text, write

runner = CliRunner()


def clinic(tmp_path: Path, extra: str) -> Path:
    write(tmp_path / "c" / "clinic.yaml", f'name: Date Clinic\nphone: "1"\n{extra}\n')
    return tmp_path / "c"


def sheet(tmp_path: Path, folder: Path, date: str):
    out = tmp_path / "s.pdf"
    result = runner.invoke(app, ["sheet", "--clinic-dir", str(folder), "--name", "Ann", "--goal", "sleep",
                                 "--date", date, "-o", str(out), "--force"])
    return result, (pdf_text(out.read_bytes()) if result.exit_code == 0 else "")


def test_a_us_clinic_reads_month_first(tmp_path):
    folder = clinic(tmp_path, "date_order: mdy")
    result, text = sheet(tmp_path, folder, "3/14/2026")
    assert result.exit_code == 0, result.output
    assert "14 March 2026" in text
    result, text = sheet(tmp_path, folder, "03/04/2026")
    assert "4 March 2026" in text and "3 April" not in text


def test_day_first_is_the_default_and_iso_is_always_accepted(tmp_path):
    folder = clinic(tmp_path, "")
    assert "3 April 2026" in sheet(tmp_path, folder, "03/04/2026")[1]
    assert "14 March 2026" in sheet(tmp_path, folder, "2026-03-14")[1]


@pytest.mark.parametrize(("order", "value", "form"), [("dmy", "3/14/2026", "DD/MM/YYYY"),
                                                      ("mdy", "next tuesday", "MM/DD/YYYY")])
def test_a_date_that_does_not_fit_names_the_expected_form(tmp_path, order, value, form):
    result, _ = sheet(tmp_path, clinic(tmp_path, f"date_order: {order}"), value)
    assert result.exit_code == 1
    assert "--date" in result.stderr and form in result.stderr and "YYYY-MM-DD" in result.stderr


def test_printed_dates_follow_date_format_and_language(tmp_path):
    folder = clinic(tmp_path, 'date_order: mdy\ndate_format: "EEEE, MMMM d, y"')
    result, text = sheet(tmp_path, folder, "3/14/2026")
    assert result.exit_code == 0, result.output
    assert "Saturday, March 14, 2026" in text


def test_a_bad_date_format_or_order_is_caught_by_validate(tmp_path):
    folder = clinic(tmp_path, "date_order: dym\ndate_format: nonsense")
    result = runner.invoke(app, ["validate", "--clinic-dir", str(folder)])
    assert result.exit_code == 1
    assert "clinic.yaml:3: date_order" in result.stderr and "clinic.yaml:4: date_format" in result.stderr
