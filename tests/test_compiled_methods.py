"""``cli.compiled_methods``: records built from kept code are the records ``dataclasses`` builds, byte for byte."""

from __future__ import annotations

from .conftest import python_output

# Two records as handouts writes them (frozen with defaults; mutable with a factory), built through the hook,
# then again by plain dataclasses (the hook taken away), and every generated method's code compared.
PROBE = '''
import dataclasses
from handouts.cli import compiled_methods

def records():
    @dataclasses.dataclass(frozen=True)
    class Step:
        zone: str
        minutes: float = 1.5
        sides: tuple[str, ...] = ("left", "right")

    @dataclasses.dataclass
    class Page:
        lines: list[str] = dataclasses.field(default_factory=list)
        full: bool = False

    return Step, Page

compiled_methods.install("probe")
hooked = records()
new = len(compiled_methods._active.table.new)
compiled_methods.save()
del dataclasses.exec
plain = records()
for mine, theirs in zip(hooked, plain):
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        a, b = mine.__dict__.get(name), theirs.__dict__.get(name)
        same = a is b is None or (a.__code__ == b.__code__ and a.__annotations__ == b.__annotations__) if callable(a) \
            else a == b
        assert same, (mine.__name__, name)
Step, Page = hooked
step = Step("kidney")
assert repr(step) == "records.<locals>.Step(zone='kidney', minutes=1.5, sides=('left', 'right'))"
assert step == Step("kidney") and hash(step) == hash(plain[0]("kidney")) and Page().lines is not Page().lines
try:
    step.zone = "liver"
except dataclasses.FrozenInstanceError:
    print("frozen")
print("compiled", new)
'''


def test_records_from_kept_code_are_what_dataclasses_builds_and_a_later_process_compiles_none(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    first = python_output(PROBE).split()
    assert first[0] == "frozen" and first[1] == "compiled" and int(first[2]) >= 8  # init, repr, eq... of both
    assert len(list((tmp_path / "methods").glob("*.pickle"))) == 1
    assert python_output(PROBE).split() == ["frozen", "compiled", "0"]  # every method from the kept code


def test_without_a_cache_the_records_are_compiled_as_usual(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    assert python_output(PROBE).split()[:2] == ["frozen", "compiled"]
    assert python_output(PROBE).split()[2] != "0"


def test_kept_code_that_does_not_load_is_compiled_again_and_kept_anew():
    from handouts.cli.compiled_methods import _Compiled
    from handouts.files.kept_table import KeptTable

    source = "def __create_fn__(base):\n def plus(x):\n  return base + x\n return plus"
    table = KeptTable("methods", "key")
    table.entries = {source: b"\x00 not marshalled code"}
    kept = _Compiled(table)
    names: dict[str, object] = {}
    kept.exec(source, {}, names)
    assert names["__create_fn__"](40)(2) == 42  # type: ignore[operator]
    assert source in table.new and table.entries[source] != b"\x00 not marshalled code"
