"""Turning a batch of records into the rows of one atomic write, given what the graph already holds.

Identity is settled here, in Python, against the matches one lookup query returned: a record joins an
existing node (or an earlier record of the same batch) by its strongest shared key, else it becomes a
new node. Authorships new to the graph are the only ones that move the counters (works per person,
joint papers per pair), so loading a file twice changes nothing.

Pairs. A paper draws a COLLABORATES_WITH pair for every two of its authors, unless it is unpaired: front matter
(loaders/front_matter.py) or a paper of more than `max_paired_authors` authors (a consortium paper: N authors would
be N*(N-1)/2 pair rows). An unpaired paper carries `unpaired: true`; its authorships are written and counted as
usual, so every pair's papers and years are what AUTHORED implies over the papers without that mark. Whether a
paper is paired is settled once, by the records that first give it two or more authors, and never changes after:
taking a paper's pairs back would mean recounting and deleting edges on the load path. So a paper already in the
graph that gains authors from another source stays as it is: unpaired, its new authors get authorships only;
paired, they are paired with all its authors, unless that would take it past `max_paired_authors`, in which case
the record's new authors are left out and the load's summary says so (loading again with a higher
--max-paired-authors adds them with their pairs). Everything here is linear in the authors, plus one row per pair
drawn, except for a wide paper whose pairs are all new: it is one clique row (its authors), which the statement
expands into edges, so the loader holds N authors, not N*(N-1)/2 pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, combinations
from operator import itemgetter
from typing import Any, TypeVar

from loaders.front_matter import FRONT_MATTER, is_front_matter
from loaders.keys import Match, PaperKeys, PersonKeys, name_search_text, search_text
from loaders.options import LoadOptions
from loaders.records import Author, Person, Work

K = TypeVar("K")
V = TypeVar("V")

# From this many new authors, a paper whose pairs are all new is written as a clique (see Planner._settle_cliques).
CLIQUE_FROM = 64


@dataclass(slots=True)
class Matches:
    """What the graph holds for a batch's keys: (kind, property, value) -> node ids, and authors of known papers."""

    ids: dict[Match, list[str]] = field(default_factory=dict)
    person_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)  # node id -> the source ids it absorbed
    paper_years: dict[str, int | None] = field(default_factory=dict)
    paper_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)  # paper node id -> its source ids
    authors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # paper id -> researcher ids
    unpaired: set[str] = field(default_factory=set)  # papers that draw no pairs (see the module's doc)

    def add_paper_ids(self, pid: str, ids: Iterable[str]) -> None:
        self.paper_ids[pid] = union(self.paper_ids.get(pid, ()), ids)

    def add_person_ids(self, rid: str, ids: Iterable[str]) -> None:
        self.person_ids[rid] = union(self.person_ids.get(rid, ()), ids)

    def add_person(self, keys: PersonKeys, rid: str) -> None:
        """A person resolved earlier in the load, as a lookup would have found them: every strong key leads to `rid`."""
        for key in keys.lookups:
            self.ids[key] = [rid]
        self.person_ids.setdefault(rid, ())


def union(*groups: Iterable[str]) -> tuple[str, ...]:
    """The ids of all groups, each once, in the order first seen."""
    return tuple(dict.fromkeys(i for g in groups for i in g))


def _span(first: int | None, last: int | None, year: int | None) -> tuple[int | None, int | None]:
    """A first..last year span stretched to take in `year`."""
    if year is None:
        return first, last
    return min(year, first or year), max(year, last or year)


def _widen(row: dict[str, Any], year: int | None) -> None:
    row["first_year"], row["last_year"] = _span(row["first_year"], row["last_year"], year)


@dataclass(slots=True)
class Counts:
    works: int = 0
    persons: int = 0
    papers_new: int = 0
    papers_merged: int = 0
    authorships_new: int = 0
    front_matter: int = 0  # records taken for front matter (their papers draw no pairs)
    wide: int = 0  # papers left unpaired for having more than max_paired_authors authors
    crowded: int = 0  # records whose new authors were left out: they would take a paired paper past the limit
    crowded_authors: int = 0

    def add(self, other: Counts) -> None:
        for name in Counts.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def lookup_params(pk: list[PaperKeys], people: list[PersonKeys]) -> dict[str, list[Any]]:
    """The keys of a batch's works (`pk`) and people, as the lookup query takes them, each once, in no order."""
    anonymous = {k.name_key for k in people if k.name_only}
    return {
        "paper_ids": list({k.id for k in pk}),
        "dois": list({k.doi for k in pk if k.doi}),
        "arxiv_ids": list({k.arxiv_id for k in pk if k.arxiv_id}),
        # "Preface", 2013: DBLP holds thousands; only papers no record of the same source keys are candidates.
        "title_years": [{"value": v, "schemes": sorted(s)} for v, s in _title_schemes(pk).items()],
        "orcids": list({k.orcid for k in people if k.orcid}),
        "researcher_ids": list({i for k in people for i in (k.id, *k.ids)}),
        # A name-only record may be anyone of that name; a record with ids only a name-only node.
        "name_keys": list(anonymous),
        "claimable_name_keys": list({k.name_key for k in people} - anonymous),
    }


