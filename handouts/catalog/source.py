"""Read YAML while remembering the line every value came from.

PyYAML's plain loaders drop positions, yet a content editor needs
``zones.yaml:42`` rather than "somewhere in zones". We compose the node tree
once, construct the Python data from it, and walk the same tree to record the
line of each key and list item under its path, e.g. ``(3, "foot") -> 42``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handouts.errors import CatalogError

PathKey = tuple[Any, ...]


@dataclass
class YamlSource:
    """Parsed YAML plus the line (1-based) of every key and list item."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def _walk(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], file: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise CatalogError(
                    f"key '{key}' appears twice in the same entry (first on line {seen[key]})",
                    file=file,
                    line=line,
                )
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), lines, file)


def parse_yaml(text: str, file: str) -> YamlSource:
    """Parse ``text`` (named ``file`` in errors) into data and a line map."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlSource(file=file, data=None)
        lines: dict[PathKey, int] = {(): node.start_mark.line + 1}
        _walk(node, (), lines, file)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise CatalogError(
            f"this is not valid YAML: {problem}",
            file=file,
            line=line,
            hint="check the indentation and that text with ':' or '#' is quoted",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise CatalogError(f"this is not valid YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
    return YamlSource(file=file, data=data, lines=lines)


def load_yaml(path: Path, display: str | None = None) -> YamlSource:
    """Read and parse one YAML file; ``display`` is how errors name it."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"this file is not UTF-8 text (byte {exc.start})",
            file=name,
            hint="save it as UTF-8 in your editor",
        ) from None
    return parse_yaml(text, name)
