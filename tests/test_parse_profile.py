"""The profile parser: page, card and compact card renderings, on fixtures and on the two real exports."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from tests.shared_data import shared_data_dir

from loaders import profile
from loaders.identity import title_key
from loaders.records import Author, FormatError, Person, Record, Reject, Topic, Work

FIXTURES = Path(__file__).parent / "fixtures" / "profiles"
OWNER = Author(name="Guoying Zhao")
_CARD_HEADER = re.compile(r"^[A-Z]{2}(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d")


def read(path: Path) -> tuple[Person, list[Record]]:
    person, *rest = profile.parse(path)
    assert isinstance(person, Person)
    return person, rest


def works(path: Path) -> tuple[Person, list[Work]]:
    person, rest = read(path)
    assert all(isinstance(r, Work) for r in rest), [r for r in rest if not isinstance(r, Work)]
    return person, rest  # type: ignore[return-value]


def placeless(records: list[Work]) -> list[Work]:
    return [dataclasses.replace(r, where="") for r in records]


def compact_rendering(card_text: str) -> str:
    """The card with each title and its author line glued together, as the compact rendering shows them."""
    lines, out, i = card_text.split("\n"), [], 0
    while i < len(lines):
        out.append(lines[i])
        if _CARD_HEADER.match(lines[i]) and i + 3 < len(lines) and lines[i + 2] == "":
            out.append(lines[i + 1] + lines[i + 3])
            i += 4
        else:
            i += 1
    return "\n".join(out)


# --- page format ---


def test_a_page_yields_its_owner_with_the_reported_counts_first() -> None:
    """Counts glued to their labels ('3works', '5close collaborators') and the trust line become metrics."""
    person, _ = works(FIXTURES / "page-mira-okafor.txt")
    assert person.author == Author(name="Mira Okafor") and person.where == "page-mira-okafor.txt:3"
    assert person.metrics == {
        "trust": 34, "verification_level": 2, "works": 3, "followers": 12, "topics": 1, "close_collaborators": 5,
    }


def test_page_listings_give_type_year_venue_title_and_abstract_with_the_owner_as_author() -> None:
    """Type, year and venue come glued on one line; with no author list, the owner is the author."""
    person, listed = works(FIXTURES / "page-mira-okafor.txt")
    assert [(w.kind, w.year, w.date, w.venue) for w in listed] == [
        ("conference paper", 2019, "2019", "Workshop on Toy Graphs 2019"),
        ("article", 2021, "2021", "Journal of Invented Results"),
        ("preprint", 2023, "2023", "arXiv"),
    ]
    assert listed[0].title == "Counting Coauthors in Invented Networks"
    assert listed[0].abstract == "(Invented) We count coauthor pairs in a network that does not exist."
    assert listed[2].abstract is None and listed[2].where == "page-mira-okafor.txt:39"
    assert all(w.authors == (person.author,) and w.has_code is None for w in listed)


# --- card format ---


def test_a_card_yields_its_owner_with_reported_figures_and_field() -> None:
    """h-index, papers, citations ('7,698'), novelty (a percentage) and AI score are parsed as shown."""
    person, _ = works(FIXTURES / "card-guoying-zhao.txt")
    assert person.author == OWNER
    assert person.metrics == {"h_index": 45, "papers": 115, "citations": 7698, "novelty": 47, "ai_score": 60}
    assert person.topics == (Topic("profile:cv", "CV", "profile"),)


def test_card_listings_give_date_category_code_flag_and_abstract() -> None:
    """'CVJul 14, 2025Code' is category CV, 2025-07-14, with code; a listing may lack an abstract."""
    _, listed = works(FIXTURES / "card-guoying-zhao.txt")
    assert len(listed) == 7
    second = listed[1]
    assert (second.title, second.date, second.year, second.has_code) == (
        "Is Micro-expression Ethnic Leaning?", "2025-07-14", 2025, True)
    assert second.topics == (Topic("profile:cv", "CV", "profile"),)
    assert listed[3].topics == (Topic("profile:cl", "CL", "profile"),) and listed[3].has_code is False
    assert listed[2].abstract is None
    assert second.abstract == "(Fixture summary) Asks whether micro-expression recognition depends on ethnicity."


def test_a_date_without_year_leaves_date_and_year_unknown() -> None:
    """The site drops the current year ('CVApr 29Code'); the parser does not guess it."""
    _, listed = works(FIXTURES / "card-guoying-zhao.txt")
    assert (listed[5].date, listed[5].year, listed[5].has_code) == (None, None, True)


def test_a_list_cut_by_et_al_gets_the_owner_appended_once() -> None:
    """'A, B, C et al.' ends with the owner; a cut list already naming the owner is left as is."""
    _, listed = works(FIXTURES / "card-guoying-zhao.txt")
    assert [a.name for a in listed[0].authors] == ["Yante Li", "Yang Liu", "KhÁnh Nguyen", "Guoying Zhao"]
    assert [a.name for a in listed[6].authors] == ["Tianming Cai", "Guoying Zhao", "Junbin Zang"]


def test_a_complete_list_is_taken_as_shown() -> None:
    """Without 'et al.' the list is whole: initials kept, nothing appended."""
    _, listed = works(FIXTURES / "card-guoying-zhao.txt")
    assert [a.name for a in listed[4].authors] == ["Kevin H. M. Cheng", "Xu Cheng", "Guoying Zhao"]
    assert all(a.ids == () and a.orcid is None for w in listed for a in w.authors)


def test_the_compact_rendering_gives_the_same_works_as_the_card() -> None:
    """Title and author list glued on one line split back into the card's titles, authors and the rest."""
    _, card = works(FIXTURES / "card-guoying-zhao.txt")
    _, compact = works(FIXTURES / "card-compact-guoying-zhao.txt")
    assert [(w.title, w.authors) for w in compact] == [(w.title, w.authors) for w in card]
    assert placeless(compact) == placeless(card)


