"""A template's ``a.b`` on the plain dicts of a context: the bounded sandbox's shortcut answers as the sandbox did."""

from __future__ import annotations

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from handouts.compose.limits import BoundedEnvironment


class Row(dict):
    """A dict subclass: may have attributes of its own, so it takes the sandbox's own path."""

    shade = "grey"


CONTEXT = {
    "t": {"title": "Your routine", "items": "an item named like dict.items", "keys": 3, "": "empty"},
    "rows": [{"name": "Ana", "minutes": 10}, {"name": "Bo"}],
    "row": Row(name="Cy", shade="dark"),
    "nested": {"a": {"b": {"c": "deep"}}},
    "text": "plain",
}

TEMPLATES = [
    "{{ t.title }}",
    "{{ t.items }}",  # a dict's own attribute wins over its key: the bound method, as before
    "{{ t.keys }}",
    "{{ t.missing }}|{{ t.missing is defined }}",
    "{% for r in rows %}{{ r.name }}:{{ r.minutes | default('-') }};{% endfor %}",
    "{{ row.name }} {{ row.shade }}",
    "{{ nested.a.b.c }} {{ nested.a.x is defined }}",
    "{{ t.__class__ }}",
    "{{ t.get('title') }} {{ t['keys'] }}",
    "{{ text.upper() }} {{ text.nothing is defined }}",
    "{{ t.items() | list | length }}",
]


def render(env: jinja2.Environment, source: str) -> str:
    try:
        return env.from_string(source).render(CONTEXT)
    except jinja2.TemplateError as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.StrictUndefined])
def test_the_bounded_sandbox_looks_up_as_the_sandbox_does(undefined):
    ours, theirs = BoundedEnvironment(undefined=undefined), SandboxedEnvironment(undefined=undefined)
    answers = [(render(ours, s), render(theirs, s)) for s in TEMPLATES]
    assert [a for a, _ in answers] == [b for _, b in answers]
    assert answers[0][0] == "Your routine"
    assert "method items" in answers[1][0]  # not the key's text: the shortcut leaves dict attributes to the sandbox
    assert answers[3][0] == "|False" or answers[3][0].startswith("UndefinedError")
    assert answers[4][0] == "Ana:10;Bo:-;"
    assert answers[5][0] == "Cy grey"


def test_an_unsafe_attribute_is_still_refused():
    env = BoundedEnvironment()
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ t.__class__.__subclasses__() }}").render(CONTEXT)
