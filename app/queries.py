"""Named Cypher queries: read from `cypher/` once, each resolved for one engine's dialect."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cypher

CYPHER_DIR = Path(cypher.__file__).resolve().parent
DIALECTS = ("neo4j", "falkordb")


class UnknownQuery(KeyError):
    """No `.cypher` file by that name for this engine."""


@dataclass(frozen=True, slots=True)
class Query:
    name: str  # "db/count_nodes"
    path: Path  # the file it came from, named in every error
    text: str  # the statement with its header

    def __str__(self) -> str:
        return self.name


def split_name(path: Path, root: Path) -> tuple[str, str | None]:
    """'db/x.neo4j.cypher' -> ('db/x', 'neo4j'); 'db/x.cypher' -> ('db/x', None)."""
    rel = path.relative_to(root).as_posix().removesuffix(".cypher")
    base, _, dialect = rel.rpartition(".")
    if base and dialect in DIALECTS:
        return base, dialect
    return rel, None


# `CALL {` and its importing `WITH a, b` if the body opens with one: bare names, then the next clause.
# A body opening with any other WITH (projecting, filtering) is left alone for Neo4j to judge.
_SUBQUERY = re.compile(
    r"\bCALL\s*\{(?:(?P<head>\s*WITH\s+(?P<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*))"
    r"(?=\s+(?:UNWIND|MATCH|OPTIONAL|CALL|WITH|RETURN|CREATE|MERGE|SET|DELETE|DETACH|REMOVE|FOREACH|FINISH)\b)"
    r"|(?!\s*WITH\b))",
    re.IGNORECASE,
)


def scope_subqueries(text: str) -> str:
    """Portable `CALL { WITH a, b ... }` in Neo4j 5's current form, `CALL (a, b) { ... }`, and `CALL { ... }`
    without an importing WITH as `CALL () { ... }`. FalkorDB knows only the old form and Neo4j 5.26
    deprecates it, so portable files keep it and Neo4j gets it rewritten here. Line breaks are kept, so
    Neo4j's line numbers still point into the file."""

    def scoped(m: re.Match[str]) -> str:
        names = ", ".join(re.split(r"\s*,\s*", m["names"])) if m["names"] else ""
        return f"CALL ({names}) {{" + "\n" * (m["head"] or "").count("\n")

    return _SUBQUERY.sub(scoped, text)


# A header line `// neo4j options: replan=skip` puts `CYPHER replan=skip` before the statement on Neo4j. A load's
# statements need it: the graph's statistics change all through a load, so Neo4j throws their plans away every
# 10-30 s and plans again, and planning load/merge_batch costs seconds of the server's CPU each time (the plans
# stay the same: unique-key seeks and positional rows). On the same line as the header's first line, so Neo4j's
# line numbers still point into the file.
_NEO4J_OPTIONS = re.compile(r"^// neo4j options: (?P<options>\w+=\w+(?: \w+=\w+)*)", re.MULTILINE)


def neo4j_options(text: str) -> str:
    """The statement with its header's Neo4j query options (`CYPHER replan=skip ...`) in front, if it has any."""
    found = _NEO4J_OPTIONS.search(text)
    return f"CYPHER {found['options']} {text}" if found else text


class Catalog:
    """The queries under some directories, as one engine runs them: a dialect file wins over the portable one."""

    def __init__(self, dialect: str, roots: tuple[Path, ...] = (CYPHER_DIR,)) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"unknown Cypher dialect {dialect!r}; expected one of {DIALECTS}")
        self.dialect = dialect
        self.roots = roots
        self._queries: dict[str, Query] = {}
        for root in roots:
            for path in sorted(root.rglob("*.cypher")):
                name, file_dialect = split_name(path, root)
                if file_dialect not in (None, dialect):
                    continue
                if file_dialect is None and name in self._queries:
                    continue  # an earlier root has the name (a portable file sorts before its dialect file)
                text = path.read_text(encoding="utf-8")
                if dialect == "neo4j" and file_dialect is None:
                    text = scope_subqueries(text)
                if dialect == "neo4j":
                    text = neo4j_options(text)
                self._queries[name] = Query(name, path, text)

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            where = ", ".join(str(r) for r in self.roots)
            raise UnknownQuery(f"no query {name!r} for {self.dialect} under {where}") from None

    def names(self, prefix: str = "") -> list[str]:
        return sorted(n for n in self._queries if n.startswith(prefix))


@cache
def catalog(dialect: str, extra: Path | None = None) -> Catalog:
    """The project's own queries for `dialect` (plus those under `extra`, for tests), read once per process."""
    return Catalog(dialect, (CYPHER_DIR,) if extra is None else (CYPHER_DIR, extra))
