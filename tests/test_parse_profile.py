"""The profile parser: page, card, compact and headless card renderings, the owner (shown, given or inferred) and
the dating of year-less listings, on fixtures and on the two real exports."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from loaders import profile
from loaders.options import LoadOptions
from loaders.records import Author, FormatError, Note, Person, Record, Reject, Topic, Work
from loaders.text_keys import title_key
from tests.shared_data import shared_data_dir

FIXTURES = Path(__file__).parent / "fixtures" / "profiles"
OWNER = Author(name="Guoying Zhao")
AS_OF = date(2026, 12, 7)  # the day the tests take the exports to be from, so that year-less listings are fixed
PINNED = LoadOptions(as_of=AS_OF)
_CARD_HEADER = re.compile(r"^[A-Z]{2}(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d")


def read(path: Path, options: LoadOptions = PINNED) -> tuple[Person, list[Record]]:
    """The owner's Person, then everything else the file yields, notes included."""
    person, *rest = profile.parse(path, options)
    assert isinstance(person, Person)
    return person, rest


def works(path: Path, options: LoadOptions = PINNED) -> tuple[Person, list[Work]]:
    """The owner and the works, checking that nothing else but notes was yielded."""
    person, rest = read(path, options)
    listed = [r for r in rest if isinstance(r, Work)]
    assert all(isinstance(r, Work | Note) for r in rest), [r for r in rest if not isinstance(r, Work | Note)]
    return person, listed


def notes(path: Path, options: LoadOptions = PINNED) -> list[str]:
    return [r.text for r in read(path, options)[1] if isinstance(r, Note)]


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


def test_a_date_without_year_is_in_the_year_of_the_export() -> None:
    """The site drops the current year ('CVApr 29Code'): as of 2026-12-07 that is 2026-04-29, and a note says so."""
    _, listed = works(FIXTURES / "card-guoying-zhao.txt")
    assert (listed[5].date, listed[5].year, listed[5].has_code) == ("2026-04-29", 2026, True)
    assert notes(FIXTURES / "card-guoying-zhao.txt") == [
        "1 listing(s) shown without a year dated by the export's day, 2026-12-07 (1 in 2026); "
        "--as-of DATE if it was taken another day"
    ]


def test_a_date_without_year_is_never_after_the_export() -> None:
    """Taken on 2026-03-01, 'Apr 29' has not come yet in 2026: the listing is from 2025-04-29."""
    _, listed = works(FIXTURES / "card-guoying-zhao.txt", LoadOptions(as_of=date(2026, 3, 1)))
    assert (listed[5].date, listed[5].year) == ("2025-04-29", 2025)
    assert [w.date for w in listed if w.date != "2025-04-29"] == [
        "2022-10-11", "2025-07-14", "2023-03-25", "2023-04-18", "2023-01-07", "2024-04-10"]  # shown years stand


def test_without_as_of_the_export_is_taken_today(tmp_path: Path) -> None:
    """No --as-of: a year-less 'Jan 1' listing is from this year, whatever day the test runs, and the note says today."""
    card = tmp_path / "card.txt"
    card.write_text("Mira Okafor\n\nSI\nh-index3\n\n1 Papers\n\nSIJan 1\nNew Year PaperMira Okafor, Li Wei\n")
    _, [work] = works(card, LoadOptions())
    today = date.today()
    assert (work.year, work.date) == (today.year, f"{today.year}-01-01")
    assert f"today, {today}" in notes(card, LoadOptions())[0]


@pytest.mark.parametrize(
    ("header", "as_of", "day"),
    [
        ("CVDec 3", date(2026, 3, 1), date(2025, 12, 3)),  # after the export's day: the year before
        ("SIMar 1", date(2026, 3, 1), date(2026, 3, 1)),  # the export's own day is still this year
        ("SIMar 2", date(2026, 3, 1), date(2025, 3, 2)),
        ("CVFeb 29", date(2024, 3, 1), date(2024, 2, 29)),
        ("CVNov 21, 2022Code", date(2026, 3, 1), date(2022, 11, 21)),  # a shown year is kept
        ("Sept 9", date(2026, 10, 1), date(2026, 9, 9)),
    ],
)
def test_card_date_dates_a_listing_in_the_export_year_or_the_one_before(header: str, as_of: date, day: date) -> None:
    """The rule for year-less headers: the latest such day not after the export."""
    match = profile._CARD_ENTRY.match(header)
    assert match is not None
    assert profile.card_date(match, as_of) == day


