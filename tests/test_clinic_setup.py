"""Setting up a clinic once: init records it, every command finds it, the demo clinic never prints silently."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts.cli import app

from .conftest import pdf_text, squash

runner = CliRunner()
DEMO = "Willow Lane"


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), catch_exceptions=False, env=env)


def png_logo(path: Path) -> Path:
    from PIL import Image, ImageDraw

    picture = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(picture).ellipse((5, 5, 95, 95), fill=(200, 40, 90, 255))
    picture.save(path)
    return path


def make_clinic(folder: Path, name: str = "Birch Feet Studio", logo: bool = True) -> Path:
    assert run("init", str(folder), "--no-default").exit_code == 0
    text = (folder / "clinic.yaml").read_text(encoding="utf-8").replace("My Reflexology Clinic", name)
    if logo:
        png_logo(folder / "logo.png")
        text = text.replace("# logo: logo.png ", "logo: logo.png ")
    (folder / "clinic.yaml").write_text(text, encoding="utf-8")
    return folder


def image_xobjects(pdf: bytes, page: int = 0) -> list[str]:
    """Names of the image XObjects drawn on a page (directly or inside a form)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: list[str] = []
    stack = [reader.pages[page].get("/Resources")]
    while stack:
        resources = stack.pop()
        resources = resources.get_object() if resources is not None else None
        if not resources or "/XObject" not in resources:
            continue
        for name, ref in resources["/XObject"].get_object().items():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append(name)
            elif obj.get("/Subtype") == "/Form" and "/Resources" in obj:
                stack.append(obj["/Resources"])
    return found


def test_a_folder_without_clinic_yaml_warns_that_the_demo_clinic_prints(in_tmp):
    (in_tmp / "emptyc").mkdir()
    result = run("sheet", "--clinic-dir", "emptyc", "--name", "H", "--goal", "sleep")
    assert result.exit_code == 0
    assert "DEMO clinic" in result.stderr and "handouts init" in result.stderr
    assert result.stderr.count("DEMO clinic") == 1  # once, not per page or per file


def test_no_clinic_at_all_warns_on_every_branded_command(in_tmp):
    for args in (["sheet", "--name", "H", "--goal", "sleep"], ["chart", "--views", "plantar"]):
        result = run(*args)
        assert result.exit_code == 0 and "DEMO clinic" in result.stderr, args
    assert "DEMO" not in run("list", "goals").stderr  # nothing branded printed


def test_running_inside_a_clinic_data_folder_uses_that_clinic(in_tmp):
    clinic = make_clinic(in_tmp / "birch")
    os.chdir(clinic / "data")
    result = run("sheet", "--name", "H", "--goal", "sleep", "-o", str(in_tmp / "h.pdf"))
    assert result.exit_code == 0 and "DEMO" not in result.stderr
    text = pdf_text((in_tmp / "h.pdf").read_bytes())
    assert squash("Birch Feet Studio") in squash(text) and DEMO not in text


def test_init_records_the_clinic_for_every_folder_and_the_logo_prints(in_tmp):
    make_clinic(in_tmp / "birch")
    assert run("init", str(in_tmp / "birch")).exit_code == 0  # again, now as the default: kept, recorded
    elsewhere = in_tmp / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)
    result = run("sheet", "--name", "Ann", "--goal", "sleep", "-o", "ann.pdf")
    assert result.exit_code == 0 and "DEMO" not in result.stderr
    pdf = (elsewhere / "ann.pdf").read_bytes()
    page1 = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Birch Feet Studio" in page1 and DEMO not in pdf_text(pdf)
    assert image_xobjects(pdf), "the clinic's PNG logo is on page 1"
    chart = run("chart", "--views", "plantar", "-o", "chart.pdf")
    assert chart.exit_code == 0
    assert image_xobjects((elsewhere / "chart.pdf").read_bytes()), "the logo is on the poster too"


