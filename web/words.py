"""Words for people: topic names for codes, kinds of work as people say them, links for stored identifiers."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, quote_plus

# arXiv's taxonomy as the arXiv loader names topics with it; a graph loaded before a code had its name
# (or a source that gives the bare code) still shows the name here.
from app.arxiv_categories import CATEGORIES as ARXIV_CATEGORIES

# A work's `kind` as the sources spell it (BibTeX entry types, DBLP tags, OpenAlex types) -> what people say.
KINDS: dict[str, str] = {
    "article": "journal article",
    "journal-article": "journal article",
    "inproceedings": "conference paper",
    "conference": "conference paper",
    "proceedings-article": "conference paper",
    "preprint": "preprint",
    "posted-content": "preprint",
    "incollection": "book chapter",
    "book-chapter": "book chapter",
    "inbook": "book chapter",
    "book": "book",
    "phdthesis": "PhD thesis",
    "mastersthesis": "master's thesis",
    "dissertation": "thesis",
    "thesis": "thesis",
    "front-matter": "front matter",
    "editorial": "front matter",
    "paratext": "front matter",
    "proceedings": "proceedings volume",
    "techreport": "technical report",
    "report": "technical report",
    "review": "review",
    "dataset": "dataset",
    "misc": "other work",
    "www": "web page",
    "data": "dataset",
}


def kind_name(kind: str | None) -> str:
    """'inproceedings' -> 'conference paper'; an unknown kind reads as itself, dashes as spaces."""
    if not kind:
        return "work"
    return KINDS.get(kind.lower(), kind.replace("-", " ").replace("_", " ").lower())


def topic_name(topic: dict[str, Any]) -> str:
    """A topic's name; an arXiv code (as name or id: 'cs.CV', 'arxiv:cs.CV') becomes the category's name."""
    tid, name = str(topic.get("id") or ""), topic.get("name")
    code = tid.split(":", 1)[1] if tid.startswith("arxiv:") else None
    if code and (not name or name == code or code.endswith("." + name)):
        return ARXIV_CATEGORIES.get(code, name or code)
    if name:
        return str(name)
    return ARXIV_CATEGORIES.get(tid, tid.split(":", 1)[-1])


def researcher_links(person: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, address) of the records a researcher's id and ORCID point to, for an "Identifiers" section."""
    rid, links = str(person["id"]), []
    scheme, _, value = rid.partition(":")
    if scheme == "dblp":
        links.append(("DBLP", "https://dblp.org/search/author?q=" + quote_plus(value)))
    elif scheme == "openalex":
        links.append(("OpenAlex", "https://openalex.org/" + quote(value)))
    elif scheme == "orcid" and not person.get("orcid"):
        links.append(("ORCID", "https://orcid.org/" + quote(value)))
    if person.get("orcid"):
        links.append(("ORCID", "https://orcid.org/" + quote(str(person["orcid"]))))
    return links


def link_label(link: dict[str, Any], paper: dict[str, Any]) -> str:
    """A paper link as the page shows it: the DOI and arXiv id spelled out, other sources by name."""
    if link["name"] == "DOI" and paper.get("doi"):
        return f"DOI {paper['doi']}"
    if link["name"] == "arXiv" and paper.get("arxivId"):
        return f"arXiv {paper['arxivId']}"
    return str(link["name"])
