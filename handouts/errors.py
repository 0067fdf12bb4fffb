"""One error tree for every mistake a user can make.

Each error carries *where* it happened (file, line or row, field) so the CLI can
print ``file:line: field: message (did you mean 'x'?)`` without a traceback.
Library code raises these; only the CLI and the batch runner turn them into
terminal output and exit codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def nearest(value: str, choices: Iterable[str]) -> str | None:
    """Return the valid choice closest to ``value``, or None if nothing is close.

    Used for "did you mean" hints: a typo in an id should cost the user one
    glance, not a trip to the documentation.
    """
    import difflib  # here: only a mistake needs it, and every command imports this module

    options = list(choices)
    found = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
    if found:
        return found[0]
    # A prefix is a strong hint too ("lung" for "lungs", "pregnan" for "pregnancy").
    prefixed = [c for c in options if c.startswith(str(value)) or str(value).startswith(c)]
    return prefixed[0] if len(prefixed) == 1 else None


class HandoutsError(Exception):
    """A mistake in the user's data, templates or input; never a bug in handouts."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.row = row
        self.field = field
        self.hint = hint

    @property
    def where(self) -> str:
        """The location prefix, e.g. ``data/zones.yaml:12`` or ``clients.csv row 4``."""
        parts = []
        if self.file:
            place = str(self.file)
            if self.line is not None:
                place += f":{self.line}"
            parts.append(place)
        if self.row is not None:
            parts.append(f"row {self.row}")
        return " ".join(parts)

    def __str__(self) -> str:
        text = ""
        if self.where:
            text += self.where + ": "
        if self.field:
            text += self.field + ": "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class CatalogError(HandoutsError):
    """The clinic's or the shipped YAML data is wrong."""


class InputError(HandoutsError):
    """A client's details (flags, client file or CSV row) are wrong."""


class TemplateError(HandoutsError):
    """A Jinja2 template or the story markup it produced is wrong."""


class ConsistencyError(CatalogError):
    """A sheet built from the data would contradict its own cautions."""


class UnprintableError(InputError):
    """Text holds a character the bundled font cannot draw."""


class ManyErrors(HandoutsError):
    """Several problems found at once, so the user can fix them in one pass."""

    def __init__(self, errors: list[HandoutsError]) -> None:
        self.errors = errors
        noun = "problem" if len(errors) == 1 else "problems"
        super().__init__(f"{len(errors)} {noun} found")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def did_you_mean(value: str, valid: Iterable[str], *, limit: int | None = None, prefix: str = "valid: ",
                 otherwise: str | None = None, fits: Callable[[str], bool] | None = None,
                 shown: Callable[[str], str] = lambda guess: f"'{guess}'") -> str:
    """The one "did you mean" hint: the nearest choice, else the choices (the first ``limit``, then "...").

    ``otherwise`` replaces the list where listing every choice would not help
    (hundreds of encodings; "" for no hint at all). ``fits`` turns down a
    nearest choice that is the wrong kind of answer (a column that is not the
    one missing), so the hint never sends the user somewhere useless.
    ``shown`` writes the guess as the user would type it (a markup tag as ``<b>``).
    """
    valid = list(valid)
    guess = nearest(value, valid)
    if guess and (fits is None or fits(guess)):
        return f"did you mean {shown(guess)}?"
    if otherwise is not None:
        return otherwise
    shown = valid if limit is None else valid[:limit]
    return prefix + ", ".join(shown) + (", ..." if len(shown) < len(valid) else "")


def unknown_id(kind: str, value: str, valid: Iterable[str], **where: object) -> CatalogError:
    """Build the standard "unknown id" error with the nearest valid id as a hint."""
    return CatalogError(f"unknown {kind} '{value}'", hint=did_you_mean(value, sorted(valid), limit=12),
                        **where)  # type: ignore[arg-type]


_UNSAFE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
                     r"|[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def safe_text(text: object) -> str:
    """``text`` without control characters, escape sequences or direction overrides (newlines kept)."""
    return _UNSAFE.sub("", str(text))