def test_a_day_that_does_not_exist_is_rejected_and_the_rest_loads(tmp_path: Path) -> None:
    """'Feb 29' in an export taken in 2026 (no leap year) and 'Feb 30, 2022' are no days: rejects with the reason."""
    card = tmp_path / "card.txt"
    card.write_text("Mira Okafor\n\nSI\nh-index3\n\n3 Papers\n\nSIFeb 29\nLeap PaperMira Okafor\n\n"
                    "SIFeb 30, 2022\nThirtieth PaperMira Okafor\n\nSIFeb 28\nGood PaperMira Okafor\n")
    _, records = read(card, LoadOptions(as_of=date(2026, 3, 1)))
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [(r.where, r.reason) for r in rejects] == [
        ("card.txt:8", "no such date: 'SIFeb 29' in 2026, the year of --as-of 2026-03-01"),
        ("card.txt:11", "no such date: 'SIFeb 30, 2022'"),
    ]
    assert [(w.title, w.date) for w in records if isinstance(w, Work)] == [("Good Paper", "2026-02-28")]


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


# --- headless cards and the owner ---


HEADLESS = FIXTURES / "card-headless-guoying-zhao.txt"  # eight of the real card's listings, compact, no head
NO_OWNER = FIXTURES / "card-headless-no-owner.txt"  # five real listings on which no name is on half


def test_a_card_that_starts_with_its_first_listing_is_sniffed_as_a_profile() -> None:
    """The compact rendering may have no name or figures before the listings: still a profile card."""
    assert profile.sniff(HEADLESS) and profile.sniff(NO_OWNER)


def test_a_headless_card_takes_the_name_on_half_its_listings_as_owner_and_says_so() -> None:
    """Guoying Zhao is on 4 of the 8 listings (exactly half is enough): the owner, appended to the cut lists."""
    person, listed = works(HEADLESS)
    assert person == Person(author=OWNER, where="card-headless-guoying-zhao.txt:1")  # no figures to report
    assert notes(HEADLESS)[0] == (
        "owner Guoying Zhao inferred: the file names none, and Guoying Zhao is on 4 of 8 listings; "
        "--owner NAME says otherwise")
    assert len(listed) == 8 and all(OWNER in w.authors for w in listed)
    assert [a.name for a in listed[1].authors] == ["Chengyan Wang", "Haoyu Chen", "Hui Wei", "Guoying Zhao"]
    assert (listed[0].title, listed[0].date) == ("FDeID-Toolbox: Face De-Identification Toolbox", "2026-03-13")
    assert [w.year for w in listed] == [2026, 2026, 2025, 2025, 2025, 2024, 2026, 2017]


def test_a_headless_card_whose_owner_cannot_be_told_fails_before_any_record() -> None:
    """The most listed name (2 of 5) is no better than a frequent co-author: parse raises, asking for --owner."""
    with pytest.raises(FormatError) as raised:
        profile.parse(NO_OWNER, PINNED)
    message = str(raised.value)
    assert "Tuomas Varanka, is on only 2 of 5 listings" in message and "--owner NAME" in message


def test_two_names_tied_on_every_listing_are_no_owner(tmp_path: Path) -> None:
    """Two names on both listings: either could be the owner, so the parser asks."""
    card = tmp_path / "card.txt"
    card.write_text("SIMar 3, 2021\nFirst PaperAnn Lee, Bo Chen\n\nSIMay 4, 2022\nSecond PaperBo Chen, Ann Lee\n")
    with pytest.raises(FormatError, match=r"Ann Lee and Bo Chen are each on 2 of 2 listings; .*--owner NAME"):
        profile.parse(card, PINNED)


def test_owner_given_for_a_headless_card_is_taken_without_counting() -> None:
    """--owner names the owner of a card that shows none, even one where no name is on half the listings."""
    given = LoadOptions(owner="Guoying Zhao", as_of=AS_OF)
    person, listed = works(NO_OWNER, given)
    assert person.author == OWNER and notes(NO_OWNER, given) == []
    assert len(listed) == 5 and all(w.authors[-1] == OWNER for w in listed)


def test_owner_given_that_differs_from_the_card_wins_with_a_note() -> None:
    """The user knows whose export it is: --owner is the owner (of the figures and the cut lists), the note says
    what the file said."""
    given = LoadOptions(owner="Ying Zhao", as_of=AS_OF)
    person, listed = works(FIXTURES / "card-guoying-zhao.txt", given)
    assert person.author == Author(name="Ying Zhao") and person.metrics["h_index"] == 45
    assert notes(FIXTURES / "card-guoying-zhao.txt", given)[0] == (
        "the file names Guoying Zhao as its owner; loaded as Ying Zhao's, as --owner says")
    assert listed[0].authors[-1] == Author(name="Ying Zhao")  # appended to a list cut by et al.
    assert [a.name for a in listed[2].authors] == ["Hanlin Mo", "Hongxiang Hao", "Guoying Zhao"]  # shown as listed


