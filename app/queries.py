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
    one_map: bool = False  # Neo4j: its parameters are sent as one map parameter, `$params` (see plan_once)

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


# A header line `// neo4j: plan once` has Neo4j plan a load statement once per server, not again and again:
# - `CYPHER replan=skip` in front: the graph's statistics change all through a load, and without it Neo4j throws
#   the plans away every 10-30 s and plans again;
# - its parameters sent as one map, `$params` (each `$name` in the text reads `$params.name`): Neo4j keys a cached
#   plan on the type and size (0, 1, or up to the next power of 10) of each list parameter, so a batch with one
#   empty section or a short last batch was planned anew. Planning load/merge_batch costs 1-3 s of the server's
#   CPU each time on a fresh server; the plans are the same (unique-key seeks over positional rows).
# The option goes on the same line as the header's first line, so Neo4j's line numbers still point into the file.
_PLAN_ONCE = re.compile(r"^// neo4j: plan once\b", re.MULTILINE)
_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")
ONE_MAP = "params"


def plan_once(text: str) -> tuple[str, bool]:
    """The statement as Neo4j plans it once (see above), and whether it takes its parameters as one map."""
    if not _PLAN_ONCE.search(text):
        return text, False
    lines = [line if line.lstrip().startswith("//") else _PARAMETER.sub(rf"${ONE_MAP}.\1", line)
             for line in text.split("\n")]
    return "CYPHER replan=skip " + "\n".join(lines), True


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
                one_map = False
                if dialect == "neo4j" and file_dialect is None:
                    text = scope_subqueries(text)
                if dialect == "neo4j":
                    text, one_map = plan_once(text)
                self._queries[name] = Query(name, path, text, one_map)

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
