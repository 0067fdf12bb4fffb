"""Docstrings and the README name modules that exist: a rename leaves no pointer to a module that is gone.

A docstring's ``files.writing.slugify`` is read as ``handouts.files.writing.slugify``
and must import; so must any name under a module issue 11 renamed away
(``output``, ``pipeline``...), which would otherwise never be checked.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "handouts"
GONE = {"output", "pipeline", "workspace", "resources", "starter"}  # modules that were renamed or merged
DOTTED = re.compile(r"``([a-z_]+(?:\.[A-Za-z_0-9]+)+)``")


def _resolves(dotted: str) -> bool:
    """Whether ``handouts.<dotted>`` is a module, or an attribute reached from the longest module in it."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module("handouts." + ".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):  # lazy names (``batch.open_batch``) are attributes too
                return False
            target = getattr(target, name)
        return True
    return False


def test_names_in_docstrings_resolve():
    tops = {p.stem for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()}
    stale = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for dotted in DOTTED.findall(line):
                first = dotted.split(".")[0]
                if (first in tops or first in GONE) and not _resolves(dotted):
                    stale.append(f"{path.relative_to(ROOT).as_posix()}:{number}: ``{dotted}``")
    assert not stale, "names of modules or functions that do not exist:\n" + "\n".join(stale)


def test_paths_in_the_readme_exist():
    named = set(re.findall(r"`(handouts/[\w/.]+)`", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert named, "the README's map names no handouts path"
    assert not [p for p in sorted(named) if not (ROOT / p).exists()]
