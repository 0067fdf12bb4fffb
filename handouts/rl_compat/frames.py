"""Copying a platypus Frame cheaply when platypus asks for a deep copy (part of the wall).

Relies on: a ``Frame`` keeping all of its state as attributes in its instance
dict (no ``__slots__``, no ``__getstate__`` or ``__deepcopy__`` of its own),
and those attributes being numbers, strings, booleans, ``None`` or lists
(empty unless frame backgrounds are used). ``KeepTogether`` deep-copies the
document's frame to try its content in it (``_listWrapOn``); copying plain
values instead of deep-copying them is all the saving, and any other value is
still deep-copied. ``tests/test_compat.py`` checks both assumptions.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from reportlab.platypus import Frame


def copy_frame(frame: Frame, memo: dict[int, Any], shared: frozenset[str] = frozenset()) -> Frame:
    """What ``deepcopy(frame)`` gives, made faster; the attributes named in ``shared`` are the same object in both.

    Meant to be a Frame subclass's ``__deepcopy__``: ``memo`` is the one deepcopy passes.
    """
    clone = frame.__class__.__new__(frame.__class__)
    memo[id(frame)] = clone
    for name, value in vars(frame).items():
        if name in shared or isinstance(value, int | float | str | bool | None):
            vars(clone)[name] = value
        elif isinstance(value, list) and not value:
            vars(clone)[name] = []
        else:
            vars(clone)[name] = deepcopy(value, memo)
    return clone
