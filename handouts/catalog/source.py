"""Read YAML while remembering the line every value came from.

PyYAML's plain loaders drop positions, yet a content editor needs
``zones.yaml:42`` rather than "somewhere in zones". Lines are only needed to
report an error, so the data is parsed with libyaml (``CSafeLoader``, about
eight times faster) when it is installed, and the line of each key and list
item (under its path, e.g. ``(3, "foot") -> 42``) is found by a second,
position-keeping parse the first time a line is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handouts.errors import CatalogError

PathKey = tuple[Any, ...]

# Limits that keep a hostile or broken YAML file from eating the machine. A
# "billion laughs" file is a few kilobytes of anchors and aliases that expand
# into billions of nodes; a deeply nested one exhausts the parser's recursion.
MAX_DEPTH = 40  # nesting of lists and mappings; real files use 4 or 5
MAX_ALIAS_NODES = 10_000  # nodes that aliases (*name) may add by repeating what an anchor holds
MAX_DATA_BYTES = 2 * 1024 * 1024  # one data file (zones.yaml, faq.yaml, clinic.yaml ...)


@dataclass
class YamlSource:
    """Parsed YAML plus the line (1-based) of every key and list item."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    text: str | None = field(default=None, repr=False)  # kept to find lines when first asked

    def line_of(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        if path in self.lines:  # a top-level list's items are known from the first pass
            return self.lines[path]
        if self.text is not None:
            self.lines, self.text = _line_map(self.text, self.file), None
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


def _check_shape(text: str, file: str) -> list[int]:
    """Refuse deep nesting and alias expansion before anything is built; the lines of a top-level list's items.

    The events are read with a flat loop (no recursion), and for every anchor
    we count how many nodes it stands for, so ``*name`` costs what it expands
    to. The first event past a limit stops the scan, naming its line. The
    item lines let a client list name each row's line without a second parse.
    """
    items: list[int] = []
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    anchors: dict[str, int] = {}
    stack: list[list[Any]] = [[0, None, None]]  # [nodes so far, anchor, a mapping's keys] per open collection
    added = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark else None
            if len(stack) == 2 and stack[1][2] is None and isinstance(event, _NODE_STARTS):
                items.append(line or 0)
            if isinstance(event, yaml.AliasEvent):
                size = anchors.get(event.anchor, 1)
                added += size
                if added > MAX_ALIAS_NODES:
                    raise CatalogError(f"aliases (*{event.anchor}) expand to more than {MAX_ALIAS_NODES:,} "
                                       "values", file=file, line=line,
                                       hint="write the values out, or use fewer aliases")
                stack[-1][0] += size
                _note_key(stack[-1], None, line, file)
            elif isinstance(event, yaml.ScalarEvent):
                _note_key(stack[-1], event.value, line, file)
                stack[-1][0] += 1
                if event.anchor:
                    anchors[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                _note_key(stack[-1], None, line, file)
                keys = _Keys() if isinstance(event, yaml.MappingStartEvent) else None
                stack.append([1, event.anchor, keys])
                if len(stack) - 1 > MAX_DEPTH:
                    raise CatalogError(f"lists and mappings are nested more than {MAX_DEPTH} deep", file=file,
                                       line=line, hint="flatten the structure")
            elif isinstance(event, yaml.CollectionEndEvent):
                size, anchor, _ = stack.pop()
                if anchor:
                    anchors[anchor] = size
                stack[-1][0] += size
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file) from None
    finally:
        loader.dispose()
    return items


_NODE_STARTS = (yaml.AliasEvent, yaml.ScalarEvent, yaml.CollectionStartEvent)


class _Keys(dict):
    """A mapping's keys seen so far (key -> line) while its events stream by; ``value_next`` alternates."""

    value_next = False


def _note_key(top: list[Any], key: str | None, line: int | None, file: str) -> None:
    """Refuse a key that appears twice in one mapping (libyaml would keep the last one silently)."""
    keys = top[2]
    if keys is None:
        return
    if not keys.value_next and key is not None:
        if key in keys:
            raise CatalogError(f"key '{key}' appears twice in the same entry (first on line {keys[key]})",
                               file=file, line=line)
        keys[key] = line
    keys.value_next = not keys.value_next


def _syntax_error(exc: yaml.YAMLError, file: str) -> CatalogError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        return CatalogError(f"this is not valid YAML: {problem}", file=file, line=mark.line + 1 if mark else None,
                            hint="check the indentation and that text with ':' or '#' is quoted")
    return CatalogError(f"this is not valid YAML: {str(exc)[:200]}", file=file)


def parse_yaml(text: str, file: str) -> YamlSource:
    """Parse ``text`` (named ``file`` in errors) into data; lines are found when first asked for."""
    items = _check_shape(text, file)
    if not hasattr(yaml, "CSafeLoader"):
        return _parse_with_lines(text, file)
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file) from None
    return YamlSource(file=file, data=data, lines={(i,): line for i, line in enumerate(items)}, text=text)


def _line_map(text: str, file: str) -> dict[PathKey, int]:
    return _parse_with_lines(text, file).lines


def _parse_with_lines(text: str, file: str) -> YamlSource:
    """The pure-Python parse that keeps each key's and list item's line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlSource(file=file, data=None)
        lines: dict[PathKey, int] = {(): node.start_mark.line + 1}
        _walk(node, (), lines, file)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file) from None
    except RecursionError:
        raise CatalogError(f"lists and mappings are nested more than {MAX_DEPTH} deep", file=file) from None
    finally:
        loader.dispose()
    return YamlSource(file=file, data=data, lines=lines)


def load_yaml(path: Path, display: str | None = None, max_bytes: int = MAX_DATA_BYTES) -> YamlSource:
    """Read and parse one YAML file; ``display`` is how errors name it; larger than ``max_bytes`` is refused."""
    name = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise CatalogError(f"cannot read the file: {exc.strerror or exc}", file=name) from None
    if len(raw) > max_bytes:
        raise CatalogError(f"the file is larger than {_size(max_bytes)}", file=name,
                           hint="split it, or check that it is the right file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"this file is not UTF-8 text (byte {exc.start})",
            file=name,
            hint="save it as UTF-8 in your editor",
        ) from None
    return parse_yaml(text, name)


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB" if count >= 1024 * 1024 else f"{count / 1024:g} KB"
