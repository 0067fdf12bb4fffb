"""Paragraphs that reuse how the same markup parsed and broke into lines: in this process, and from earlier ones.

Parsing a paragraph's markup and breaking it into lines are ReportLab's
slowest steps, in Python, and most of a sheet's text is the same on every
sheet of a clinic. ``CachedParagraph`` keeps both per process, keyed by the
text and the style object. With a ``kept`` table (a
``files.kept_table.KeptTable``, set by render and named for the fonts,
ReportLab and this code), a fresh process also finds what an earlier one
parsed and broke, under the text and the style's contents (``style_key``):
about 4 ms of a fresh sheet, for the same answers every time. Each entry is
pickled on its own when it is made; one that cannot be is simply not kept.

A client's own words never reach the disk: while one client's document is
drawn (``private_texts``), a paragraph holding their name, notes or
therapist is kept in this process only, so forgetting a client leaves
nothing of them in the cache.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _handleBulletWidth
from reportlab.rl_config import _FUZZ

_STYLE_KEYS: dict[int, tuple[ParagraphStyle, str | None]] = {}  # id -> (the style, kept alive; its key)
_PRIVATE: ContextVar[tuple[str, ...]] = ContextVar("private_texts", default=())


@contextmanager
def private_texts(texts: Iterable[str]) -> Iterator[None]:
    """While a client's document is drawn: no paragraph holding any of ``texts`` (the caller gives them as
    typed and as the markup escapes them; runs of white space count as one) is kept on disk. Per thread and
    task, so two documents drawn at once keep their own."""
    token = _PRIVATE.set(tuple(squashed for text in texts if (squashed := " ".join(text.split()))))
    try:
        yield
    finally:
        _PRIVATE.reset(token)


def _private(text: str) -> bool:
    """Does ``text`` hold any of the client's words being drawn now (``private_texts``)?"""
    private = _PRIVATE.get()
    if not private:
        return False
    squashed = " ".join(text.split())
    return any(words in squashed for words in private)


def style_key(style: ParagraphStyle) -> str | None:
    """The contents of ``style`` as text, the same in every process; None when a value has no such text.

    Relies on: a ``ParagraphStyle`` holding every setting in its instance
    ``__dict__`` (a parent's are copied in when it is made), with ``parent``
    the only value that is another object rather than a setting.
    """
    found = _STYLE_KEYS.get(id(style))
    if found is not None and found[0] is style:
        return found[1]
    text = repr(sorted((name, value) for name, value in style.__dict__.items() if name != "parent"))
    key = None if " at 0x" in text else text  # an object named by its address differs in every process
    if len(_STYLE_KEYS) >= 1024:
        _STYLE_KEYS.clear()
    _STYLE_KEYS[id(style)] = (style, key)
    return key


def _open(kept: Any) -> bool:
    """Is there a table to ask? (After a process's first document it is closed: the rest stay in memory.)"""
    return kept is not None and not kept.closed


def _recall(kept: Any, key: tuple[Any, ...] | None) -> Any:
    """What an earlier process kept under ``key`` (unpickled), or None."""
    if key is None or not _open(kept):
        return None
    data = kept.get(key)
    if not isinstance(data, bytes):
        return None
    try:
        return pickle.loads(data)
    except Exception:  # a damaged entry only costs the work it saved
        return None


