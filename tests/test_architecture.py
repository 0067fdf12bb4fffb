"""The shape of the house: which handouts package may import which, and no cycles.

Every import in every module is read with ``ast`` (function-level imports
included, since most heavy imports are deferred into functions; relative
imports resolved against the module's package; constant strings that name a
handouts module counted too, since lazy imports keep their targets in
strings), mapped to the package it lands in, and checked against the table
below, which lists exactly the edges in use and follows
DESIGN.md: front ends -> build -> stages -> ground, arrows pointing down only.
A new back-edge or a cycle between packages fails here, naming the module and line.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

from .conftest import python_output

ROOT = Path(__file__).resolve().parent.parent / "handouts"

GROUND = {"catalog", "files", "errors", "choices", "style", "typeface", "press", "first_use"}
# package -> packages it imports (besides itself): exactly the edges the code uses, so that the table
# cannot drift loose (``test_every_allowed_edge_is_used``). A new edge is a decision: add it here, against
# DESIGN.md's rule that arrows point down only. ``handouts`` is the package root (version, public API).
ALLOWED: dict[str, set[str]] = {
    "__main__": {"cli"},
    "handouts": {"build", "errors"},
    # the CLI also hosts the commands that start the web front desk (``handouts serve``)
    "cli": {"build", "batch", "store", "serve", "handouts", "catalog", "choices", "errors", "files", "first_use"},
    "serve": {"build", "batch", "store", "catalog", "choices", "errors", "files"},
    "build": {"intake", "plan", "compose", "render", "post", "catalog", "choices", "errors", "files"},
    "batch": {"build", "intake", "handouts", "errors", "files"},
    "intake": {"catalog", "choices", "errors", "typeface"},
    "plan": {"intake", "catalog"},
    "compose": {"plan", "intake", "catalog", "errors", "files", "style", "first_use"},
    # render draws catalog data and a plan's routine (types and fitting rules); it never composes or posts.
    # icc is data: the bundled CMYK profile for print files.
    "render": {"charts", "plan", "rl_compat", "catalog", "errors", "files", "icc", "press", "style", "typeface"},
    "charts": {"rl_compat", "catalog", "choices", "files", "style", "typeface"},
    # the wall around ReportLab's private API: only the two packages that draw may use it
    "rl_compat": {"first_use"},  # library modules ReportLab loads, standing in until first used
    "post": {"press"},
    "store": {"errors"},
    "catalog": {"errors", "files", "typeface", "choices"},  # the clinic file's page size is a choice
    "files": {"errors"},
    "choices": {"errors"},
    "typeface": {"errors", "files"},
    "errors": set(),
    "style": set(),
    "press": set(),
    "first_use": set(),
    "fonts": set(),
    "icc": set(),
}


def package_of(module: str) -> str:
    """``handouts.render.sheet`` -> ``render``; ``handouts`` -> ``handouts``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "handouts"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    """Whether ``handouts.x.y`` is a module or package of handouts (a file or a folder with ``__init__.py``)."""
    path = ROOT.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _base_of(path: Path, level: int) -> str:
    """The package a relative import of ``level`` dots starts from in the module at ``path``."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    return ".".join(package[:len(package) - (level - 1)])


MODULE_STRING = re.compile(r"handouts(?:\.\w+)+(?::\w+)?")  # "handouts" alone is the name of the program


def _named_module(text: str) -> str | None:
    """The longest handouts module a constant string names (``"handouts.intake.password"``), or None.

    Lazy imports keep the module's name in a string (``import_module(_LAZY[name])``);
    that is an import all the same, so it counts as one.
    """
    if not MODULE_STRING.fullmatch(text):
        return None
    parts = text.split(":")[0].split(".")
    while len(parts) > 1 and not is_module(".".join(parts)):
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every handouts module ``path`` imports, with the line, at any depth of the file.

    Absolute and relative imports, and constant strings that name a handouts
    module (the tables of lazy imports, ``import_module("handouts.x")``).
    """
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.split(".")[0] == "handouts"]
        elif isinstance(node, ast.ImportFrom):
            base = _base_of(path, node.level) if node.level else ""
            source = ".".join(part for part in (base, node.module or "") if part)
            if source.split(".")[0] != "handouts":
                continue
            for alias in node.names:  # from handouts import build; from . import sheet: a module each
                sub = f"{source}.{alias.name}"
                found.append((sub if is_module(sub) else source, node.lineno))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and (named := _named_module(node.value)):
            found.append((named, node.lineno))
    return found


def edges() -> list[tuple[str, str, str, int]]:
    """(from package, to package, module, line) for every import between two different packages."""
    result = []
    for path in sorted(ROOT.rglob("*.py")):
        name = module_name(path)
        here = "__main__" if name == "handouts.__main__" else package_of(name)
        for target, line in imports_of(path):
            there = package_of(target)
            if there != here:
                result.append((here, there, name, line))
    return result


