"""Which text encoding a client list was saved in, measured from its bytes.

Booking systems and spreadsheets save lists in whatever the machine used:
UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode Text"),
or a single-byte code page (Windows-1250 in Poland or Czechia, 1252 in
Western Europe, 1253 in Greece, 1254 in Turkey, Mac Roman on older Macs).
A wrong guess does not fail: it prints "£ukasz ¯ó³æ" on a client's sheet.
So the guess is measured, and when it cannot be trusted the batch stops.

The rule, in order:

1. A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32).
2. Without one, text whose every other byte is mostly NUL is UTF-16.
3. Bytes that decode as strict UTF-8 are UTF-8 (a single-byte text with
   accents is practically never valid UTF-8).
4. Otherwise every candidate code page that decodes the file is scored by
   how implausible its names look: a symbol glued to a letter ("£ukasz"),
   an accented capital inside a lower-case word ("JosŽ"), Latin and Greek or
   Cyrillic letters in one word, or accents no single language writes
   together in one word (10 points each), or in one cell (1 point); words
   that read the same in every code page ("37°C", "Müller") are left out. The
   lowest score wins **only if** it has no 10-point token and every code page
   that reads the file differently scores higher. Otherwise the caller is told
   which rows read differently, so a person can choose with ``--encoding``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import InputError, did_you_mean

# Code pages tried when a file is neither UTF-8 nor UTF-16. Baltic (cp1257) and Mac Central European are
# left out on purpose: their accents fit garbled Western and Czech names too well (measured: "Zoë Dvořák"
# in cp1250 read as a clean Lithuanian "Zoė Dvoųįk"); such lists need --encoding.
CODE_PAGES: tuple[str, ...] = ("cp1252", "cp1250", "cp1254", "cp1253", "cp1251", "mac_roman")
LABELS: dict[str, str] = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE", "utf-32": "UTF-32", "cp1252": "Windows-1252 (Western)",
    "cp1250": "Windows-1250 (Central European)", "cp1254": "Windows-1254 (Turkish)",
    "cp1253": "Windows-1253 (Greek)", "cp1251": "Windows-1251 (Cyrillic)", "cp1257": "Windows-1257 (Baltic)",
    "mac_roman": "Mac Roman", "mac_latin2": "Mac Central European",
}
SAMPLE_BYTES = 4 << 20  # the part of a file that is scored; the rest is only checked to decode
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)

# Accented Latin letters each language writes (lower case). A word whose accents fit none of them is suspect.
ALPHABETS: tuple[str, ...] = (
    "äöüß",  # German
    "àâæçéèêëîïôœùûüÿ",  # French
    "áâãàçéêíóôõúü",  # Portuguese
    "áéíóúüñ",  # Spanish
    "àèéìíîòóùú",  # Italian
    "áéèëïóöüú",  # Dutch
    "åäöæøé",  # Scandinavian
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Serbian (Latin), Slovene, Bosnian
    "çğıöşüâîûİ",  # Turkish (İ is kept as it is: it lowers to two characters)
    "çë",  # Albanian
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
)
# Punctuation and signs that may touch a letter: apostrophes, quotes, dashes, "37°C", "n°", "Brand®".
TOUCHING = set("’‘‚‛“”„‟«»‹›–—‐‑…°®©™")
SPLIT = re.compile(r"[\s!-/:-@\[-`{-~’‘‚‛“”„‟«»‹›–—‐‑…]+")


@dataclass
class Detection:
    """The encoding chosen, how it was chosen, and (when unsure) the rows that decide it."""

    encoding: str
    how: str  # "bom", "utf-16", "utf-8", "scored", "forced"
    confident: bool = True
    runner_up: str | None = None
    suspicious: list[tuple[int, str, str]] = field(default_factory=list)  # row, as chosen, as runner-up

    @property
    def label(self) -> str:
        return LABELS.get(self.encoding, self.encoding)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "GREEK", "CYRILLIC"):
        if name.startswith(script):
            return script
    return "OTHER"


def _accents(token: str) -> set[str]:
    return {c.lower() if len(c.lower()) == 1 else c for c in token
            if ord(c) > 127 and c.isalpha() and _script(c) == "LATIN"}


def _fits_one_language(accents: set[str]) -> bool:
    return not accents or any(accents <= set(alphabet) for alphabet in ALPHABETS)


def odd_token(token: str) -> bool:
    """Would a person call this word garbled? (The 10-point test.)"""
    if token.isascii():
        return False
    for i, char in enumerate(token):
        if ord(char) > 127 and not char.isalpha() and unicodedata.category(char)[0] not in "M" \
                and char not in TOUCHING:
            neighbours = token[max(i - 1, 0):i] + token[i + 1:i + 2]
            if any(n.isalpha() for n in neighbours):
                return True  # a symbol or digit glued to a letter: "£ukasz", "¯ó³æ"
    letters = [c for c in token if c.isalpha()]
    if any(c.islower() for c in letters) and any(ord(c) > 127 and c.isupper() for c in letters[1:]):
        return True  # "JosŽ", "MŸller"
    if len({_script(c) for c in letters}) > 1:
        return True  # Latin mixed with Greek or Cyrillic in one word
    return not _fits_one_language(_accents(token))


def tokens_of(cells: Iterable[str]) -> list[str]:
    return [t for cell in cells for t in SPLIT.split(cell) if t]


def row_score(cells: Iterable[str], shared: frozenset[str] = frozenset()) -> tuple[int, bool]:
    """Points for one row, and whether it holds a garbled word.

    Words in ``shared`` read the same in every code page tried: they cannot
    tell the code pages apart, so they neither score nor stop a list.
    """
    score, garbled = 0, False
    for cell in cells:
        tokens = [t for t in SPLIT.split(cell) if t and t not in shared]
        odd = sum(odd_token(t) for t in tokens)
        garbled = garbled or odd > 0
        score += 10 * odd
        if not odd and not _fits_one_language(set().union(*(_accents(t) for t in tokens)) if tokens else set()):
            score += 1
    return score, garbled


def _bom(head: bytes) -> str | None:
    for mark, encoding in BOMS:
        if head.startswith(mark):
            return encoding
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a mark: most of the even (BE) or odd (LE) bytes are NUL."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for part, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if part.count(0) >= 0.4 * len(part) and (even if part is odd else odd).count(0) < 0.05 * len(part):
            return encoding
    return None


def decodes(path: Path, encoding: str) -> int | None:
    """None if the whole file decodes in ``encoding``, else the (1-based) line where it first fails."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[:exc.start].count(b"\n")
            line += text.count("\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return line
    return None


def check_encoding_name(name: str) -> str:
    """A Python codec name for ``--encoding``, or a one-line error with the nearest known one."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown encoding '{name}'", field="--encoding",
                         hint=did_you_mean(name.lower(), LABELS, otherwise="e.g. utf-8, cp1250, cp1252, mac_roman")
                         ) from None


RowsOf = Callable[[str], Iterator[tuple[int, list[str]]]]


def detect(path: Path, rows_of: RowsOf) -> Detection:
    """Measure the encoding of ``path``; ``rows_of`` splits decoded text into (row number, cells).

    Only a list that is neither marked, UTF-16 nor UTF-8 needs its sample
    (up to ``SAMPLE_BYTES``) read and scored: the rest is decided from the
    first 4 KB and a streamed check, so a batch's parent does not hold the
    whole of a long list in memory at its start.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    found = _bom(head[:4])
    if found:
        return Detection(found, "bom")
    wide = _utf16_without_bom(head)
    if wide and decodes(path, wide) is None:
        return Detection(wide, "utf-16")
    if decodes(path, "utf-8") is None:
        return Detection("utf-8", "utf-8")
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    return _scored(path, sample, rows_of)


def _first_difference(ours: list[str], theirs: list[str]) -> tuple[str, str]:
    """The first word that reads differently (or, alone, the first garbled one), to show a person."""
    mine, other = tokens_of(ours), tokens_of(theirs)
    for a, b in zip(mine, other, strict=False):
        if a != b:
            return a, b
    return next((t for t in mine if odd_token(t)), " ".join(ours)), ""


def _scored(path: Path, sample: bytes, rows_of: RowsOf) -> Detection:
    """Score each code page that decodes the file; see the module docstring for when the best one is trusted."""
    cut = sample.rfind(b"\n") if len(sample) == SAMPLE_BYTES else len(sample)
    sample = sample[:cut if cut > 0 else len(sample)]
    decoded = {e: dict(rows_of(sample.decode(e))) for e in CODE_PAGES if decodes(path, e) is None}
    if not decoded:
        raise InputError("cannot read the file as text in any encoding handouts knows", file=str(path),
                         hint="save it from your spreadsheet as 'CSV UTF-8'")
    shared = frozenset.intersection(*(frozenset(t for cells in rows.values() for t in tokens_of(cells))
                                      for rows in decoded.values()))
    readings: dict[str, tuple[int, bool, dict[int, list[str]]]] = {}
    for encoding, rows in decoded.items():
        scores = [row_score(cells, shared) for cells in rows.values()]
        readings[encoding] = (sum(s for s, _ in scores), any(g for _, g in scores), rows)
    best = min(readings, key=lambda e: readings[e][0])  # min keeps the first of equals: CODE_PAGES order
    score, garbled, rows = readings[best]
    rivals = [e for e in readings if e != best and readings[e][2] != rows]
    close = [e for e in rivals if readings[e][0] <= score]
    if not garbled and not close:
        return Detection(best, "scored", runner_up=min(rivals, key=lambda e: readings[e][0]) if rivals else None)
    other = close[0] if close else None
    suspicious = []
    for number, cells in rows.items():
        theirs = readings[other][2].get(number) if other else None
        if (other and theirs != cells) or row_score(cells, shared)[1]:
            suspicious.append((number, *_first_difference(cells, theirs or [])))
    return Detection(best, "scored", confident=False, runner_up=other, suspicious=suspicious)
