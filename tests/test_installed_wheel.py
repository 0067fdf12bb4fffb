"""The wheel as a front desk installs it: init once, then a sheet from any folder carries the clinic and its logo."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pypdf
import pytest

from .test_clinic_setup import image_xobjects, png_logo

ROOT = Path(__file__).resolve().parent.parent


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_prints_the_clinic_set_up_by_init(tmp_path: Path):
    wheels = tmp_path / "wheels"
    # the dev extra's setuptools builds it here, as an isolated build env would only fetch the same again
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(wheels), str(ROOT)], check=True, capture_output=True)
    venv = tmp_path / "venv"
    # no pip inside (ensurepip alone takes 4 s): this environment's pip installs into it with --python
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    site = subprocess.run([_bin(venv, "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # the dependencies come from this environment (offline and fast); handouts itself only from the wheel
    (Path(site) / "_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    wheel = next(wheels.glob("handouts-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(_bin(venv, "python")), "install", "-q", "--no-deps",
                    str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "HANDOUTS_CONFIG_DIR": str(tmp_path / "config")}
    env.pop("HANDOUTS_CLINIC", None)
    env.pop("PYTHONPATH", None)
    handouts = str(_bin(venv, "handouts"))
    clinic = tmp_path / "birch"
    subprocess.run([handouts, "init", str(clinic)], check=True, capture_output=True, env=env, cwd=tmp_path)
    png_logo(clinic / "logo.png")
    text = (clinic / "clinic.yaml").read_text(encoding="utf-8")
    text = text.replace("My Reflexology Clinic", "Birch Feet Studio").replace("# logo: logo.png ", "logo: logo.png ")
    (clinic / "clinic.yaml").write_text(text, encoding="utf-8")
    elsewhere = tmp_path / "front-desk"
    elsewhere.mkdir()
    done = subprocess.run([handouts, "sheet", "--name", "Ann Bell", "--goal", "sleep", "-o", "ann.pdf"],
                          capture_output=True, text=True, env=env, cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert "DEMO" not in done.stderr
    located = subprocess.run([_bin(venv, "python"), "-c", "import handouts; print(handouts.__file__)"],
                             capture_output=True, text=True, env=env, cwd=elsewhere).stdout
    assert str(venv) in located  # the installed copy ran, not the checkout
    pdf = (elsewhere / "ann.pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page1 = reader.pages[0].extract_text()
    assert "Birch Feet Studio" in page1 and "Ann Bell" in page1
    assert all("Willow Lane" not in page.extract_text() for page in reader.pages)
    assert image_xobjects(pdf, 0), "the logo is an image XObject on page 1"
