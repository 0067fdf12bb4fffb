"""Drawing work kept for the next process (``files.kept_table``): the chart's foot forms and lit zones, the font
subsets and the compressed large streams. A fresh process that finds them draws the same bytes without making
them again."""

from __future__ import annotations

from .conftest import python_output

# One fresh process: a sheet drawn with counters on the work a kept table saves, then the PDF's hash.
# ("large streams": compressed at the level kept streams use; the font subsets are some of them.)
PROBE = '''
import hashlib, zlib
from reportlab.pdfbase.ttfonts import TTFontFace
from handouts import build
from handouts.charts import paint
from handouts.files.search_path import find_workspace

from reportlab.platypus import paragraph, paraparser

made = {"forms": 0, "subsets": 0, "large streams": 0, "parses": 0, "line breaks": 0, "highlights": 0}

def counted(name, real):
    def call(*args, **kwargs):
        made[name] += 1
        return real(*args, **kwargs)
    return call

paint.draw_quiet_layer = counted("forms", paint.draw_quiet_layer)
paint._paint_highlights = counted("highlights", paint._paint_highlights)
TTFontFace.makeSubset = counted("subsets", TTFontFace.makeSubset)
paraparser.ParaParser.parse = counted("parses", paraparser.ParaParser.parse)
paragraph.Paragraph.breakLines = counted("line breaks", paragraph.Paragraph.breakLines)
real_compress = zlib.compress
def compress(data, level=-1, **kwargs):
    if level == 6:
        made["large streams"] += 1
    return real_compress(data, level, **kwargs)
zlib.compress = compress
workspace = find_workspace()
client = build.check_client(workspace, {"name": "Ana Lima", "goals": "sleep;digestion", "conditions": "pregnancy"})
first = build.sheet_pdf(workspace, client)
after_first = dict(made)
second = build.sheet_pdf(workspace, client)  # the tables were written after the first document and let go
print(hashlib.sha256(first).hexdigest(), first == second, *after_first.values(), sep=",")
'''


def run(monkeypatch, cache) -> tuple[object, ...]:
    """(the PDF's hash, whether a second sheet in the process was the same, then how many forms, subsets,
    large streams, parses, line breaks and lit feet the first sheet made)."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(cache))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    digest, same, *counts = python_output(PROBE).strip().split(",")
    return digest, same == "True", *map(int, counts)


def test_a_later_process_draws_the_same_bytes_from_the_kept_work_without_making_it(tmp_path, monkeypatch):
    cold = run(monkeypatch, tmp_path / "cache")
    assert cold[1] and all(count > 0 for count in cold[2:])  # a fresh cache: everything made
    assert {p.name for p in (tmp_path / "cache").iterdir()} >= {"chart-forms", "streams", "paragraphs"}
    warm = run(monkeypatch, tmp_path / "cache")
    assert warm[:4] == (cold[0], True, 0, 0)  # the same PDF: no foot painted, no font subset made again
    assert warm[4] == cold[4] - cold[3]  # nor compressed again (pages and forms are: only fonts are kept)
    # and of the text, only the paragraph with the client's own words (their name) is parsed and broken again
    assert warm[5] == 1 and 1 <= warm[6] <= 2 and cold[5] > 20
    assert warm[7] == 0  # the lit zones' operators are kept too (chart-forms)
    without = run(monkeypatch, "off")
    assert without[0] == cold[0] and all(count > 0 for count in without[2:])


def test_damaged_kept_work_is_made_again_and_draws_the_same_bytes(tmp_path, monkeypatch):
    from handouts.files.cache import keep, read_stored

    cold = run(monkeypatch, tmp_path / "cache")
    for folder in ("chart-forms", "streams", "paragraphs"):
        for path in (tmp_path / "cache" / folder).iterdir():
            key = path.stem
            table = read_stored(folder, key)
            assert isinstance(table, dict) and table
            damaged = {"chart-forms": ["not", 1, "operator"], "streams": 42, "paragraphs": b"\x80not a pickle"}[folder]
            keep(folder, key, dict.fromkeys(table, damaged))
    again = run(monkeypatch, tmp_path / "cache")
    assert again[0] == cold[0] and all(count > 0 for count in again[2:])


def test_a_table_past_its_limit_keeps_only_what_the_process_used(tmp_path, monkeypatch):
    from handouts.files.kept_table import KeptTable

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    table = KeptTable("probe", "key", limit=4)
    for n in range(4):
        table.add(n, str(n))
    table.save()
    later = KeptTable("probe", "key", limit=4)
    assert later.get(0) == "0" and later.get(1) == "1" and later.get(2) == "2"
    later.add(9, "nine")  # five entries, over the limit: the unused one (3) goes
    later.save()
    assert KeptTable("probe", "key", limit=4).entries == {0: "0", 1: "1", 2: "2", 9: "nine"}


def test_a_closed_table_asks_and_holds_nothing(tmp_path, monkeypatch):
    from handouts.files.kept_table import KeptTable

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    table = KeptTable("probe", "key")
    table.add("a", b"x" * 1000)
    table.close()
    table.add("b", b"y")
    assert table.closed and not table.entries and not table.new
    table.save()
    assert not (tmp_path / "probe").exists()


PRIVATE_PROBE = '''
from handouts import build
from handouts.files.search_path import find_workspace

workspace = find_workspace()
client = build.check_client(workspace, {"name": "Quillon O'Brien & <b>Sons</b>", "goals": "sleep",
                                        "therapist": "Marguerite  Tollan",
                                        "notes": "Zephyrine   oil\\n  Nightjar walk"})
build.sheet_pdf(workspace, client)
print("drawn")
'''


def _everything_in(value: object, found: list[bytes]) -> None:
    """Every text and byte string inside a stored value, nested pickles and zlib streams opened too."""
    import contextlib
    import pickle
    import zlib

    if isinstance(value, str):
        found.append(value.encode())
    elif isinstance(value, bytes | bytearray):
        found.append(bytes(value))
        for opened in (pickle.loads, zlib.decompress):
            with contextlib.suppress(Exception):
                _everything_in(opened(value), found)
    elif isinstance(value, dict):
        for pair in value.items():
            _everything_in(pair, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _everything_in(item, found)
    elif hasattr(value, "__dict__"):
        _everything_in(vars(value), found)


def test_the_cache_keeps_nothing_of_a_clients_own_words(tmp_path, monkeypatch):
    """Forgetting a client must leave nothing of them behind: no kept table holds their name, notes or therapist."""
    import pickle

    from handouts.files.cache import CHECK_SIZE, MAGIC

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    for _ in range(2):  # a fresh cache, then a warm one (tables written again with what was used)
        assert python_output(PRIVATE_PROBE).strip() == "drawn"
    found: list[bytes] = []
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert {path.parent.name for path in files} >= {"paragraphs", "streams", "chart-forms"}
    for path in files:
        data = path.read_bytes()
        found.append(data)
        if data.startswith(MAGIC):
            _everything_in(pickle.loads(data[len(MAGIC) + CHECK_SIZE:]), found)
    assert len(found) > 100  # the tables were opened, nested pickles and streams too
    for word in (b"Quillon", b"Zephyrine", b"Nightjar", b"Tollan"):
        assert not any(word in blob for blob in found), word