def _keep(kept: Any, key: tuple[Any, ...] | None, value: Any) -> None:
    if key is None or not _open(kept):
        return
    try:
        kept.add(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # something in it cannot be pickled (a callback, say): not kept
        return


class CachedParagraph(Paragraph):
    """A Paragraph that reuses how the same markup parsed, and how it broke into lines at the same widths.

    Relies on: ``Paragraph.__init__`` calling ``self._setup(text, style,
    bulletText, frags, cleaner)``, which sets ``text``, ``frags``, ``style`` and
    ``bulletText`` and nothing else that later steps read; ``breakLines(width)``
    returning the line list without side effects except ``_handleBulletWidth``
    on the style (replayed on a cache hit); ``_splitpara`` marking pieces made
    by splitting across pages (never cached); the parsed fragments and the
    lines being plain data that pickles. Subclasses give ``MAX_ENTRIES``.
    """

    _parsed: ClassVar[dict[tuple[Any, ...], tuple[Any, ...]]] = {}
    _lines: ClassVar[dict[tuple[Any, ...], tuple[Any, Any]]] = {}
    _wraps: ClassVar[dict[tuple[Any, ...], tuple[Any, ...]]] = {}
    MAX_ENTRIES = 4096
    kept: ClassVar[Any] = None  # earlier processes' parses and lines (``files.kept_table.KeptTable``), or None

    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is not None or not isinstance(text, str) or not isinstance(bulletText, str | None):
            return super()._setup(text, style, bulletText, frags, cleaner)
        key = (text, id(style), bulletText, self.caseSensitive)
        found = self._parsed.get(key)
        # a paragraph with the client's own words is kept in this process only, its lines too
        self._kept_on_disk = _open(self.kept) and not _private(text)
        if found is None or found[0] is not style:
            found = self._parse(text, style, bulletText, cleaner)
            if len(self._parsed) >= self.MAX_ENTRIES:
                self._parsed.clear()
            self._parsed[key] = found
        _, self.text, self.frags, self.style, self.bulletText = found
        self.debug = 0
        return None

    def _parse(self, text, style, bulletText, cleaner) -> tuple[Any, ...]:
        """(style, text, frags, style after parsing, bullet): kept by an earlier process, or parsed now."""
        named = style_key(style) if self._kept_on_disk else None
        stored_key = None if named is None else ("parse", text, named, bulletText, self.caseSensitive)
        stored = _recall(self.kept, stored_key)
        if isinstance(stored, tuple) and len(stored) == 3:
            return (style, stored[0], stored[1], style, stored[2])
        super()._setup(text, style, bulletText, None, cleaner)
        if self.style is style:  # a paragraph whose markup made its own style is kept in this process only
            _keep(self.kept, stored_key, (self.text, self.frags, self.bulletText))
        return (style, self.text, self.frags, self.style, self.bulletText)

    def breakLines(self, width):
        bullet = self.bulletText
        if not isinstance(self.text, str) or getattr(self, "_splitpara", 0) or not isinstance(bullet, str | None):
            return super().breakLines(width)
        widths = tuple(width) if isinstance(width, list | tuple) else width
        key = (self.text, bullet, id(self.style), widths)
        found = self._lines.get(key)
        if found is not None and found[0] is self.style:
            _handleBulletWidth(bullet, self.style, width)  # the one side effect of breaking, kept
            return found[1]
        named = style_key(self.style) if getattr(self, "_kept_on_disk", False) and _open(self.kept) else None
        stored_key = None if named is None else ("lines", self.text, bullet, named, widths)
        lines = _recall(self.kept, stored_key)
        if lines is not None:
            _handleBulletWidth(bullet, self.style, width)
        else:
            lines = super().breakLines(width)
            _keep(self.kept, stored_key, lines)
        if len(self._lines) >= self.MAX_ENTRIES:
            self._lines.clear()
        self._lines[key] = (self.style, lines)
        return lines

    def wrap(self, availWidth, availHeight):
        """``Paragraph.wrap`` once per text, bullet, style and width in this process: the same lines
        (``breakLines`` keeps them too) and height, set again as the first time.

        Relies on: ``wrap`` setting only ``width``, ``_wrapWidths`` (first line
        narrowed for a bullet by ``_handleBulletWidth``), ``blPara`` and
        ``height``, from the style, ``autoLeading``, the width and the lines alone.
        """
        bullet = self.bulletText
        if (not isinstance(self.text, str) or getattr(self, "_splitpara", 0) or not isinstance(bullet, str | None)
                or self.style.wordWrap == "CJK" or availWidth < _FUZZ):  # CJK breaking; no room to try
            return super().wrap(availWidth, availHeight)
        key = (self.text, bullet, id(self.style), availWidth, getattr(self, "autoLeading", None), self.caseSensitive)
        found = self._wraps.get(key)
        if found is not None and found[0] is self.style:
            _, widths, self.blPara, self.height = found
            self.width, self._wrapWidths = availWidth, list(widths)
            return availWidth, self.height
        width, height = super().wrap(availWidth, availHeight)
        if len(self._wraps) >= self.MAX_ENTRIES:
            self._wraps.clear()
        self._wraps[key] = (self.style, tuple(self._wrapWidths), self.blPara, height)
        return width, height
