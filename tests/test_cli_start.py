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
