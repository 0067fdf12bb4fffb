"""A table parsed before (a sheet's next layout try) is reused: the same nodes, lines and errors as a fresh parse."""

from __future__ import annotations

from typing import Any

import pytest

from handouts.errors import TemplateError
from handouts.render import markup as markup_module
from handouts.render.markup import Node, parse_markup

TABLE = ('<table widths="20%,80%" header="1">\n  <tr><th>Step</th><th>Area</th></tr>\n'
         '  <tr><td>1</td><td>Solar plexus &amp; lungs</td></tr>\n  <tr><td>2</td><td>Heel<b>!</b></td></tr>\n'
         '</table>')


def story(before: str, after: str = "<p>after</p>", table: str = TABLE) -> str:
    return f"<story>\n<h1>Title</h1>\n{before}{table}\n{after}\n</story>"


def shape(node: Node | str) -> Any:
    """Everything a node holds, lines included, as plain values."""
    if isinstance(node, str):
        return node
    return (node.tag, node.attrs, node.line, node.source, [shape(c) for c in node.children])


def fresh(text: str) -> Any:
    markup_module._PARSED.clear()
    return shape(parse_markup(text))


def tables(node: Node) -> list[Node]:
    found = [node] if node.tag == "table" else []
    return found + [t for child in node.elements() for t in tables(child)]


def test_the_second_parse_reuses_the_table_and_gives_the_same_nodes_and_lines():
    first = story("<p>one</p>\n", "<p>compact</p>\n<p>two</p>")
    second = story("<p>one</p>\n", "<h2>x</h2>")
    expected = fresh(second)
    markup_module._PARSED.clear()
    table = tables(parse_markup(first))[0]
    again = parse_markup(second)
    assert tables(again)[0] is table  # reused, not parsed again
    assert shape(again) == expected
    assert tables(again)[0].line == 4 and tables(again)[0].elements()[2].line == 7
    assert again.elements()[-1].line == 9  # the lines after the table keep their numbers


def test_a_table_at_another_line_is_parsed_anew_with_its_own_lines():
    markup_module._PARSED.clear()
    table = tables(parse_markup(story("")))[0]
    moved = parse_markup(story("<p>a line more</p>\n"))
    assert tables(moved)[0] is not table
    assert tables(moved)[0].line == table.line + 1
    assert shape(moved) == fresh(story("<p>a line more</p>\n"))


@pytest.mark.parametrize("odd", [
    "<!-- a comment --><p>x</p>\n",  # comments, CDATA and the like: parsed whole
    "<table-parsed/>\n",  # a template's own element of the stand-in's name stays an element
    "<p>x\r</p>\n",  # another kind of line end
])
def test_markup_that_could_read_differently_is_parsed_whole(odd: str):
    markup_module._PARSED.clear()
    parse_markup(story(odd))
    assert shape(parse_markup(story(odd))) == fresh(story(odd))


def test_broken_markup_after_a_known_table_names_the_same_line():
    broken = story("<p>one</p>\n", "<p>two\n\n<b>unclosed</p>")
    with pytest.raises(TemplateError) as alone:
        fresh(broken)
    markup_module._PARSED.clear()
    parse_markup(story("<p>one</p>\n"))
    with pytest.raises(TemplateError) as after:
        parse_markup(broken)
    assert (after.value.line, str(after.value)) == (alone.value.line, str(alone.value)) == (11, str(alone.value))


def test_a_table_is_remembered_by_its_markup_not_only_its_start():
    markup_module._PARSED.clear()
    parse_markup(story(""))
    other = TABLE.replace("Heel", "Toes")
    assert tables(parse_markup(story("", table=other)))[0].elements()[2].elements()[1].children[0] == "Toes"


def test_a_very_long_table_is_not_kept():
    markup_module._PARSED.clear()
    rows = "".join(f"<tr><td>{n}</td><td>{'x' * 100}</td></tr>\n" for n in range(1000))
    parse_markup(story("", table=f"<table>\n{rows}</table>"))
    assert not markup_module._PARSED
