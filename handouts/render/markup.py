"""Story markup parsed: the XML a template renders, as a tree of nodes that remember their template line."""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm

from handouts.errors import TemplateError

INLINE = {"b", "i", "u", "br", "link"}
LINK_SCHEMES = {"https", "http", "mailto", "tel"}  # never javascript:, file:, data: or a relative path
TEXT_BLOCKS = {"h1", "h2", "h3", "p", "item", "td", "th", "q", "a"}
# elements that keep their own markup (``Node.source``): a table's is its memo key (``story._table``), cheaper
# than walking its hundred-odd nodes, and the same markup always parses to the same nodes
SOURCED = frozenset({"table"})


@dataclass(slots=True)
class Node:
    """An element of the story, with the line it started on in the markup.

    With slots: a sheet's story has some 150 elements, parsed again for each layout tried.
    """

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node | str] = field(default_factory=list)
    source: bytes = b""  # the markup it was parsed from, for the elements in SOURCED only (else empty)

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


# Tables parsed before, by their markup and first line: a sheet's layout tries render the same routine table at the
# same line, and its hundred-odd elements were half of parsing each try. Kept as parsed (nodes are never changed
# once parsed), about 30 KB each.
_PARSED: dict[tuple[bytes, int], Node] = {}
PARSED_LIMIT = 32
PARSED_BYTES = 65_536  # a table with more markup than this (a routine's has about 2 KB) is not kept
_STAND_IN = b"table-parsed"  # the element that takes the place of a table parsed before (``_known_table``)


def _known_table(raw: bytes) -> tuple[bytes, Node | None]:
    """``raw`` with its first table, if parsed before at the same line, replaced by a stand-in element; the table.

    The stand-in ``<table-parsed/>`` sits where the table's start tag was
    and holds its line ends, so expat sees an element at the same place and
    every later line keeps its number: the same nodes, lines and errors,
    without parsing the table's elements one by one. A table is well-formed
    on its own (no DTD, no namespaces), so the one parsed before is the one
    this markup holds. Markup with comments, CDATA, processing instructions,
    carriage returns (another kind of line end) or a stand-in of its own is
    parsed whole.
    """
    start = raw.find(b"<table")
    end = raw.find(b"</table>", start)
    if start < 0 or end < 0:
        return raw, None
    known = _PARSED.get((raw[start:end], raw.count(b"\n", 0, start) + 1))
    if known is None or any(mark in raw for mark in (b"<!", b"<?", b"\r", b"<" + _STAND_IN)):
        return raw, None
    stand_in = b"<" + _STAND_IN + b"\n" * raw.count(b"\n", start, end) + b"/>"
    return raw[:start] + stand_in + raw[end + len(b"</table>"):], known


def _remember(table: Node) -> None:
    if len(table.source) > PARSED_BYTES:
        return
    if len(_PARSED) >= PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[(table.source, table.line)] = table


def parse_markup(markup: str, template: Path | None = None) -> Node:
    """Parse story markup into nodes, keeping line numbers for errors.

    Text comes in one piece between two tags (``buffer_text``), not split at
    each character reference or line end: half as many calls into Python.
    The markup is given to expat as UTF-8 bytes, as it would encode it
    anyway, so that the byte offsets it reports slice ``Node.source``. A
    table parsed before, at the same line, is not parsed again (``_known_table``).
    """
    raw, known = _known_table(markup.encode())
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = max(len(raw), parser.buffer_size)  # a longer text would come in pieces, joined below
    root = Node("#document", {}, 0, [])
    stack = [root]
    push, pop = stack.append, stack.pop
    begins: list[int] = []  # where each open SOURCED element began

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber, [])
        if tag in SOURCED:
            begins.append(parser.CurrentByteIndex)
        elif known is not None and tag == "table-parsed":
            node = known
        stack[-1].children.append(node)
        push(node)

    def end(tag: str) -> None:
        node = pop()
        if tag in SOURCED:  # up to its end tag (an empty element's source is its start tag, or nothing)
            node.source = raw[begins.pop():parser.CurrentByteIndex]
            if tag == "table":
                _remember(node)

    def text(data: str) -> None:
        kids = stack[-1].children
        if kids and isinstance(kids[-1], str):
            kids[-1] += data
        else:
            kids.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _parse(parser, raw, template)
    stories = root.elements()
    if len(stories) != 1 or stories[0].tag != "story":
        raise TemplateError("the markup must have a single <story> root", file=str(template) if template else None)
    return stories[0]


def _parse(parser: xml.parsers.expat.XMLParserType, raw: bytes, template: Path | None) -> None:
    """Run ``parser`` over ``raw``; broken markup is a TemplateError naming the template and the line."""
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        raise TemplateError(
            f"the template produced broken markup: {xml.parsers.expat.ErrorString(exc.code)}",
            file=str(template) if template else None,
            line=exc.lineno,
            hint="check that every element is closed and attributes are quoted",
        ) from None


def parse_length(value: str, available: float) -> float:
    """``40%`` of ``available``, ``30mm``, or plain points."""
    value = value.strip()
    if value.endswith("%"):
        return float(value[:-1]) / 100 * available
    if value.endswith("mm"):
        return float(value[:-2]) * mm
    return float(value)


