"""The one rule that tells a record that is not a research work: front matter.

Sources list editorials, prefaces, forewords, in-memoriam notes, tables of contents, indexes, committee lists,
"session details" and whole proceedings volumes as works, with the editors (or the chairs) as their authors
(DBLP's volumes name editors, which the parsers do not take for authors). Taken as papers they make co-authors
of people who only edited the same issue or wrote a note together, and shortest paths run
through them (LeCun to Zisserman through a 2008 "Editorial"). Such a record stays a paper, of kind
`front-matter`, shown on its authors' profiles, but the planner draws no co-author pair for it
(loaders/plan.py); `collab load --no-front-matter` turns the rule off.

The rule looks at the kind a source gives (a volume, an OpenAlex editorial or paratext) and at the title. Title
patterns are anchored or need a telling word next to them, because research titles use the same words:
"Editorial Comprehension in OpEd through Argument Units", "Indexing via color histograms", "Instance-Family
Abstraction in Memory-Based Language Learning", "Mining rich session context to improve web search".
"""

from __future__ import annotations

import re

FRONT_MATTER = "front-matter"

# Kinds that are never a research work: a whole volume (DBLP <proceedings>, BibTeX @proceedings, which name its
# editors) and OpenAlex's work types for editorials and for front and back matter.
_KINDS = frozenset({"proceedings", "editorial", "paratext", FRONT_MATTER})

# Whole titles (normalised: lower case, straight apostrophes, single spaces, no closing full stop).
_TITLES = frozenset({
    "contents", "table of contents", "index", "subject index", "author index", "keyword index", "name index",
    "front matter", "frontmatter", "back matter", "backmatter", "title page", "copyright", "copyright page",
    "cover", "front cover", "back cover", "committees", "conference committees", "program committee",
    "programme committee", "organizing committee", "organising committee", "steering committee",
    "technical steering committee", "reviewers", "list of reviewers", "external reviewers", "welcome",
    "welcome message", "obituary", "in memoriam", "acknowledgments", "acknowledgements",
})

_PATTERNS = re.compile(
    "|".join((
        # "Editorial", "Guest Editorial: Deep Learning", "EIC Editorial: ...", "Editorial-State of the Transactions",
        # "Editorial for the Special Issue on ...", not "Editorial Comprehension in OpEd ..."
        r"^(?:guest |eic )?editorials?(?:$|\s*[:\-\u2013\u2014(\[.,]"
        r"| (?:note|notice|message|preface|introduction|for|of|to|on|special|board)\b)",
        r"\bguest[ -]editor",  # "Guest Editors' Introduction", "Foreword by the Guest Editors"
        r"^guest introduction\b",
        r"\beditors?(?:'s|s')? (?:note|notice|introduction|foreword|preface)\b",
        r"\beditorial board\b", r"\bassociate editors?\b", r"\beditor[- ]in[- ]chief\b",
        r"^introduction of (?:the )?new\b",  # "Introduction of New Associate Editors"
        r"\bprefaces?\b", r"\bforewords?\b",  # "Speeding Learning: Preface", "AAAI-13 Preface"
        r"\bin memoriam\b", r"^in memory of\b", r"^obituary\b",  # "In Memoriam: Mark Everingham"
        r"\bsession details\b", r"\bworkshop session\b.*\btitle only\b", r"^panel session\b",
        r"^message from (?:the )?.*\bchairs?\b", r"\bproceedings welcome$",
        r"^(?:list of |external |additional |appreciation to .{1,40})reviewers$",
        r"^(?:table of )?contents\b.*\b(?:volume|issue)\b",
        # An introduction to a special issue or section is its editors' note: "Introduction to the Special Issue
        # on Meta-Learning", "Special Issue of Machine Learning on Information Retrieval - Introduction".
        r"\bspecial (?:pami )?(?:issues?|sections?|topic)\b.*\bintroduction\b",
        r"\bintroduction\b.*\bspecial (?:pami )?(?:issues?|sections?|topic)\b",
    ))
)

# Every pattern above holds one of these words: a title without any is only checked against _TITLES, and only
# when it is short enough to be one. The check runs on every record of every load (1.6 million in the largest
# file), so it costs about 1 microsecond for most titles; the patterns take some 15.
_TRIGGERS = ("editor", "prefac", "forew", "memor", "obitu", "session", "messag", "chair", "review", "content",
             "introduc", "welcome")
_LONGEST = max(map(len, _TITLES)) + 2

_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def normalised_title(title: str) -> str:
    """The title as the rule reads it: lower case, straight apostrophes, single spaces, no closing full stop."""
    return _SPACES.sub(" ", title.translate(_APOSTROPHES)).strip().rstrip(".").strip().lower()


def is_front_matter(title: str, kind: str | None) -> bool:
    """True when a record of this title and source kind is front matter, not a research work."""
    if kind is not None and kind.lower() in _KINDS:
        return True
    lowered = title.lower()
    if not any(word in lowered for word in _TRIGGERS):
        return len(title) <= _LONGEST and normalised_title(title) in _TITLES
    text = normalised_title(title)
    return text in _TITLES or _PATTERNS.search(text) is not None
