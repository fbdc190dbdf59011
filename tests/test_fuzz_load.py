"""No input crashes the engine: huge, empty, control-character and non-UTF-8 fields, wrong types and deep nesting,
through every source into a real graph. The engine still answers, the graph keeps its invariants, no key nears the
engines' index limits, and each bad record is a Reject or a Cut in the report, never a traceback."""

from __future__ import annotations

import gzip
import json
import random
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.graph import Graph
from loaders.check import check
from loaders.limits import ABSTRACT_CHARS, ID_CHARS, KEY_CHARS, VENUE_CHARS
from loaders.records import FormatError, Record, Stopped
from loaders.sources import open_records
from tests.conftest import FIXTURES, dblp_file
from tests.loading import invariant, load_files, wrong_counters

pytestmark = pytest.mark.anyio

HUGE = "A" * 5_000  # the size that crashed FalkorDB 4.16's unique-constraint check
WIDE = "Ω" * 5_000  # two bytes a character in UTF-8: 10 KB
VAST = "lorem ipsum " * 10_000  # 120,000 characters
CONTROL = "Nul\x00 esc\x1b bell\x07 del\x7f nel\x85 line\u2028sep"
ODD = "Zoë 👩‍🔬 \u202eright-to-left\u202c e\u0301"
LONG_TITLE = " ".join(f"word{i}" for i in range(300))  # 2,289 characters: over the title limit
KEYED_TITLE = " ".join(f"w{i}" for i in range(500))[:1_900]  # under the title limit, its key over KEY_CHARS


def _bib(key: str, kind: str = "article", **fields: str) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}}}\n"


def bibtex_file(tmp_path: Path) -> Path:
    """Entries each with one bad field; valid UTF-8 but for one entry's bytes; the last entry never closes."""
    ok = {"author": "Ann Bee and Cy Dee", "year": "2020"}
    entries = [
        _bib("t1", title=HUGE, **ok), _bib("t2", title=WIDE, **ok), _bib("t3", title=LONG_TITLE, **ok),
        _bib("t4", title=KEYED_TITLE, **ok), _bib("t4b", title=KEYED_TITLE, **ok),  # one paper: their keys agree
        _bib("a1", title="Huge Author", author=HUGE, year="2020"), _bib("a2", title="Wide Author", author=WIDE),
        _bib("v1", title="Huge Venue", booktitle=VAST, **ok), _bib("ab", title="Vast Abstract", abstract=VAST, **ok),
        _bib("y1", title="Year Five Digits", author="Ann Bee", year="99999"),
        _bib("y2", title="Year Superscript", author="Ann Bee", year="²⁰²⁰"),
        _bib("y3", title="Year Empty", author="Ann Bee", year=""),
        _bib("e1", title="", **ok), _bib("e2", title="   ", **ok), _bib("e3", title="{}", **ok),
        _bib("e4", title="?!", **ok), _bib("c1", title=CONTROL, author=CONTROL, year="2020"),
        _bib("o1", title=ODD, author=ODD + " and Ann Bee"),
        _bib("journals/x/" + HUGE, title="Huge DBLP Key", **ok), _bib("d1", title="Huge DOI", doi=HUGE, **ok),
        _bib("k1", title="Huge Keyword", keywords=VAST[:5_000], **ok), _bib("x1", kind="a" * 5_000, title="Huge Kind"),
        "@article{early,\n  title = {Closed Early}},\n  author = {Ann Bee},\n  year = {2020}\n}\n",
        _bib("u1", title="Ünïcödé Fïne", **ok),
    ]
    path = tmp_path / "fuzz.bib"
    data = "".join(entries).encode()
    bad_bytes = _bib("b1", title="Caf\udce9 Latin-1", **ok).encode("utf-8", "surrogateescape")  # a lone 0xE9 byte
    bad_bytes += _bib("caf\udce9", year="2020").encode("utf-8", "surrogateescape")  # quoted in its reject's reason
    path.write_bytes(data + bad_bytes + b"@article{cut,\n  title = {The file ends in th")
    return path


def _arxiv(arxiv_id: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": arxiv_id, "submitter": "Ann Bee", "title": f"Paper {arxiv_id}", "journal-ref": None, "doi": None,
        "categories": "cs.LG", "abstract": "An abstract.", "authors_parsed": [["Bee", "Ann", ""], ["Dee", "Cy", ""]],
        "versions": [{"version": "v1", "created": "Tue, 5 Jan 2021 10:00:00 GMT"}],
    }
    return base | fields