def test_compact_titles_ending_in_acronyms_numbers_or_punctuation_split_correctly() -> None:
    """'…an LLMJonas', '…Graphs 2020Ana María de la Cruz', '…StudyPriya' and hyphenated titles split right."""
    person, records = read(FIXTURES / "card-compact-edge-cases.txt")
    listed = [r for r in records if isinstance(r, Work)]
    assert [(w.title, [a.name for a in w.authors]) for w in listed] == [
        ("Reasoning about Citations with an LLM", ["Jonas Lindqvist", "Mira Okafor"]),
        ("Toy Graphs 2020", ["Ana María de la Cruz", "Seán O'Brien", "Mira Okafor"]),
        ("Who Collaborates? A Fine-Grained Study", ["Priya McAllister", "Mira Okafor"]),
        ("Multi-View, Multi-Scale Face Tracking", ["Li Wei", "Jonas Lindqvist", "Mira Okafor"]),
    ]
    assert person.metrics["citations"] == 1200
    assert person.topics == (Topic("profile:graph-mining", "Graph Mining", "profile"),)


def test_a_listing_with_no_author_list_is_rejected_and_the_rest_loads() -> None:
    """A title line that does not end in names gives a Reject at the listing's header line."""
    _, records = read(FIXTURES / "card-compact-edge-cases.txt")
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [r.where for r in rejects] == ["card-compact-edge-cases.txt:30"]
    assert "no author list" in rejects[0].reason
    assert len(records) == 5


@pytest.mark.parametrize(
    ("line", "title", "names", "cut"),
    [
        ("Some Paper TitleAlice Smith, Bob Jones et al.", "Some Paper Title", ["Alice Smith", "Bob Jones"], True),
        ("Spotting DeepFake VideosAlice Smith", "Spotting DeepFake Videos", ["Alice Smith"], False),
        ("Vitamin DAlice McDonald", "Vitamin D", ["Alice McDonald"], False),
        ("Fine-Grained Anti-SpoofingHuai-Qian Khor et al.", "Fine-Grained Anti-Spoofing", ["Huai-Qian Khor"], True),
    ],
)
def test_split_title_authors_finds_the_glued_boundary(line: str, title: str, names: list[str], cut: bool) -> None:
    """Camel-cased words, single capitals and hyphenated capitals stay in the title; the names start at the glue."""
    assert profile.split_title_authors(line) == (title, names, cut)


def test_a_line_without_names_does_not_split() -> None:
    """Lower-case words or punctuation in the tail mean there is no author list."""
    assert profile.split_title_authors("A study of things, with commas (and more)") is None


@pytest.mark.parametrize(
    ("text", "value"), [("7,698", 7698), ("1.2k", 1200), ("47%", 47), ("4.5", 4.5), ("3M", 3_000_000)]
)
def test_reported_numbers_are_parsed_as_shown(text: str, value: float) -> None:
    """Thousands separators, k/M suffixes and percentages as the sites show them."""
    assert profile.parse_number(text) == value


