"""Client lists as real exports save them: names in seven languages, in the encodings clinics meet.

``write_corpus(folder)`` writes one CSV per (encoding, language) pair the
encoding can hold, and returns ``{file: names}``; the tests run each through a
batch and expect every name back, exactly, in its sheet's text.
Run it as a script to look at the files: ``python tests/export_corpus.py DIR``.
"""

from __future__ import annotations

import sys
from pathlib import Path

NAMES: dict[str, list[str]] = {
    "polish": ["Łukasz Żółć", "Małgorzata Dąbrowska", "Jędrzej Kuźniar", "Zofia Wiśniewska"],
    "czech": ["Jiří Dvořák", "Věra Čermáková", "Tomáš Šťastný", "Růžena Hůlová"],
    "german": ["Jürgen Müller", "Grete Weiß", "Björn Schäfer", "Ursula Köhler"],
    "french": ["Hélène Lefèvre", "François Mercœur", "Zoë Brontë", "José Müller"],
    "portuguese": ["João Gonçalves", "Conceição Araújo", "Sebastião Ribeiro", "Inês Magalhães"],
    "turkish": ["Ayşe Yılmaz", "Gökçe Öztürk", "İsmail Şahin", "Çağrı Doğan"],
    "greek": ["Νίκος Παπαδόπουλος", "Ελένη Γεωργίου", "Δημήτρης Οικονόμου", "Σοφία Καραγιάννη"],
}
# (file label, Python codec, delimiter): Excel's "Unicode Text" is UTF-16 LE with a BOM, tab-separated.
ENCODINGS: list[tuple[str, str, str]] = [
    ("utf8", "utf-8", ","),
    ("utf8-bom", "utf-8-sig", ";"),
    ("utf16-le-bom", "utf-16", "\t"),  # Python writes the platform's order with a BOM: LE on every CI machine
    ("utf16-be-bom", "utf-16-be", "\t"),  # the BOM is added by hand below
    ("cp1250", "cp1250", ";"),
    ("cp1252", "cp1252", ";"),
    ("cp1253", "cp1253", ";"),
    ("cp1254", "cp1254", ";"),
    ("mac-roman", "mac_roman", ","),
]
GOALS = ("sleep", "stress", "digestion", "lower-back")


def encodable(names: list[str], codec: str) -> bool:
    try:
        for name in names:
            name.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def export_bytes(names: list[str], codec: str, delimiter: str) -> bytes:
    """A list as a spreadsheet saves it: header, CRLF line ends, one client a row."""
    lines = [delimiter.join(("Name", "Goals", "Minutes"))]
    lines += [delimiter.join((name, GOALS[i % len(GOALS)], "15")) for i, name in enumerate(names)]
    data = ("\r\n".join(lines) + "\r\n").encode(codec)
    return b"\xfe\xff" + data if codec == "utf-16-be" else data


def write_corpus(folder: Path) -> dict[Path, list[str]]:
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, list[str]] = {}
    for label, codec, delimiter in ENCODINGS:
        for language, names in NAMES.items():
            if not encodable(names, codec):
                continue
            path = folder / f"{language}-{label}.csv"
            path.write_bytes(export_bytes(names, codec, delimiter))
            written[path] = names
    return written


if __name__ == "__main__":
    for path, names in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")).items():
        print(path, len(names))