def lookup_value(wanted: str | dict[str, Any]) -> str:
    """The key of one lookup parameter entry (title lookups carry their sources beside the key)."""
    return wanted["value"] if isinstance(wanted, dict) else wanted


def _title_schemes(keys: list[PaperKeys]) -> dict[str, set[str]]:
    """Each title + year of a batch with the sources (dblp, openalex, ...) whose keys its records carry."""
    found: dict[str, set[str]] = {}
    for k in keys:
        if k.title_year:
            found.setdefault(k.title_year, set()).update(i.split(":", 1)[0] for i in k.source_ids)
    return found


# Lookup parameters -> the (kind, property) their matches are filed under.
_LOOKUPS = {
    "paper_ids": ("paper", "id"), "dois": ("paper", "doi"), "arxiv_ids": ("paper", "arxiv_id"),
    "title_years": ("paper", "title_year"), "orcids": ("researcher", "orcid"),
    "researcher_ids": ("researcher", "id"), "name_keys": ("researcher", "name_key"),
    "claimable_name_keys": ("researcher", "name_key"),
}


class Planner:
    """Builds the parameters of `load/merge_batch` for one batch."""

    def __init__(self, matches: Matches, source: str, options: LoadOptions | None = None) -> None:
        self.m = matches
        self.source = source
        self.options = options or LoadOptions()
        # Nodes the graph held before this batch: everything else is created, not merged.
        self.known_researchers = set(matches.person_ids)
        self.known_papers = set(matches.paper_years)
        self.counts = Counts()
        # (kind, property, value) -> the node a record of this batch with that key became
        self._paper_alias: dict[Match, str] = {}
        self._person_alias: dict[Match, str] = {}
        self.researchers: dict[str, dict[str, Any]] = {}
        self.papers: dict[str, dict[str, Any]] = {}
        # Edges as positional rows, the bulk of every write: [researcher, paper, position] and
        # [a, b, papers, first_year, last_year], so the statement carries no map key per row.
        self.authored: dict[tuple[str, str], list[Any]] = {}
        self.topics: dict[str, dict[str, Any]] = {}
        self.about: dict[tuple[str, str], dict[str, Any]] = {}
        self.institutions: dict[str, dict[str, Any]] = {}
        self.affiliated: dict[tuple[str, str], dict[str, Any]] = {}
        self.pairs: dict[tuple[str, str], list[Any]] = {}
        self.cliques: list[tuple[list[str], int | None]] = []  # (authors in id order, year): every two are a new pair
        # Known researchers whose papers gained a year they lacked: their year spans are recounted after the load.
        self.redated: set[str] = set()

    # -- identity ---------------------------------------------------------------------------

    def paper_id(self, keys: PaperKeys) -> tuple[str, bool]:
        """The node this paper is, and whether it already existed (in the graph or earlier in the batch)."""
        for key in keys.lookups:
            earlier = self._paper_alias.get(key)
            found = self.m.ids.get(key, [])
            if earlier is None and not found:
                continue  # most keys of most papers: new to the graph and the batch
            candidates = [earlier, *found] if earlier is not None else found
            if key[1] == "title_year":  # "Preface", 2013: a title alone must not join two records a source keeps apart
                candidates = [c for c in candidates if not self._distinct(keys.source_ids, c)]
            if candidates:
                return self._remember_paper(keys, candidates[0]), True
        return self._remember_paper(keys, keys.id), False

    def _distinct(self, ids: tuple[str, ...], pid: str) -> bool:
        """True when `ids` and the paper's ids hold two different keys of one source (two DBLP records)."""
        theirs = self.m.paper_ids.get(pid, ()) + tuple(self.papers[pid]["ids"] if pid in self.papers else ())
        schemes = {i.split(":", 1)[0]: i for i in theirs}
        return any(i.split(":", 1)[0] in schemes and i not in theirs for i in ids)

    def _remember_paper(self, keys: PaperKeys, pid: str) -> str:
        for key in keys.lookups:
            self._paper_alias.setdefault(key, pid)
        return pid

    def person_id(self, keys: PersonKeys) -> str:
        """ORCID, then source ids, then the name: for a name-only record, or a name-only node not yet claimed."""
        for key in keys.lookups:
            rid = self._person_alias.get(key)
            if rid is not None:
                return rid
            found = self.m.ids.get(key)
            if found:
                return self._remember_person(keys, found[0])
        return self._remember_person(keys, self._by_name(keys))

    def _by_name(self, keys: PersonKeys) -> str:
        key = ("researcher", "name_key", keys.name_key)
        batch = self._person_alias.get(key)
        candidates = self.m.ids.get(key, [])
        if keys.name_only:
            # Without ids the name decides, unless it is ambiguous (DBLP's numbered homonyms).
            if batch:
                return batch
            return candidates[0] if len(candidates) == 1 else f"name:{keys.name_key}"
        # With ids: only a node known by name alone, that no other id has claimed, may be this person.
        mine = set(keys.strong_ids)
        for node in candidates:
            absorbed = set(self.m.person_ids.get(node, ()))
            if node.startswith("name:") and (not absorbed or absorbed & mine):
                return node
        return keys.id

    def _remember_person(self, keys: PersonKeys, rid: str) -> str:
        alias = self._person_alias
        for key in keys.lookups:
            alias.setdefault(key, rid)
        if keys.name_only or rid.startswith("name:"):
            alias.setdefault(("researcher", "name_key", keys.name_key), rid)
        return rid

    # -- rows -------------------------------------------------------------------------------

    def _researcher(self, author: Author, keys: PersonKeys) -> dict[str, Any]:
        """The row of the researcher this author is, updated with what the author adds."""
        rid = self.person_id(keys)
        ids = keys.strong_ids
        row = self.researchers.get(rid)
        if row is None:
            row = self.researchers[rid] = {
                "id": rid, "name": author.name, "name_key": keys.name_key, "orcid": author.orcid,
                "ids": list(ids), "names": [author.name], "search_text": name_search_text(keys.name_key),
                "new_works": 0, "first_year": None, "last_year": None, "reported": {},
            }
            return row
        if any(i not in row["ids"] for i in ids):
            row["ids"] = list(union(row["ids"], ids))
        if author.name not in row["names"]:
            row["names"].append(author.name)
            row["search_text"] = search_text(row["name"], tuple(row["names"]))
        row["orcid"] = row["orcid"] or author.orcid
        return row

    def add_person(self, person: Person, keys: PersonKeys) -> None:
        self.counts.persons += 1
        row = self._researcher(person.author, keys)
        row["reported"].update({f"reported_{k}": v for k, v in person.metrics.items()})
        self._affiliate(row["id"], person.author, None)

    def add_work(self, work: Work, keys: PaperKeys, authors: list[PersonKeys]) -> None:
        """A work and its authors' keys, in order."""
        self.counts.works += 1
        pid, existed = self.paper_id(keys)
        if existed:
            self.counts.papers_merged += 1
        else:
            self.counts.papers_new += 1
        # The graph keeps the first year it was told (coalesce), and so must the counters.
        known_year = self.m.paper_years.get(pid)
        year = known_year if known_year is not None else work.year
        self.m.paper_years[pid] = year
        known = self.m.authors[pid]
        ids = [self.person_id(k) for k in authors]
        fresh = [rid for rid in dict.fromkeys(ids) if rid not in known]  # new authors of the paper, once each
        front = self.options.front_matter and is_front_matter(work.title, work.kind)
        paired = self._pairing(pid, len(known), len(fresh), front)
        self._paper_row(pid, keys, work, FRONT_MATTER if front and pid in self.m.unpaired else work.kind)
        if known_year is None and year is not None and known:
            self._date_authors(known, year, paired)
        if paired is None:  # the record's new authors would take a paired paper past the limit: left out
            fresh = []
        self._add_authorships(pid, work, authors, ids, known, paired is not None, year)
        if paired and not known and len(fresh) >= CLIQUE_FROM and self.known_researchers.isdisjoint(fresh):
            self.cliques.append((sorted(fresh), year))  # people new to the graph: none of its pairs is there yet
        elif paired:
            self._pair_new_authors(known, fresh, year)
        known.update(fresh)
        self.counts.authorships_new += len(fresh)
        for topic in work.topics:
            self.topics[topic.id] = {"id": topic.id, "name": topic.name, "scheme": topic.scheme}
            self.about[(pid, topic.id)] = {"p": pid, "t": topic.id, "score": topic.score}

    def _add_authorships(self, pid: str, work: Work, authors: list[PersonKeys], ids: list[str], known: set[str],
                         new_authors: bool, year: int | None) -> None:
        """The work's authors' rows and its new authorships, in byline order; without `new_authors`, only what
        the record says of the paper's known authors."""
        taken = set(known)
        for position, (author, author_keys, rid) in enumerate(zip(work.authors, authors, ids, strict=True)):
            if not new_authors and rid not in known:
                continue
            row = self._researcher(author, author_keys)  # what the record says of a known author counts too
            if rid in taken:
                continue  # already an author of this paper (or listed twice)
            taken.add(rid)
            self.authored[(rid, pid)] = [rid, pid, position]
            row["new_works"] += 1
            _widen(row, year)
            if author.affiliations:
                self._affiliate(rid, author, year)

    def _pairing(self, pid: str, known: int, fresh: int, front: bool) -> bool | None:
        """Whether the paper's new authors are paired (True), not (False: the paper is or becomes unpaired), or
        left out (None). Pairing is settled by the records that first give a paper two authors (module doc)."""
        if pid in self.m.unpaired:
            return False
        wide = known + fresh > self.options.max_paired_authors
        if known <= 1 and (front or wide):  # no pair drawn for the paper yet: it can still be unpaired
            self.m.unpaired.add(pid)
            if front:
                self.counts.front_matter += 1
            else:
                self.counts.wide += 1
            return False
        if wide:
            self.counts.crowded += 1
            self.counts.crowded_authors += fresh
            return None
        return True

    def _pair_new_authors(self, known: set[str], fresh: list[str], year: int | None) -> None:
        """A pair for every two authors of which one is new: each new author with the known ones, and among
        themselves. Ends in id order, as the edge stores them."""
        count = self._count_pair
        for a in fresh:
            for b in known:
                if a < b:
                    count(a, b, year)
                else:
                    count(b, a, year)
        for a, b in combinations(sorted(fresh), 2):
            count(a, b, year)

    def _settle_cliques(self) -> list[tuple[list[str], int | None]]:
        """The cliques none of whose pairs another row of the batch draws (another paper, a clique sharing two of
        its authors, a later record dating the paper): those are drawn pair by pair instead, so that every pair is
        one row whatever wrote it. Linear in the batch's pairs and clique members."""
        member_of: dict[str, list[int]] = defaultdict(list)
        for n, (members, _) in enumerate(self.cliques):
            for rid in members:
                member_of[rid].append(n)
        shared = Counter(pair for ns in member_of.values() if len(ns) > 1 for pair in combinations(ns, 2))
        drawn = {n for pair, count in shared.items() if count > 1 for n in pair}
        left = set(range(len(self.cliques))) - drawn
        sets = {n: set(self.cliques[n][0]) for n in left}
        while True:
            for n in drawn:
                members, year = self.cliques[n]
                for a, b in combinations(members, 2):
                    self._count_pair(a, b, year)
            drawn = {n for a, b in self.pairs for n in member_of.get(a, ()) if n in left and b in sets[n]}
            if not drawn:
                return [self.cliques[n] for n in sorted(left)]
            left -= drawn

    def _paper_row(self, pid: str, keys: PaperKeys, work: Work, kind: str | None) -> None:
        openalex = next((i.removeprefix("openalex:") for i in work.ids if i.startswith("openalex:")), None)
        row = {
            "id": pid, "title": work.title, "title_key": keys.title_key,
            "year": work.year, "date": work.date, "kind": kind, "venue": work.venue, "doi": work.doi,
            "arxiv_id": work.arxiv_id, "openalex_id": openalex, "abstract": work.abstract,
            "has_code": work.has_code, "cited_by_count": work.cited_by_count,
            "ids": list(work.ids),
            # Only OpenAlex references can be resolved to loaded papers (by their OpenAlex id).
            "references": [r.removeprefix("openalex:") for r in work.references if r.startswith("openalex:")],
            "unpaired": True if pid in self.m.unpaired else None,
        }
        earlier = self.papers.get(pid)
        if earlier:  # the same paper twice in one batch: the first value of each field wins, like in the graph
            row = {k: earlier[k] if earlier[k] not in (None, []) else v for k, v in row.items()}
            row["ids"] = list(union(earlier["ids"], work.ids))
            if row["unpaired"] and kind == FRONT_MATTER:  # unpaired as front matter by this record: it says so
                row["kind"] = kind
        self.papers[pid] = row

    def _count_pair(self, a: str, b: str, year: int | None, papers: int = 1) -> None:
        pair = self.pairs.get((a, b))
        if pair is None:  # most pairs: one joint paper in the batch
            self.pairs[(a, b)] = [a, b, papers, year, year]
            return
        pair[2] += papers
        pair[3], pair[4] = _span(pair[3], pair[4], year)

    def _date_authors(self, authors: set[str], year: int, paired: bool | None) -> None:
        """A paper its authors already have learns its year (a year-less record came first): their spans and, for
        a paired paper, their pairs' take it in, as the graph's AUTHORED edges now imply, with no paper counted
        again."""
        if paired is not False:
            for a, b in combinations(sorted(authors), 2):
                self._count_pair(a, b, year, papers=0)
        for rid in authors:
            if rid in self.known_researchers:
                self.redated.add(rid)
            else:  # created earlier in this batch
                _widen(self.researchers[rid], year)

    def _affiliate(self, rid: str, author: Author, year: int | None) -> None:
        for inst in author.affiliations:
            iid = inst.id or f"name:{search_text(inst.name).replace(' ', '-')}"
            self.institutions[iid] = {"id": iid, "name": inst.name, "country": inst.country}
            edge = self.affiliated.setdefault(
                (rid, iid), {"r": rid, "i": iid, "first_year": year, "last_year": year, "source": self.source}
            )
            _widen(edge, year)

    def carry_into(self, m: Matches, wanted: dict[str, list[Any]]) -> None:
        """Add what this batch writes to the next batch's matches, looked up (`wanted`) before this write landed."""
        by_name: dict[str, list[str]] = defaultdict(list)
        for rid, row in self.researchers.items():
            by_name[row["name_key"]].append(rid)
        papers: set[str] = set()
        people: set[str] = set()
        for param, (kind, prop) in _LOOKUPS.items():
            for wanted_value in wanted.get(param, ()):
                value = lookup_value(wanted_value)
                if kind == "paper":
                    alias = self._paper_alias.get((kind, prop, value))
                    nodes = [alias] if alias else []
                    papers.update(nodes)
                elif prop == "name_key":
                    nodes = by_name.get(value, [])
                    people.update(nodes)
                else:
                    alias = self._person_alias.get((kind, prop, value))
                    nodes = [alias] if alias else []
                    people.update(nodes)
                if nodes:
                    found = m.ids.setdefault((kind, prop, value), [])
                    found[:0] = [n for n in nodes if n not in found]
        for pid in papers:
            m.paper_years[pid] = self.m.paper_years.get(pid)
            m.add_paper_ids(pid, self.papers.get(pid, {}).get("ids", ()))
            m.authors[pid] |= self.m.authors[pid]
            if pid in self.m.unpaired:
                m.unpaired.add(pid)
            people.update(self.m.authors[pid])
        for rid in people:
            written = self.researchers.get(rid)
            absorbed = written["ids"] if written and rid.startswith("name:") else []
            m.add_person_ids(rid, union(self.m.person_ids.get(rid, ()), absorbed))

    def strong_aliases(self) -> Iterator[tuple[str, str]]:
        """(ORCID as "orcid:..." or source id, researcher id) for each strong key this batch resolved; name-keyed nodes,
        whose absorbed ids matter to later matches, and name-only records (a name is no strong key) are left out."""
        for (_, prop, value), rid in self._person_alias.items():
            if prop != "name_key" and not rid.startswith("name:") and not value.startswith("name:"):
                yield (f"orcid:{value}" if prop == "orcid" else value), rid

    def params(self) -> dict[str, Any]:
        """Rows for `load/merge_batch`: nodes and pairs new to the graph are created, the rest merged. Edge rows
        name their ends by position among the batch's researchers (new, then known) and papers (likewise)."""
        known = self.known_researchers
        cliques = self._settle_cliques() if self.cliques else []
        old_r, new_r = _partition(self.researchers, known)
        old_p, new_p = _partition(self.papers, self.known_papers)
        person = {r["id"]: n for n, r in enumerate(new_r + old_r)}
        paper = {p["id"]: n for n, p in enumerate(new_p + old_p)}
        known_pair = [e for (a, b), e in self.pairs.items() if a in known and b in known]
        new_pair = [e for (a, b), e in self.pairs.items() if a not in known or b not in known]
        # Earlier authors of a known paper: in pairs with its new authors (or redated), but no row of their own.
        ends = chain.from_iterable(self.pairs)  # not a list: a wide paper has millions
        linked = list(dict.fromkeys(rid for rid in chain(ends, sorted(self.redated)) if rid not in person))
        person.update((rid, n) for n, rid in enumerate(linked, len(person)))
        return {
            "new_researchers": [_new_researcher_values(r) for r in new_r],
            "researchers": [_researcher_values(r, r["names"]) for r in old_r],  # no counters: see "recount"
            "linked": linked,
            "reported": [[r["id"], r["reported"]] for r in self.researchers.values() if r["reported"]],
            "new_papers": [_new_paper_values(p) for p in new_p],
            "papers": [_paper_values(p) for p in old_p],
            "authored": [[person[e[0]], paper[e[1]], e[2]] for e in self.authored.values()],
            "source": self.source,
            "profiled": _profiled(paper, self.papers.values()) if self.source == "profile" else [],
            "new_collaborations": [[person[e[0]], person[e[1]], e[2], e[3], e[4]] for e in new_pair],
            "collaborations": [[person[e[0]], person[e[1]], e[2], e[3], e[4]] for e in known_pair],
            "cliques": [[[person[rid] for rid in members], year] for members, year in cliques],
            "topics": list(self.topics.values()),
            "about": list(self.about.values()),
            "institutions": list(self.institutions.values()),
            "affiliated": list(self.affiliated.values()),
        }

    def recount(self) -> list[str]:
        """Known researchers given new authorships or a paper's new year: their counters are recounted from
        AUTHORED at the end of the load (see loaders/load.py Recount), not updated by the batch."""
        known = [rid for rid, r in self.researchers.items() if rid in self.known_researchers and r["new_works"]]
        return list(dict.fromkeys([*known, *sorted(self.redated)]))