def arxiv_file(tmp_path: Path) -> Path:
    objects = [
        _arxiv("1", title=HUGE), _arxiv("2", title=123), _arxiv("3", title=["a", "list"]), _arxiv("4", title=""),
        _arxiv("5", authors_parsed="Ann Bee and Cy Dee"), _arxiv("6", authors_parsed=[[1, 2]]),
        _arxiv("7", authors_parsed=[[HUGE, "Ann", ""]]), _arxiv("8", authors_parsed=[["Bee", "Ann", "", VAST]]),
        _arxiv("9", versions=[{"created": "yesterday"}]), _arxiv("10", versions="v1"),
        _arxiv("11", **{"journal-ref": VAST}), _arxiv("12", categories="cs." + HUGE), _arxiv("13", abstract=VAST),
        _arxiv("14", title=CONTROL), _arxiv(HUGE), _arxiv("15", doi=HUGE), _arxiv("16", title=ODD),
        _arxiv("17", title=KEYED_TITLE), _arxiv("18", authors_parsed=[[WIDE, "", ""]]),
    ]
    lines = [json.dumps(o) for o in objects]
    lines += [
        '{"id": "19", "title": "Lone \\ud800 Surrogate", "authors_parsed": [["Bee", "Ann", ""]]}',
        "[" * 100_000 + "]" * 100_000,
        '{"id": "20", "title": "Deep", "x": ' + "[" * 5_000 + "]" * 5_000 + "}",
        '{"id": "21", "title": "Huge Number", "n": ' + "9" * 5_000 + "}",
        "",
        "not json at all",
    ]
    data = "\n".join(lines).encode() + b"\n"
    data += b'{"id": "22", "submitter": "x", "title": "Caf\xe9 Latin-1", "authors_parsed": [["Bee", "Ann", ""]]}\n'
    path = tmp_path / "fuzz-arxiv.jsonl"
    path.write_bytes(data + b'{"id": "23", "submitter": "x", "title": "Cut mid-w')
    return path


def _openalex(n: int, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"https://openalex.org/W{n}", "display_name": f"Work {n}", "publication_year": 2021,
        "authorships": [{"author": {"id": f"https://openalex.org/A{n}", "display_name": "Ann Bee"},
                         "institutions": [{"id": "https://openalex.org/I1", "display_name": "Uni"}]}],
    }
    return base | fields


def openalex_works() -> list[dict[str, Any]]:
    return [
        _openalex(1, display_name=HUGE), _openalex(2, display_name=42, title=None), _openalex(3, display_name=None),
        _openalex(4, authorships="Ann Bee"), _openalex(5, authorships=[1, 2]),
        _openalex(6, authorships=[{"author": {"display_name": 5}}]), _openalex(7, publication_year="2020"),
        _openalex(8, publication_year=2020.5), _openalex(9, publication_year=True),
        _openalex(10, publication_year=99999), _openalex(11, publication_year=-5), _openalex(12, doi=HUGE),
        _openalex(13, id="https://openalex.org/W" + "9" * 5_000), _openalex(14, display_name=CONTROL),
        _openalex(15, authorships=[{"author": {"display_name": WIDE}}]),
        _openalex(16, authorships=[{"author": {"display_name": "Cy Dee"}, "institutions": [{"display_name": VAST}]}]),
        _openalex(17, topics=[{"id": "https://openalex.org/T1", "display_name": VAST}]),
        _openalex(18, primary_location={"source": {"display_name": VAST}}), _openalex(19, abstract=VAST),
        _openalex(20, display_name=ODD), _openalex(21, publication_date=VAST),
        _openalex(22, abstract_inverted_index={"word": [0, 10**9, "x"], "two": "not a list"}),
    ]


def openalex_files(tmp_path: Path) -> tuple[Path, Path]:
    """The works as JSON lines (with a line of deep nesting and a lone surrogate) and as an API page cut mid-way."""
    lines = [json.dumps(w) for w in openalex_works()]
    lines += ['{"id": "https://openalex.org/W30", "display_name": "Lone \\udfff"}', "{" * 50_000]
    path = tmp_path / "fuzz-works.jsonl"
    path.write_bytes("\n".join(lines).encode() + b'\n{"id": "https://openalex.org/W31", "display_name": "Caf\xe9"}\n')
    page = json.dumps({"meta": {"count": 30}, "results": openalex_works()})
    page_path = tmp_path / "fuzz-page.json"
    page_path.write_text(page[: len(page) - 300])  # cut inside the last work
    return path, page_path