def test_a_file_that_is_no_profile_raises_format_error_before_yielding() -> None:
    """BibTeX, or an arXiv snapshot, is neither a page nor a card."""
    for other in (FIXTURES / "not-a-profile.txt", Path(__file__).parent / "fixtures" / "arxiv" / "sample.jsonl"):
        assert not profile.sniff(other)
        with pytest.raises(FormatError):
            profile.parse(other)


def test_each_rendering_is_sniffed() -> None:
    """Page, card and compact card all read as profiles."""
    for name in ("page-mira-okafor.txt", "card-guoying-zhao.txt", "card-compact-guoying-zhao.txt"):
        assert profile.sniff(FIXTURES / name)


# --- the real exports in ../shared/data ---


def real(name: str) -> Path:
    return shared_data_dir() / "profiles" / name


def test_the_real_page_gives_its_owner_and_all_nine_works() -> None:
    """Chenxu Zhao's page: 9 works (as its header says), all arXiv preprints, with abstracts."""
    person, listed = works(real("profile-page-chenxu-zhao.txt"))
    assert person.author == Author(name="Chenxu Zhao")
    assert person.metrics == {
        "trust": 21, "verification_level": 1, "works": 9, "followers": 0, "topics": 2, "close_collaborators": 4,
    }
    assert len(listed) == person.metrics["works"] == 9
    assert all(w.kind == "preprint" and w.venue == "arXiv" and w.abstract for w in listed)
    assert listed[0].title.startswith("Incentivizing Cardiologist-Like Reasoning in MLLMs") and listed[0].year == 2026
    assert listed[-1].title == "Searching Central Difference Convolutional Networks for Face Anti-Spoofing"
    assert [w.year for w in listed] == [2026, 2026, 2024, 2023, 2022, 2020, 2020, 2020, 2020]


def test_the_real_card_gives_its_figures_and_all_fifty_listed_works() -> None:
    """Guoying Zhao's card reports 115 papers but lists 50; each is found, 24 with code, 9 without a year."""
    person, listed = works(real("profile-card-guoying-zhao.txt"))
    assert person.metrics == {"h_index": 45, "papers": 115, "citations": 7698, "novelty": 47, "ai_score": 60}
    assert person.topics == (Topic("profile:cv", "CV", "profile"),)
    assert len(listed) == 50
    assert sum(1 for w in listed if w.has_code) == 24
    assert sum(1 for w in listed if w.year is None) == 9
    assert all(w.abstract and w.topics for w in listed)
    assert listed[0].title == "Data Leakage and Evaluation Issues in Micro-Expression Analysis"
    assert [a.name for a in listed[0].authors] == ["Tuomas Varanka", "Yante Li", "Wei Peng", "Guoying Zhao"]
    assert (listed[0].date, listed[0].has_code) == ("2022-11-21", True)


def test_every_real_card_work_has_the_owner_among_its_authors() -> None:
    """Cut lists get the owner appended; complete lists here all name the owner already."""
    _, listed = works(real("profile-card-guoying-zhao.txt"))
    assert all(OWNER in w.authors for w in listed)


def test_the_real_card_in_compact_rendering_gives_the_same_works(tmp_path: Path) -> None:
    """Gluing every title to its author line (in a temporary file) loses nothing: all 50 split back exactly."""
    compact = tmp_path / "compact-card.txt"
    compact.write_text(compact_rendering(real("profile-card-guoying-zhao.txt").read_text("utf-8")), "utf-8")
    _, card = works(real("profile-card-guoying-zhao.txt"))
    _, glued = works(compact)
    assert [(w.title, w.authors) for w in glued] == [(w.title, w.authors) for w in card]
    assert placeless(glued) == placeless(card)


def test_a_work_on_both_real_profiles_names_both_owners() -> None:
    """The CDCN paper is on Chenxu Zhao's page and, with Chenxu Zhao as an author, on Guoying Zhao's card."""
    _, page = works(real("profile-page-chenxu-zhao.txt"))
    _, card = works(real("profile-card-guoying-zhao.txt"))
    on_card = {title_key(w.title): w for w in card}
    shared = [on_card[title_key(w.title)] for w in page if title_key(w.title) in on_card]
    assert len(shared) == 2
    assert all(Author(name="Chenxu Zhao") in w.authors for w in shared if "Central Difference Convolutional" in w.title)
