"""How the console script starts: a one-document command runs without Python's cycle collector (it would
only walk what loading the libraries made), while a batch and the web front desk keep it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.slow
@pytest.mark.parametrize(("argv", "collector"), [(["list", "goals"], False), (["batch", "--help"], True),
                                                 (["serve", "--help"], True)])
def test_only_long_running_commands_keep_the_cycle_collector(tmp_path, argv, collector):
    code = ("import gc, sys\nfrom handouts.cli import main\nsys.argv = ['handouts', *sys.argv[1:]]\ntry:\n"
            "    main()\nexcept SystemExit:\n    pass\nsys.stderr.write(f'collector {gc.isenabled()}')\n")
    env = {**os.environ, "HANDOUTS_CACHE_DIR": "off", "HANDOUTS_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.stderr.endswith(f"collector {collector}"), done.stderr


def run_script(tmp_path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m handouts``: the same ``run`` entry point as the installed console script."""
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(tmp_path / "cache"), "HANDOUTS_CONFIG_DIR": str(tmp_path),
           "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run([sys.executable, "-m", "handouts", *argv], env=env, capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)


@pytest.mark.slow
def test_a_quick_exit_leaves_the_sheet_whole_and_the_messages_printed(tmp_path):
    from pypdf import PdfReader

    done = run_script(tmp_path, "sheet", "--name", "Ana Lima", "--goal", "sleep", "-o", "ana.pdf")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wrote ana.pdf"
    assert done.stderr.startswith("warning: no clinic is set up")  # the demo warning, flushed before leaving
    pdf = PdfReader(tmp_path / "ana.pdf")
    assert len(pdf.pages) == 2 and "Ana Lima" in pdf.pages[0].extract_text()
    again = run_script(tmp_path, "sheet", "--name", "Ana Lima", "--goal", "sleep", "-o", "ana2.pdf")
    assert (tmp_path / "ana2.pdf").read_bytes() == (tmp_path / "ana.pdf").read_bytes()  # stores kept whole too
    assert again.returncode == 0


@pytest.mark.slow
def test_a_quick_exit_keeps_the_exit_code_and_the_error(tmp_path):
    done = run_script(tmp_path, "sheet", "--name", "Ana", "--goal", "slep")
    assert done.returncode == 1
    assert "sleep" in done.stderr and "Traceback" not in done.stderr
    usage = run_script(tmp_path, "sheet", "--bogus")
    assert usage.returncode == 2 and "--bogus" in usage.stderr