def dblp_files(tmp_path: Path) -> tuple[Path, Path]:
    """One dblp.xml with bad fields (all legal XML), and one that breaks part way with a control character."""
    ok = "<author>Ann Bee</author><author>Cy Dee</author><year>2020</year>"
    records = [
        f'<article key="journals/x/t1"><title>{HUGE}</title>{ok}</article>',
        f'<article key="journals/x/a1"><author>{HUGE}</author><title>Huge Author.</title></article>',
        f'<article key="journals/x/{HUGE}"><title>Huge Key.</title>{ok}</article>',
        f'<inproceedings key="conf/x/v1"><title>Huge Venue.</title><booktitle>{VAST}</booktitle>{ok}</inproceedings>',
        '<article key="journals/x/y1"><title>Five Digit Year.</title><year>99999</year></article>',
        '<article key="journals/x/y2"><title>Superscript Year.</title><year>&#178;&#185;&#178;&#178;</year></article>',
        f'<article key="journals/x/e1"><title></title>{ok}</article>',
        f'<article key="journals/x/d1"><title>Huge DOI.</title><ee>https://doi.org/{HUGE}</ee>{ok}</article>',
        f'<article key="journals/x/w1"><title>{"&#937;" * 5_000}</title>{ok}</article>',
        f'<article key="journals/x/ok"><title>Caf&eacute; Fine.</title>{ok}</article>',
    ]
    path = dblp_file(tmp_path, "<dblp>\n" + "\n".join(records) + "\n</dblp>\n", "fuzz.xml")
    broken = dblp_file(tmp_path, f'<dblp>\n{records[-1]}\n<article key="b"><title>Bell \x07</title></article>\n'
                       + "\n".join(records) + "\n</dblp>\n", "broken.xml")
    return path, broken


def profile_file(tmp_path: Path) -> Path:
    """A profile page whose listings have a huge title, a control-character title and bytes that are not UTF-8."""
    head = "Researcher profile\n\nAnn Bee\n\n3works\n\nPublished work\n\n3 published item(s)\n\n"
    listings = [f"conference paper2019Venue\n\n{title}\n\nAn abstract.\n\n" for title in (HUGE, CONTROL, WIDE)]
    path = tmp_path / "fuzz-profile.txt"
    path.write_bytes((head + "".join(listings)).encode() + b"article2020Venue\n\nCaf\xe9 title\n\nAbstract.\n")
    return path


def all_files(tmp_path: Path) -> list[tuple[str, Path]]:
    works, page = openalex_files(tmp_path)
    dblp, broken = dblp_files(tmp_path)
    return [("bibtex", bibtex_file(tmp_path)), ("arxiv", arxiv_file(tmp_path)), ("openalex", works),
            ("openalex", page), ("dblp", dblp), ("dblp", broken), ("profile", profile_file(tmp_path))]


