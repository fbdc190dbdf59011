"""The keys that decide when two records are one paper or one person."""

from __future__ import annotations

import pytest

from app.api.search import search_terms
from loaders.keys import paper_keys, person_keys
from loaders.limits import ID_CHARS, KEY_CHARS
from loaders.records import Author, Work
from loaders.text_keys import name_key, split_dblp_suffix, title_key


@pytest.mark.parametrize("spelling", ["Gül Varol", "GÜL VAROL", "gul varol", "Gül  Varol", "Gül-Varol", " gül varol. "])
def test_case_accents_spacing_and_punctuation_do_not_change_a_name_key(spelling: str) -> None:
    assert name_key(spelling) == "gul-varol"


@pytest.mark.parametrize("spelling", ["Gül Varol", "Łukasz Kaiser", "Søren Hauberg", "Zoë O'Brien-Smith"])
def test_the_api_searches_with_the_words_a_name_key_is_made_of(spelling: str) -> None:
    """Search terms and name keys fold alike (app/text.py), so a name as written finds the researcher it keys."""
    assert "-".join(search_terms(spelling)) == name_key(spelling)


@pytest.mark.parametrize("other", ["J. Smith", "J Smith", "Jo Smith", "Smith", "John Smith Jr."])
def test_an_initial_or_another_name_is_not_the_full_first_name(other: str) -> None:
    assert name_key(other) != name_key("John Smith")


def test_initials_written_with_or_without_stops_are_one_key() -> None:
    assert name_key("J. R. R. Tolkien") == name_key("J R R Tolkien") == "j-r-r-tolkien"


def test_letters_without_a_decomposition_are_kept() -> None:
    """ø and ł are letters of their own, not accented o and l: folding them would join different names."""
    assert name_key("Søren Hauberg") == "søren-hauberg"
    assert name_key("Łukasz Kaiser") == "łukasz-kaiser"


def test_a_title_key_ignores_case_accents_punctuation_and_tex_braces() -> None:
    assert title_key("{DeepFace}: Closing the Gap -- to Human-Level Performance!") == title_key(
        "Deepface closing the gap to human level performance"
    )
    assert title_key("Réseaux") == title_key("reseaux")
    assert title_key("A Study") != title_key("A Study II")


@pytest.mark.parametrize(
    ("full", "split"),
    [("Zhe Lin 0001", ("Zhe Lin", "0001")), ("Zhe Lin", ("Zhe Lin", None)), ("Agent 007", ("Agent 007", None)),
     ("  Wei Wang 0123 ", ("Wei Wang", "0123"))],
)
def test_dblp_homonym_numbers_are_four_digits_after_the_name(full: str, split: tuple[str, str | None]) -> None:
    assert split_dblp_suffix(full) == split


def test_a_paper_is_keyed_by_doi_then_arxiv_id_then_source_id_then_title_and_year() -> None:
    full = Work(title="A Study", where="f:1", year=2020, doi="10.1/x", arxiv_id="2001.00001", ids=("dblp:a",))
    assert paper_keys(full).id == "doi:10.1/x"
    assert paper_keys(Work(title="A Study", where="f:1", year=2020, arxiv_id="2001.00001", ids=("dblp:a",))).id == (
        "arxiv:2001.00001"
    )
    assert paper_keys(Work(title="A Study", where="f:1", year=2020, ids=("dblp:a",))).id == "dblp:a"
    assert paper_keys(Work(title="A Study!", where="f:1", year=2020)).id == "title:a-study:2020"
    assert paper_keys(Work(title="A Study", where="f:1")).id == "title:a-study"


def test_a_paper_is_looked_up_by_its_strongest_keys_first() -> None:
    keys = paper_keys(Work(title="A Study", where="f:1", year=2020, doi="10.1/x", arxiv_id="2001.00001"))
    assert [prop for _, prop, _ in keys.lookups] == ["id", "doi", "arxiv_id", "title_year"]
    assert keys.lookups[1:] == (("paper", "doi", "10.1/x"), ("paper", "arxiv_id", "2001.00001"),
                                ("paper", "title_year", "a-study:2020"))
    # Without a year the title alone matches nothing: "Introduction" is not one paper.
    assert [prop for _, prop, _ in paper_keys(Work(title="Introduction", where="f:1")).lookups] == ["id"]


def test_a_person_is_keyed_by_orcid_then_source_id_then_name() -> None:
    both = person_keys(Author("Zhe Lin", orcid="0000-0001-2345-6789", ids=("dblp:Zhe Lin 0001",)))
    assert both.id == "orcid:0000-0001-2345-6789" and not both.name_only
    assert both.strong_ids == ("orcid:0000-0001-2345-6789", "dblp:Zhe Lin 0001")
    numbered = person_keys(Author("Zhe Lin", ids=("dblp:Zhe Lin 0002",)))
    assert numbered.id == "dblp:Zhe Lin 0002" and numbered.name_key == "zhe-lin"
    bare = person_keys(Author("Zhe Lin"))
    assert bare.id == "name:zhe-lin" and bare.name_only


def test_a_long_key_is_its_start_and_a_digest_so_it_stays_indexable_and_still_matches() -> None:
    """Title and name keys over KEY_CHARS end in a digest of the whole: same title, same key; one word apart, not."""
    title = " ".join(f"Word{i}" for i in range(400))
    key = title_key(title)
    assert len(key) == KEY_CHARS and key.startswith("word0-word1-word2")
    assert title_key(title.upper().replace(" ", "  ")) == key  # what a key ignores, it still ignores
    assert title_key(title + " more") != key and title_key(title[:-1]) != key
    name = "Ann " * 200
    assert len(name_key(name)) == KEY_CHARS and name_key(name) != name_key(name + "Bee")
    wide = title_key("Ω" * 5_000)  # 10 KB in UTF-8 before, 1 KB after
    assert len(wide.encode()) < 4_096 // 2
    keys = paper_keys(Work(title=title, where="f:1", year=2020))
    assert keys.id == f"title:{key}:2020" and len(keys.id) <= ID_CHARS
    assert person_keys(Author(name)).id == f"name:{name_key(name)}"


def test_a_key_within_the_limit_is_unchanged() -> None:
    """Titles of ordinary length keep their readable keys: a graph loaded before the limit keeps matching."""
    title = "x" * KEY_CHARS
    assert title_key(title) == title and name_key("Zhe Lin") == "zhe-lin"