def test_owner_given_that_agrees_keeps_the_file_spelling_and_says_nothing() -> None:
    """'guoying  zhao' is the same name as the card's: no note, the card's spelling is kept."""
    given = LoadOptions(owner="guoying  zhao", as_of=AS_OF)
    person, _ = works(FIXTURES / "card-guoying-zhao.txt", given)
    assert person.author == OWNER
    assert not any("owner" in text for text in notes(FIXTURES / "card-guoying-zhao.txt", given))


def test_owner_given_for_a_page_is_the_author_of_its_works() -> None:
    """A page's works have no author list: --owner, when it differs from the page's name, is their author."""
    given = LoadOptions(owner="M. Okafor", as_of=AS_OF)
    person, listed = works(FIXTURES / "page-mira-okafor.txt", given)
    assert person.author == Author(name="M. Okafor") and person.metrics["works"] == 3
    assert all(w.authors == (Author(name="M. Okafor"),) for w in listed)
    assert notes(FIXTURES / "page-mira-okafor.txt", given) == [
        "the file names Mira Okafor as its owner; loaded as M. Okafor's, as --owner says"]


def test_a_page_without_its_owner_name_asks_for_owner(tmp_path: Path) -> None:
    """'Researcher profile' followed straight by the works: nobody to credit them to."""
    page = tmp_path / "page.txt"
    page.write_text("Researcher profile\n\nPublished work\n\npreprint2024arXiv\n\nA Paper\n")
    with pytest.raises(FormatError, match="--owner NAME"):
        profile.parse(page, PINNED)
    person, [work] = works(page, LoadOptions(owner="Ann Lee", as_of=AS_OF))
    assert person.author == work.authors[0] == Author(name="Ann Lee")


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
    """Guoying Zhao's card reports 115 papers but lists 50; each is found, 24 with code, 9 shown without a year."""
    person, listed = works(real("profile-card-guoying-zhao.txt"))
    assert person.metrics == {"h_index": 45, "papers": 115, "citations": 7698, "novelty": 47, "ai_score": 60}
    assert person.topics == (Topic("profile:cv", "CV", "profile"),)
    assert len(listed) == 50
    assert sum(1 for w in listed if w.has_code) == 24
    assert "9 listing(s) shown without a year" in notes(real("profile-card-guoying-zhao.txt"))[0]
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


def headless(card_text: str) -> str:
    """The card without its name, field, figures and list heading: what the compact rendering may give."""
    first = next(i for i, line in enumerate(card_text.split("\n")) if _CARD_HEADER.match(line))
    return "\n".join(card_text.split("\n")[first:])


def test_the_real_card_without_its_head_asks_for_owner_and_with_it_gives_the_same_works(tmp_path: Path) -> None:
    """44 of the 50 lists are cut by et al. and show the owner on 10 only: too few to infer her, so the parser asks;
    told, it gives the headed card's works exactly."""
    card = real("profile-card-guoying-zhao.txt")
    bare = tmp_path / "headless-card.txt"
    bare.write_text(compact_rendering(headless(card.read_text("utf-8"))), "utf-8")
    with pytest.raises(FormatError, match=r"Guoying Zhao, is on only 10 of 50 listings; say whose .* --owner NAME"):
        profile.parse(bare, PINNED)
    _, told = works(bare, LoadOptions(owner="Guoying Zhao", as_of=AS_OF))
    _, headed = works(card)
    assert placeless(told) == placeless(headed)


def test_the_real_card_year_less_listings_are_from_the_export_year_and_never_later() -> None:
    """Its latest dated listing is 2025-12-22 and its year-less ones run Mar 13 to May 16: taken on 2026-12-07 the
    works span 2017 to 2026; taken on 2026-03-01 the year-less ones are 2025's, none after that day."""
    card = real("profile-card-guoying-zhao.txt")
    _, listed = works(card)
    assert (min(w.year for w in listed), max(w.year for w in listed)) == (2017, 2026)  # type: ignore[type-var]
    assert sum(1 for w in listed if w.year == 2026) == 9
    _, early = works(card, LoadOptions(as_of=date(2026, 3, 1)))
    assert all(w.date is not None and w.date <= "2026-03-01" for w in early)
    assert max(w.year for w in early) == 2025  # type: ignore[type-var]
