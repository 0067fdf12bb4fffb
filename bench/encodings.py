"""How well a client list's encoding is detected: right, stopped (asks for --encoding) or wrong.

    python bench/encodings.py

Uses the test corpus's names (Polish, Czech, German, French, Portuguese,
Turkish, Greek) plus a few harder ones, saved in every code page that can
hold them, once as whole lists (one language a file, as a clinic's export
would be) and once a name a file (the hardest case: one or two accented
words). "wrong" is the number that must stay 0: a stop costs a person one
flag, a wrong reading prints a garbled name on a client's sheet.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from export_corpus import ENCODINGS, NAMES, encodable, export_bytes  # noqa: E402

from handouts.errors import HandoutsError  # noqa: E402
from handouts.intake.client_list import open_client_list  # noqa: E402

HARDER = ["Zoë Dvořák", "Guðrún Jónsdóttir", "Ørjan Håland", "Ferenc Szőke", "Ștefan Pană", "Ivan Petrović"]


def outcome(folder: Path, names: list[str], codec: str, delimiter: str) -> str:
    path = folder / "list.csv"
    path.write_bytes(export_bytes(names, codec, delimiter))
    try:
        got = [row.fields.get("name") for row in open_client_list(path).rows()]
    except HandoutsError:
        return "stopped"
    return "right" if got == names else "WRONG"


def main() -> None:
    lists: Counter[str] = Counter()
    single: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, codec, delimiter in ENCODINGS:
            for language, names in NAMES.items():
                if encodable(names, codec):
                    result = outcome(folder, names, codec, delimiter)
                    lists[result] += 1
                    if result == "WRONG":
                        print(f"  wrong: {language} list in {label}")
            for name in [n for names in NAMES.values() for n in names] + HARDER:
                if encodable([name], codec):
                    result = outcome(folder, [name], codec, delimiter)
                    single[result] += 1
                    if result == "WRONG":
                        print(f"  wrong: {name!r} alone in {label}")
    for title, counts in (("whole lists", lists), ("one name a file", single)):
        total = sum(counts.values())
        print(f"{title}: {total} files: " + ", ".join(f"{k} {counts[k]}" for k in ("right", "stopped", "WRONG")))


if __name__ == "__main__":
    main()
