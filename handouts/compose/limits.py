"""The sandbox policy for templates: a clinic's template may be odd, but it may not hang the machine.

Jinja2's SandboxedEnvironment already stops templates reaching Python
internals. It does not stop ``range(10**9)``, ``'x' * 10**11``, loops nested
ten deep, or a macro that calls itself. This environment adds a budget for
one render:

* every ``{% for %}`` loop counts its steps against ``MAX_LOOP_STEPS`` (the
  loop's iterable is wrapped when the template is compiled), and the same
  counter checks a wall-clock deadline of ``MAX_SECONDS``;
* ``range`` yields at most ``MAX_RANGE`` numbers, ``lipsum`` a few paragraphs;
* ``*``, ``+``, ``**`` and ``%`` refuse results longer than ``MAX_TEXT`` (or
  numbers wider than ``MAX_POWER_BITS``), and format widths are capped;
* the rendered markup may not exceed ``MAX_OUTPUT`` characters.

A template that breaks a limit raises TemplateLimitError, which the caller
turns into a one-line error naming the template and line.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment

MAX_LOOP_STEPS = 200_000  # all loop steps of one render together (the shipped sheet uses a few hundred)
MAX_SECONDS = 10.0  # wall-clock time of one render
MAX_RANGE = 10_000  # numbers one range() may yield
MAX_TEXT = 1_000_000  # characters (or items) one operator may produce
MAX_POWER_BITS = 4096  # size of a number that ** may produce
MAX_OUTPUT = 2_000_000  # characters of story markup from one template
MAX_WIDTH = 1000  # widths in format strings and filters such as center()
_WIDE = re.compile(r"(?:%[-#0 +]*|\{[^{}]*:[^{}]*?)(\d{4,})")


class TemplateLimitError(Exception):
    """A template went past one of the limits above; the message says which."""


class _Budget(threading.local):
    steps = MAX_LOOP_STEPS
    deadline = float("inf")


_BUDGET = _Budget()


def start_budget() -> None:
    """Give the next render in this thread a fresh step budget and deadline."""
    _BUDGET.steps = MAX_LOOP_STEPS
    _BUDGET.deadline = time.monotonic() + MAX_SECONDS


def _tick(count: int = 1) -> None:
    _BUDGET.steps -= count
    if _BUDGET.steps < 0:
        raise TemplateLimitError(f"the template's loops ran more than {MAX_LOOP_STEPS:,} steps")
    if _BUDGET.steps % 1024 == 0 and time.monotonic() > _BUDGET.deadline:
        raise TemplateLimitError(f"the template took longer than {MAX_SECONDS:g} seconds")


def budgeted(iterable: Iterable[Any]) -> Iterator[Any]:
    """Each item of a template loop costs one step of the render's budget."""
    for item in iterable:
        _tick()
        yield item


def bounded_range(*args: int) -> range:
    """``range`` with at most MAX_RANGE numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(f"range() of {len(numbers):,} numbers is too long (at most {MAX_RANGE:,})")
    return numbers


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Placeholder text, a few paragraphs at most."""
    from jinja2.utils import generate_lorem_ipsum

    if not (0 <= int(n) <= 10 and 0 <= int(min) <= int(max) <= 200):
        raise TemplateLimitError("lipsum() may make at most 10 paragraphs of at most 200 words")
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


def _check_width(text: Any) -> None:
    if isinstance(text, str):
        for match in _WIDE.finditer(text):
            if int(match.group(1)) > MAX_WIDTH:
                raise TemplateLimitError(f"a format width of {int(match.group(1)):,} is too wide "
                                         f"(at most {MAX_WIDTH:,})")


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            size = _sized(seq)
            if size is not None and isinstance(times, int) and size * max(times, 0) > MAX_TEXT:
                raise TemplateLimitError(f"'*' would make {size * times:,} characters or items "
                                         f"(at most {MAX_TEXT:,})")
    elif operator == "+":
        a, b = _sized(left), _sized(right)
        if a is not None and b is not None and a + b > MAX_TEXT:
            raise TemplateLimitError(f"'+' would make {a + b:,} characters or items (at most {MAX_TEXT:,})")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                and right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS:
            raise TemplateLimitError("'**' would make a number too large to print")
    elif operator == "%":
        _check_width(left)


def _bounded_center(value: Any, width: int = 80) -> str:
    if int(width) > MAX_WIDTH:
        raise TemplateLimitError(f"center() width {int(width):,} is too wide (at most {MAX_WIDTH:,})")
    return str(value).center(int(width))


class _BudgetCodeGenerator(CodeGenerator):
    """Compiles every ``{% for %}`` so that its iterable passes through the ``_budget`` filter."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, "_budget", [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.cap_text(")
        super().visit_Concat(node, frame)
        self.write(")")


_DICT_NAMES = frozenset(dir(dict))  # every attribute a plain dict has: nothing else resolves on one


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox plus the limits above."""

    code_generator_class = _BudgetCodeGenerator
    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["_budget"] = budgeted
        self.filters["center"] = _bounded_center
        self.globals["range"] = bounded_range
        self.globals["lipsum"] = bounded_lipsum

    @staticmethod
    def cap_text(text: Any) -> Any:
        """The result of ``~``, refused when it grows past MAX_TEXT characters."""
        if len(text) > MAX_TEXT:
            raise TemplateLimitError(f"'~' made {len(text):,} characters (at most {MAX_TEXT:,})")
        return text

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` as the sandbox answers it, skipping its failed attribute look-up of a plain dict's key.

        The sandbox tries the attribute, then the item; on a plain ``dict``
        (every template context is made of them) a name that is not one of
        the dict's own attributes can only be an item, and catching the
        AttributeError was a quarter to a third of rendering a sheet's template (0.45 ms, now 0.33).
        """
        if type(obj) is dict and type(attribute) is str and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except LookupError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        target = getattr(__obj, "__wrapped__", __obj)
        if getattr(target, "__name__", "") in ("format", "format_map"):
            _check_width(getattr(target, "__self__", None))
        return super().call(__context, __obj, *args, **kwargs)


def render_bounded(template: jinja2.Template, context: Any) -> str:
    """Render with a fresh budget, stopping once the output passes MAX_OUTPUT characters.

    The output is taken ``CHUNKS`` pieces at a time (a sheet is some 370), so
    the loop runs in C, not once per piece in Python; a runaway template is
    still stopped within that many pieces of passing the limit.

    The error is thrown into the template's generator, where it is paused
    at the output it was writing: Jinja then reports it as it reports any
    error of the template's own, on the template's line, so the editor is
    told where the runaway output comes from.
    """
    start_budget()
    pieces = template.generate(context)
    parts: list[str] = []
    size = 0
    while block := list(islice(pieces, CHUNKS)):
        size += sum(map(len, block))
        if size > MAX_OUTPUT:
            error = TemplateLimitError(f"the template wrote more than {MAX_OUTPUT:,} characters")
            pieces.throw(error)
            raise error  # reached only if the generator had already ended or swallowed it
        parts += block
    return "".join(parts)


CHUNKS = 256
