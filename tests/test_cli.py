"""The command line as a therapist or content editor uses it."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.files.writing import slugify

from .conftest import pdf_text, squash, write

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_demo_sheet_lands_in_output(in_tmp):
    result = run("sheet", "--name", "Ana Lima", "--goal", "sleep", "--goal", "stress")
    assert result.exit_code == 0, result.output
    target = in_tmp / "output" / "ana-lima.pdf"
    assert target.is_file()
    assert "Ana Lima" in pdf_text(target.read_bytes())
    assert not list((in_tmp / "output").glob("*.part"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--goal", "slep"], "--goal: unknown goal 'slep' (did you mean 'sleep'?)"),
        (["--goal", "sleep", "--condition", "diabetis"], "did you mean 'diabetes'?"),
        (["--goal", "sleep", "--condition", "foot-fracture"], "write foot-fracture:left or foot-fracture:right"),
        (["--goal", "sleep", "--date", "14/31/2026"], "--date: '14/31/2026' is not a date"),
        (["--goal", "sleep", "--minutes", "ten"], "--minutes: 'ten' is not a number"),
        (["--goal", "sleep", "--minutes", "500"], "use a whole number from 5 to 90"),
        (["--goal", "sleep", "--pressure", "hard"], "valid: gentle, medium, firm"),
        (["--goal", "sleep", "--page-size", "a5"], "valid: a4, letter"),
        (["--goal", "sleep", "--notes", "smile \U0001F600"], "notes: character"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_1(in_tmp, args, expected):
    result = run("sheet", "--name", "Bo", *args)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not (in_tmp / "output").exists()


def test_client_file_errors_name_the_line(in_tmp):
    write(in_tmp / "client.yaml", "name: Bo Berg\ngoals: [sleep]\nminutes: 12\npressure: soft\n")
    result = run("sheet", "client.yaml")
    assert result.exit_code == 1
    assert "client.yaml:4: pressure: unknown pressure 'soft'" in result.output


def test_client_file_with_flag_override(in_tmp):
    write(in_tmp / "client.yaml", "name: Bo Berg\ngoals: [digestion]\nminutes: 12\n")
    result = run("sheet", "client.yaml", "--minutes", "20", "-o", "bo.pdf")
    assert result.exit_code == 0, result.output
    assert squash("20 minutes in all") in squash(pdf_text((in_tmp / "bo.pdf").read_bytes()))


def test_letter_and_large_print_from_flags(in_tmp):
    result = run("sheet", "--name", "Cy", "--goal", "head-neck", "--page-size", "letter", "--large-print",
                 "-o", "cy.pdf")
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(io.BytesIO((in_tmp / "cy.pdf").read_bytes())).pages[0]
    assert round(float(page.mediabox.width)) == 612


def test_refer_exits_zero_with_an_explaining_sheet(in_tmp):
    result = run("sheet", "--name", "Di", "--goal", "sleep", "--condition", "dvt")
    assert result.exit_code == 0
    assert squash("speak to your doctor") in squash(pdf_text((in_tmp / "output" / "di.pdf").read_bytes()))


def test_clinic_folder_overrides_zone_template_and_branding(in_tmp):
    result = run("init", "myclinic")
    assert result.exit_code == 0, result.output
    clinic = in_tmp / "myclinic"
    assert (clinic / "clinic.yaml").is_file() and (clinic / "data").is_dir() and (clinic / "templates").is_dir()
    text = (clinic / "clinic.yaml").read_text().replace("My Reflexology Clinic", "Birch Feet Studio")
    (clinic / "clinic.yaml").write_text(text)
    write(clinic / "data" / "zones.yaml", "- id: solar-plexus\n  name: Sun centre\n")
    shipped = (Path(__file__).parents[1] / "templates" / "sheet.xml.j2").read_text()
    write(clinic / "templates" / "sheet.xml.j2",
          shipped.replace("<h1>{{ t.sheet_title }}</h1>", "<h1>Birch routine card</h1>"))
    result = run("sheet", "--clinic-dir", str(clinic), "--name", "Ed", "--goal", "stress", "-o", "ed.pdf")
    assert result.exit_code == 0, result.output
    text = squash(pdf_text((in_tmp / "ed.pdf").read_bytes()))
    assert squash("Birch Feet Studio") in text
    assert squash("Birch routine card") in text
    assert squash("Sun centre") in text
    assert squash("Diaphragm") in text  # inherited from the shipped zones
    again = run("init", "myclinic")  # an existing clinic.yaml is kept, never overwritten
    assert again.exit_code == 0 and "already exists" in again.output
    assert "Birch Feet Studio" in (clinic / "clinic.yaml").read_text()


def test_commands_inside_a_clinic_folder_use_it(in_tmp):
    run("init", "c2")
    os.chdir(in_tmp / "c2")
    result = run("sheet", "--name", "Fa", "--goal", "sleep")
    assert result.exit_code == 0, result.output
    assert squash("My Reflexology Clinic") in squash(pdf_text((in_tmp / "c2" / "output" / "fa.pdf").read_bytes()))


def test_template_mistake_names_template_and_line(in_tmp):
    run("init", "c3")
    shipped = (Path(__file__).parents[1] / "templates" / "sheet.xml.j2").read_text()
    broken = shipped.replace("<h2>{{ t.aftercare }}</h2>", "<heading>{{ t.aftercare }}</heading>")
    write(in_tmp / "c3" / "templates" / "sheet.xml.j2", broken)
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "<heading>" in x)) + 1
    result = run("validate", "--clinic-dir", str(in_tmp / "c3"))
    assert result.exit_code == 1
    assert f"sheet.xml.j2:{line}: unknown element <heading>" in result.output


def test_brochure_template_mistake_is_found_by_validate(in_tmp):
    # validate draws the brochure's panels (not the imposed press sheets): a template mistake still shows
    run("init", "c5")
    shipped = (Path(__file__).parents[1] / "templates" / "brochure.xml.j2").read_text()
    first = next(x for x in shipped.splitlines() if "<h2>" in x)
    broken = shipped.replace(first, first.replace("<h2>", "<heading>").replace("</h2>", "</heading>"), 1)
    write(in_tmp / "c5" / "templates" / "brochure.xml.j2", broken)
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "<heading>" in x)) + 1
    result = run("validate", "--clinic-dir", str(in_tmp / "c5"))
    assert result.exit_code == 1
    assert f"brochure.xml.j2:{line}: unknown element <heading>" in result.output


def test_validate_reports_all_problems(in_tmp):
    run("init", "c4")
    write(in_tmp / "c4" / "data" / "goals.yaml", "- id: sleep\n  steps:\n    - {zone: livr, technique: rotation}\n"
          "- id: stress\n  complements: [breething]\n")
    result = run("validate", "--clinic-dir", str(in_tmp / "c4"))
    assert result.exit_code == 1
    assert "goals.yaml:3" in result.output and "did you mean 'liver'?" in result.output
    assert "goals.yaml:5" in result.output and "did you mean 'breathing'?" in result.output
    assert "2 problems found" in result.output


def test_validate_ok_and_list(in_tmp):
    assert run("validate").exit_code == 0
    for what in ("zones", "techniques", "goals", "cautions"):
        result = run("list", what)
        assert result.exit_code == 0
    assert "solar-plexus" in run("list", "zones").output
    assert "foot-fracture" in run("list", "cautions").output


def test_help_teaches():
    result = run("sheet", "--help")
    assert result.exit_code == 0
    assert "--goal" in result.output and "handouts list goals" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ana Lima", "ana-lima"),
        ("O'Brien & <b>Sons</b>", "o-brien-b-sons-b"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con-client"),
        ("José Ñúñez", "jose-nunez"),
        ("Анна Смирнова", "анна-смирнова"),
        ("***", "client"),
    ],
)
def test_slugs_are_safe(name, slug):
    assert slugify(name) == slug


def test_path_like_name_stays_in_output(in_tmp):
    result = run("sheet", "--name", "../../escape", "--goal", "sleep")
    assert result.exit_code == 0
    assert (in_tmp / "output" / "escape.pdf").is_file()
    assert not (in_tmp.parent / "escape.pdf").exists()