def test_every_package_is_in_the_table():
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in ROOT.glob("*.py") if p.stem not in ("__init__",)}
    missing = (packages | modules) - set(ALLOWED)
    assert not missing, f"add these to ALLOWED in tests/test_architecture.py with the imports they may make: {missing}"


def test_imports_follow_the_table():
    wrong = [f"{module}:{line}: {src} -> {dst}" for src, dst, module, line in edges()
             if dst not in ALLOWED.get(src, set())]
    assert not wrong, "imports against the design (DESIGN.md):\n" + "\n".join(wrong)


def test_every_allowed_edge_is_used():
    """An allowed edge nothing uses is a door left open: the next back-edge would walk through unseen."""
    used = {(src, dst) for src, dst, _, _ in edges()}
    idle = sorted(f"{src} -> {dst}" for src, targets in ALLOWED.items() for dst in targets if (src, dst) not in used)
    assert not idle, "ALLOWED in tests/test_architecture.py lists edges no import uses; remove them:\n" + \
        "\n".join(idle)


def test_no_cycle_between_packages():
    graph: dict[str, set[str]] = {}
    for src, dst, _, _ in edges():
        graph.setdefault(src, set()).add(dst)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            pytest.fail("import cycle between packages: " + " -> ".join(cycle))


def test_render_and_charts_stay_pure():
    """The acceptance rules by name: render never composes, posts, checks input or sees a Workspace."""
    bad = [(s, d, m, n) for s, d, m, n in edges()
           if (s == "render" and d in {"compose", "post", "intake", "batch", "build"})
           or (s == "charts" and d == "render")]
    assert not bad, "render must not compose, post, check input or build; charts must not import render:\n" + \
        "\n".join(f"{m}:{n}: {s} -> {d}" for s, d, m, n in bad)
    for path in (ROOT / "render").rglob("*.py"):
        assert not [t for t, _ in imports_of(path) if t == "handouts.files.search_path"], path


def test_the_table_itself_has_no_back_edge():
    """A sanity check on the rules: ground never reaches up, stages never reach the front ends."""
    front = {"cli", "serve", "batch", "build", "__main__"}
    for pkg in GROUND | {"intake", "plan", "compose", "render", "charts", "post", "store"}:
        assert not ALLOWED[pkg] & front, pkg


@pytest.mark.slow  # starts a separate process
def test_catalog_and_planner_load_no_reportlab():
    code = ("import sys; import handouts.catalog.loader, handouts.plan.planner, handouts.intake, "
            "handouts.compose.context; import handouts.catalog.loader as L, handouts.files.search_path as W; "
            "L.load_catalog(W.find_workspace()); "
            "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'pypdf'))))")
    assert python_output(code).strip() == "[]"


@pytest.mark.slow  # starts a separate process
def test_style_and_typeface_import_no_reportlab():
    code = ("import sys, handouts.style, handouts.typeface, handouts.choices, handouts.press; "
            "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'pypdf', 'jinja2'))))")
    assert python_output(code).strip() == "[]"


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_modules_and_functions_stay_small():
    """A newcomer reads a module in one sitting and a function on one screen (issue 11's limits)."""
    too_long = []
    for path in sorted(ROOT.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT.parent).as_posix()
        if len(source.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    assert too_long == [], "\n".join(too_long)


def third_party_imports() -> dict[str, str]:
    """Top-level name -> first ``module:line`` of every import in handouts outside the standard library."""
    found: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "handouts" and top not in sys.stdlib_module_names:
                    found.setdefault(top, f"{module_name(path)}:{node.lineno}")
    return found


def test_every_library_handouts_imports_is_a_declared_dependency():
    """An import of a library that only arrives as another's dependency (rich under Typer, starlette under
    FastAPI) works until that one drops it, and escapes the version caps: name it in pyproject.toml.

    Read from the installed metadata (``python tools/dev.py test`` reinstalls when pyproject.toml changes).
    """
    declared = {re.split(r"[\[<>=!~;\s(]", requirement, maxsplit=1)[0].lower().replace("_", "-")
                for requirement in importlib.metadata.requires("handouts") or [] if "extra ==" not in requirement}
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for top, where in sorted(third_party_imports().items()):
        distributions = {d.lower().replace("_", "-") for d in providers.get(top, [])}
        if not distributions & declared:
            undeclared.append(f"{where}: {top} (from {sorted(distributions) or 'no installed distribution'})")
    assert not undeclared, "imported but not declared in [project] dependencies:\n" + "\n".join(undeclared)