def test_environment_overrides_the_config_and_the_flag_overrides_both(in_tmp):
    make_clinic(in_tmp / "birch")
    run("init", str(in_tmp / "birch"))
    make_clinic(in_tmp / "alder", name="Alder Clinic", logo=False)
    make_clinic(in_tmp / "cedar", name="Cedar Clinic", logo=False)
    os.chdir(in_tmp / "alder" / "..")
    env = {"HANDOUTS_CLINIC": str(in_tmp / "alder")}
    shown = run("clinic", env=env)
    assert "Alder Clinic" in shown.stdout and "HANDOUTS_CLINIC" in shown.stdout
    flagged = run("clinic", "--clinic-dir", str(in_tmp / "cedar"), env=env)
    assert "Cedar Clinic" in flagged.stdout and "--clinic-dir" in flagged.stdout
    configured = run("clinic")
    assert "Birch Feet Studio" in configured.stdout and "user config" in configured.stdout
    assert str(in_tmp / "birch" / "data") in configured.stdout  # the data layers are listed


def test_a_missing_environment_clinic_is_one_line(in_tmp):
    result = run("sheet", "--name", "H", "--goal", "sleep", env={"HANDOUTS_CLINIC": str(in_tmp / "nope")})
    assert result.exit_code == 1 and "HANDOUTS_CLINIC" in result.stderr and "Traceback" not in result.output


def test_version_and_short_help():
    from handouts import __version__

    assert run("--version").stdout.strip() == f"handouts {__version__}"
    short = run("sheet", "-h")
    assert short.exit_code == 0 and "--goal" in short.stdout
    assert "--install-completion" in run("--help").stdout


CONFIG_TEXTS = [
    "# comment\nclinic: /srv/clinics/Birch Feet Studio\n",
    "clinic: /home/zoë/Clínica São João_2\n\n# trailing comment\n",
    "clinic: /a  b/c\n",  # two spaces inside: kept by YAML too
    "clinic: '/quoted/path'\n", "clinic: \"/x\"\n", "clinic: /with: colon\n", "clinic: /with #comment\n",
    "clinic: /trailing \n", "clinic: C:\\\\clinics\\\\birch\n", "clinic: ~\n", "clinic:\n", "clinic: /a\nclinic: /b\n",
    "clinic: /a\nother: 1\n", "  clinic: /indented\n", "clinic: /crlf\r\n", "\ufeffclinic: /bom\n",
    "clinic: /tab\there\n", "clinic: relative/path\n", "[clinic, /a]\n", "",
]


@pytest.mark.parametrize("text", CONFIG_TEXTS)
def test_the_config_file_reads_as_yaml_reads_it(tmp_path, monkeypatch, text):
    import yaml

    from handouts.files import user_config

    monkeypatch.setenv("HANDOUTS_CONFIG_DIR", str(tmp_path))
    (tmp_path / user_config.CONFIG_NAME).write_text(text, encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:  # configured_clinic reads a broken file as no clinic
        data = None
    folder = data.get("clinic") if isinstance(data, dict) else None
    assert user_config.configured_clinic() == (Path(folder) if isinstance(folder, str) and folder else None)
    plain = user_config.plain_clinic_line(text)
    assert plain is None or plain == folder  # taken without YAML only where YAML agrees


@given(st.text(alphabet=st.sampled_from("/aZé9 ._-+=,~@_:#'\"\t!&*|>%`{}[]?\\\u2028\x85"), max_size=24))
def test_whatever_is_read_without_yaml_is_what_yaml_reads(value):
    import yaml

    from handouts.files.user_config import plain_clinic_line

    text = f"# handouts\nclinic: {value}\n"
    plain = plain_clinic_line(text)
    if plain is not None:
        assert yaml.safe_load(text) == {"clinic": plain}


def test_the_config_handouts_init_writes_is_read_without_loading_yaml(tmp_path, monkeypatch):
    from .conftest import python_output

    monkeypatch.setenv("HANDOUTS_CONFIG_DIR", str(tmp_path / "config"))
    assert run("init", str(tmp_path / "Clínica_Birch-1")).exit_code == 0  # no space: YAML folds long lines at one
    code = ("import sys\nfrom handouts.files.user_config import configured_clinic\n"
            "print(configured_clinic().name, 'yaml' in sys.modules)")
    assert python_output(code).split() == ["Clínica_Birch-1", "False"]
