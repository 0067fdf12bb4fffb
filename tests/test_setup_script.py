"""The README's set-up works without make: tools/dev.py picks the right venv folder, CI runs the README's test."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dev_module():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "tools" / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Set up and run", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_venv_programs_live_in_scripts_on_windows_and_bin_elsewhere():
    dev = dev_module()
    assert dev.venv_bin("python", windows=True).relative_to(ROOT).parts == (".venv", "Scripts", "python.exe")
    assert dev.venv_bin("handouts", windows=False).relative_to(ROOT).parts == (".venv", "bin", "handouts")


def test_readme_setup_is_two_python_commands_and_ci_runs_the_test_one():
    assert readme_commands() == ["python tools/dev.py setup", "python tools/dev.py test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "python tools/dev.py test" in ci
    assert not any(re.match(r"\s*make\b", line) for line in ci)


def test_dev_script_without_a_command_prints_usage_and_exits_2():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "dev.py")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "usage: python tools/dev.py {setup|test|lint|bench}" in done.stderr


def test_licence_is_an_spdx_string_not_the_deprecated_table():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str)
    assert any(dep.startswith("openpyxl") and "<" in dep for dep in project["dependencies"])


def test_the_test_command_lets_its_processes_keep_compiled_modules():
    # An image that sets PYTHONDONTWRITEBYTECODE would make every process of the suite compile from source.
    dev = dev_module()
    kept = dev.with_bytecode({"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin", "HANDOUTS_CLINIC": "x"})
    assert kept == {"PATH": "/usr/bin", "HANDOUTS_CLINIC": "x"}


def test_the_test_command_puts_scratch_files_in_memory_when_there_is_room(tmp_path):
    dev = dev_module()
    roomy = dev.with_scratch_in_memory({"PATH": "/usr/bin"}, shm=tmp_path, needed=1)
    assert roomy == {"PATH": "/usr/bin", "TMPDIR": str(tmp_path)}
    assert dev.with_scratch_in_memory({"TMPDIR": "/mine"}, shm=tmp_path, needed=1) == {"TMPDIR": "/mine"}
    assert "TMPDIR" not in dev.with_scratch_in_memory({}, shm=tmp_path, needed=1 << 60)  # too small
    assert "TMPDIR" not in dev.with_scratch_in_memory({}, shm=tmp_path / "missing", needed=1)