async def test_bad_fields_through_every_source_leave_an_engine_that_answers_and_a_sound_graph(
    graph: Graph, tmp_path: Path
) -> None:
    """Every source's bad records load or are reported; the engine answers, invariants hold, keys stay short."""
    stopped: list[str] = []
    for source, path in all_files(tmp_path):
        summary = await load_files(graph, source, path, tmp_path=tmp_path)
        stopped += summary.stopped
    counts = await graph.counts()  # the engine still answers
    assert counts["nodes"]["Paper"] > 20 and counts["nodes"]["Researcher"] > 3
    pairs = await invariant(graph)
    assert pairs["wrong"] == 0 and pairs["edges"] == pairs["pairs"] > 0
    assert await wrong_counters(graph) == 0
    report = await check(graph)  # what `collab db check` says of it
    assert report.ok, report.text()
    [lengths] = await graph.read("inspect/list_key_lengths")
    assert max(v for v in lengths.values() if v is not None) <= ID_CHARS, lengths
    assert lengths["paper_title_year"] <= KEY_CHARS + 5 and lengths["researcher_name_key"] <= KEY_CHARS
    # Files cut short say where: BibTeX's unclosed last entry, arXiv's last line, the page, the broken dblp.xml.
    assert [s.split(":")[0] for s in stopped] == ["fuzz.bib", "fuzz-arxiv.jsonl", "fuzz-page.json", "broken.xml"]

    reports = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    reasons = [(r["where"].split(":")[0], r["outcome"], r["reason"]) for r in reports]

    def said(file: str, outcome: str, *words: str) -> int:
        return sum(f == file and o == outcome and all(w in reason for w in words) for f, o, reason in reasons)

    assert said("fuzz.bib", "skipped", "title of 5,000 characters") == 2
    assert said("fuzz.bib", "skipped", "not valid UTF-8") == 1
    assert said("fuzz.bib", "skipped", "closed early by an extra brace") == 1
    assert said("fuzz.bib", "cut", "venue of", f"cut to the limit of {VENUE_CHARS:,}") == 1
    assert said("fuzz.bib", "cut", "abstract of", f"cut to the limit of {ABSTRACT_CHARS:,}") == 1
    assert said("fuzz-arxiv.jsonl", "skipped", "title is not a string") == 2
    assert said("fuzz-arxiv.jsonl", "skipped", "authors_parsed is not a list of names") == 1
    assert said("fuzz-arxiv.jsonl", "skipped", "nested too deep") == 2
    assert said("fuzz-arxiv.jsonl", "skipped", "not valid UTF-8") == 2  # the 0xE9 byte and the lone \ud800
    assert said("fuzz-works.jsonl", "skipped", "is not a year") == 5  # "2020", 2020.5, true, 99999, -5
    assert said("fuzz-works.jsonl", "skipped", "authorship 1 is not an object") == 1
    assert said("fuzz-works.jsonl", "cut", "institution name") == 1
    assert said("fuzz.xml", "skipped", "not a number") == 1 and said("fuzz.xml", "skipped", "is not a year") == 1
    assert said("fuzz-profile.txt", "skipped", "title of 5,000 characters") == 2  # HUGE and WIDE

    # The fine records of each file did load, the control-character and accented ones included.
    titles = {r["title"] for r in await graph.read("inspect/list_papers")}
    assert "Café Fine" in titles and "Huge Venue" in titles and "Vast Abstract" in titles
    assert sum(t.startswith("w0 w1 w2") for t in titles) == 1  # the long-keyed title, from two entries and arXiv


def _mutants(data: bytes, seed: int, count: int) -> Iterator[bytes]:
    """Copies of `data` cut short, with bytes overwritten, or with a slice repeated: what a broken download or a
    bad disk gives."""
    rng = random.Random(seed)
    for _ in range(count):
        kind = rng.randrange(3)
        if kind == 0:
            yield data[: rng.randrange(len(data))]
        elif kind == 1:
            mutated = bytearray(data)
            for _ in range(rng.randrange(1, 20)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
            yield bytes(mutated)
        else:
            at, size = rng.randrange(len(data)), rng.randrange(1, 2_000)
            yield data[:at] + data[at : at + size] * rng.randrange(2, 6) + data[at:]


@pytest.mark.parametrize(
    ("source", "fixture", "name"),
    [("bibtex", "bibtex/dblp-style.bib", "m.bib"), ("arxiv", "arxiv/sample.jsonl", "m.jsonl"),
     ("openalex", "openalex/works.jsonl", "m.jsonl"), ("openalex", "openalex/works-page.json", "m.json"),
     ("dblp", "dblp/dblp.xml", "m.xml"), ("profile", "profiles/card-guoying-zhao.txt", "m.txt")],
)
def test_damaged_files_give_records_a_format_error_or_a_stop_never_another_exception(
    source: str, fixture: str, name: str, tmp_path: Path
) -> None:
    """Parsing 60 damaged copies of each fixture (and their .gz) raises nothing but FormatError or Stopped."""
    if source == "dblp":
        (tmp_path / "dblp.dtd").write_bytes((FIXTURES / "dblp" / "dblp.dtd").read_bytes())
    data = (FIXTURES / fixture).read_bytes()
    outcomes: set[str] = set()
    for i, mutant in enumerate(_mutants(data, seed=zlib.crc32(fixture.encode()), count=60)):
        path = tmp_path / name
        compressed = gzip.compress(mutant)
        path.write_bytes(mutant if i % 4 else compressed[: max(10, len(compressed) * 3 // 4)])  # every 4th: a cut .gz
        if i % 4 == 0:
            path = path.rename(tmp_path / (name + ".gz"))
        outcomes.add(_outcome(source, path))
        path.unlink()
    assert outcomes <= {"read", "format", "stopped"} and "read" in outcomes, outcomes


def _outcome(source: str, path: Path) -> str:
    try:
        records: list[Record] = list(open_records(source, path))
    except FormatError:
        return "format"
    except Stopped:
        return "stopped"
    assert all(type(r).__name__ in {"Work", "Person", "Reject", "Note", "Cut"} for r in records)
    return "read"