def _profiled(position: dict[str, int], papers: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """[position, profile id] of each paper a profile listing joined under another key (DBLP's, a DOI): a later
    listing of that title without its year has only the profile id to find the paper by."""
    return [[position[p["id"]], i] for p in papers for i in p["ids"] if i.startswith("profile:") and i != p["id"]]


def _researcher_values(row: dict[str, Any], names: list[str]) -> list[Any]:
    """A planned researcher's identity as a `load/merge_batch` row: new nodes get their aliases, known ones all
    names seen."""
    return [row["id"], row["name"], row["name_key"], row["orcid"], row["ids"], names, row["search_text"]]


def _new_researcher_values(row: dict[str, Any]) -> list[Any]:
    """A new node's row with its counters, leaving out what the statement derives: ids that are just [id], and
    search text that is the name key's words (most researchers: a batch's text is a few percent shorter for each)."""
    values = _researcher_values(row, [n for n in row["names"] if n != row["name"]])
    if row["ids"] == [row["id"]]:
        values[4] = None
    if row["search_text"] == row["name_key"].replace("-", " "):
        values[6] = None
    return [*values, row["new_works"], row["first_year"], row["last_year"]]


_PAPER_COLUMNS = ("id", "title", "title_key", "year", "date", "kind", "venue", "doi", "arxiv_id",
                  "openalex_id", "abstract", "has_code", "cited_by_count", "ids", "references", "unpaired")


_paper_values = itemgetter(*_PAPER_COLUMNS)
_LIST_COLUMNS = [_PAPER_COLUMNS.index(c) for c in ("ids", "references")]


def _new_paper_values(row: dict[str, Any]) -> list[Any]:
    """A new node keeps no empty list: a later source's value fills it."""
    values = list(_paper_values(row))
    for i in _LIST_COLUMNS:
        values[i] = values[i] or None
    return values


def _partition(rows: dict[K, V], known: set[K]) -> tuple[list[V], list[V]]:
    """Rows whose key the graph already held, and the rest."""
    if not known:
        return [], list(rows.values())
    return [r for k, r in rows.items() if k in known], [r for k, r in rows.items() if k not in known]
