"""Words for people on the pages: kinds of work as people say them, topic names for arXiv codes, identifier links."""

from __future__ import annotations

from web.network import node
from web.words import kind_name, link_label, researcher_links, topic_name


def test_kinds_read_as_people_say_them() -> None:
    said = {k: kind_name(k) for k in ("article", "inproceedings", "preprint", "incollection", "book-chapter", "phdthesis",
                                       "front-matter", "editorial", None, "Some-New_Kind")}
    assert said == {"article": "journal article", "inproceedings": "conference paper", "preprint": "preprint",
                    "incollection": "book chapter", "book-chapter": "book chapter", "phdthesis": "PhD thesis",
                    "front-matter": "front matter", "editorial": "front matter", None: "work",
                    "Some-New_Kind": "some new kind"}


def test_arxiv_codes_read_as_category_names_and_other_names_stay() -> None:
    assert topic_name({"id": "arxiv:cs.CV", "name": "CV"}) == "Computer Vision and Pattern Recognition"
    assert topic_name({"id": "arxiv:cs.CL", "name": "cs.CL"}) == "Computation and Language"
    assert topic_name({"id": "arxiv:cs.LG", "name": None}) == "Machine Learning"
    assert topic_name({"id": "arxiv:chao-dyn", "name": "chao-dyn"}) == "chao-dyn"  # an old archive: its code is its name
    assert topic_name({"id": "openalex:T11636", "name": "Robotic Locomotion and Control"}) == "Robotic Locomotion and Control"
    assert node({"id": "arxiv:cs.CV", "kind": "TOPIC", "label": "CV", "weight": 3})["label"] == "Computer Vision and Pattern Recognition"


def test_identifier_links_for_a_researcher_and_labels_for_paper_links() -> None:
    assert researcher_links({"id": "dblp:Zhe Lin 0001", "orcid": None}) == [
        ("DBLP", "https://dblp.org/search/author?q=Zhe+Lin+0001")]
    assert researcher_links({"id": "openalex:A5023888391", "orcid": "0000-0002-1825-0097"}) == [
        ("OpenAlex", "https://openalex.org/A5023888391"), ("ORCID", "https://orcid.org/0000-0002-1825-0097")]
    assert researcher_links({"id": "name:chenxu-zhao", "orcid": None}) == []
    paper = {"doi": "10.1/x", "arxivId": "2401.00001"}
    assert [link_label({"name": n}, paper) for n in ("DOI", "arXiv", "DBLP")] == ["DOI 10.1/x", "arXiv 2401.00001", "DBLP"]
