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


def parse_markup(markup: str, template: Path | None = None) -> Node:
    """Parse story markup into nodes, keeping line numbers for errors.

    Text comes in one piece between two tags (``buffer_text``), not split at
    each character reference or line end: half as many calls into Python.
    The markup is given to expat as UTF-8 bytes, as it would encode it
    anyway, so that the byte offsets it reports slice ``Node.source``.
    """
    raw = markup.encode()
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = max(len(raw), parser.buffer_size)  # a longer text would come in pieces, joined below
    root = Node("#document", {}, 0, [])
    stack = [root]
    push, pop = stack.append, stack.pop
    begins: list[int] = []  # where each open SOURCED element began

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber, [])
        stack[-1].children.append(node)
        push(node)
        if tag in SOURCED:
            begins.append(parser.CurrentByteIndex)

    def end(tag: str) -> None:
        node = pop()
        if tag in SOURCED:  # up to its end tag (an empty element's source is its start tag, or nothing)
            node.source = raw[begins.pop():parser.CurrentByteIndex]

    def text(data: str) -> None:
        kids = stack[-1].children
        if kids and isinstance(kids[-1], str):
            kids[-1] += data
        else:
            kids.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        raise TemplateError(
            f"the template produced broken markup: {xml.parsers.expat.ErrorString(exc.code)}",
            file=str(template) if template else None,
            line=exc.lineno,
            hint="check that every element is closed and attributes are quoted",
        ) from None
    stories = root.elements()
    if len(stories) != 1 or stories[0].tag != "story":
        raise TemplateError("the markup must have a single <story> root", file=str(template) if template else None)
    return stories[0]


def parse_length(value: str, available: float) -> float:
    """``40%`` of ``available``, ``30mm``, or plain points."""
    value = value.strip()
    if value.endswith("%"):
        return float(value[:-1]) / 100 * available
    if value.endswith("mm"):
        return float(value[:-2]) * mm
    return float(value)


