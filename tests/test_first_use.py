"""Modules standing in until first used (``handouts.first_use``): ReportLab and Jinja load without
``tempfile`` and ``json``, a one-document command without OpenSSL's ``hashlib``, and every use of them still
gets the real thing (or, for ``hashlib``, the same digests)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from .conftest import python_output


def run(code: str) -> list[str]:
    return python_output(code).split()


@pytest.mark.slow
def test_reportlab_and_jinja_load_without_tempfile_which_still_works_through_them(tmp_path):
    """``tempfile`` (and ``json``) stand in while ReportLab and Jinja load (``first_use``); their uses still work."""
    code = f"""
import sys
import handouts.render.sheet, handouts.compose.documents
loaded = 'tempfile' in sys.modules or 'json' in sys.modules
from reportlab.lib.rltempfile import get_rl_tempdir
import jinja2
tojson = jinja2.Environment().from_string("{{{{ x | tojson }}}}").render(x={{"a": "<b>"}})
cache = jinja2.FileSystemBytecodeCache({str(tmp_path)!r})
env = jinja2.Environment(loader=jinja2.DictLoader({{"t": "{{{{ 1 + 2 }}}}"}}), bytecode_cache=cache)
import tempfile, os
print(loaded, os.path.isdir(get_rl_tempdir()), env.get_template("t").render(), len(os.listdir({str(tmp_path)!r})),
      sys.modules['tempfile'] is tempfile, tempfile.gettempdir() == get_rl_tempdir().rsplit(os.sep, 1)[0], tojson)
"""
    assert run(code) == ["False", "True", "3", "1", "True", "True", '{"a":', '"\\u003cb\\u003e"}']


@pytest.mark.slow
def test_the_built_in_hashes_give_hashlibs_digests_and_anything_else_loads_hashlib():
    data = os.urandom(5000)
    code = f"""
from handouts import first_use
first_use.BUILT_IN_HASHES["sha1"] = ("_no_such_module",)  # a Python without it: the real hashlib's
first_use.built_in_hashlib()
import sys, hashlib
from hashlib import md5
data = {data!r}
print(md5(data, usedforsecurity=False).hexdigest(), hashlib.sha256(data).hexdigest(),
      hashlib.blake2b(data, digest_size=16).hexdigest(), '_hashlib' in sys.modules)
print(hashlib.sha1(data).hexdigest(), '_hashlib' in sys.modules, type(sys.modules['hashlib']).__name__)
print(hashlib.new('sha512', data).hexdigest())
"""
    expected = [hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest(),
                hashlib.blake2b(data, digest_size=16).hexdigest(), "False",
                hashlib.sha1(data).hexdigest(), "True", "module", hashlib.sha512(data).hexdigest()]
    assert run(code) == expected


@pytest.mark.slow
def test_a_sheet_is_made_without_openssls_hashlib(tmp_path):
    code = ("import sys\nfrom handouts.cli import main\nsys.argv = ['handouts', *sys.argv[1:]]\ntry:\n"
            "    main()\nexcept SystemExit:\n    pass\nsys.stderr.write(f'hashlib {\"_hashlib\" in sys.modules}')\n")
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(tmp_path / "cache"), "HANDOUTS_CONFIG_DIR": str(tmp_path),
           "SOURCE_DATE_EPOCH": "1767225600"}
    for _ in range(2):  # a fresh cache (Typer, YAML and the template compiler may want more), then a warm one
        done = subprocess.run([sys.executable, "-c", code, "sheet", "--name", "Ana Lima", "--goal", "sleep", "-o",
                               "ana.pdf", "--force"], env=env, capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)
        assert done.stdout.strip() == "wrote ana.pdf", done.stderr
    assert done.stderr.endswith("hashlib False"), done.stderr
