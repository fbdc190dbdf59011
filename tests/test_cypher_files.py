"""The `.cypher` files: Neo4j's parser accepts them, each has its header, a conventional name,
a caller in the code, and a version for both engines.

The checks take the tree they look at as an argument, so they can be tried on throwaway trees.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from app.queries import DIALECTS, scope_subqueries, split_name

PROJECT = Path(__file__).resolve().parents[1]
CYPHER_ROOT = PROJECT / "cypher"
CODE_DIRS = tuple(PROJECT / d for d in ("app", "loaders", "web"))  # where named queries are called
LINT_DIR = PROJECT / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"

VERBS = ("get", "list", "search", "count", "merge", "delete")
NAME_RE = re.compile(rf"^(?:{'|'.join(VERBS)})_[a-z0-9]+(?:_[a-z0-9]+)*$")
# Schema statements are named after what they create: `<label>_<what>`, e.g. paper_key, paper_doi,
# researcher_fulltext.
SCHEMA_LABELS = ("researcher", "paper", "topic", "institution", "load_state", "user", "session", "access_token", "claim")
SCHEMA_NAME_RE = re.compile(rf"^(?:{'|'.join(SCHEMA_LABELS)})_[a-z0-9]+(?:_[a-z0-9]+)*$")


# --- the tree -------------------------------------------------------------------------------


def cypher_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.cypher"))


def lintable_files(root: Path) -> list[Path]:
    """Portable and Neo4j-dialect files: the ones Neo4j runs. FalkorDB files call procedures Neo4j lacks."""
    return [p for p in cypher_files(root) if split_name(p, root)[1] in (None, "neo4j")]


def neo4j_text(path: Path, root: Path) -> str:
    """A file's statement as Neo4j runs it: the catalog rewrites portable files' subqueries (app/queries.py)."""
    text = path.read_text(encoding="utf-8")
    return scope_subqueries(text) if split_name(path, root)[1] is None else text


# --- checks: each returns one readable line per problem ----------------------------------------


def header_problems(root: Path) -> list[str]:
    """A file opens with `//` lines: one sentence, then `params:`, then `returns:`; a statement follows."""
    problems = []
    for path in cypher_files(root):
        rel = path.relative_to(root).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        header = []
        for line in lines:
            if not line.startswith("//"):
                break
            header.append(line.removeprefix("//").strip())
        body = [line for line in lines[len(header) :] if line.strip()]
        keys = [h.split(":", 1)[0] for h in header]
        if "params" not in keys or "returns" not in keys:
            problems.append(f"{rel}: header lacks a `// params:` or `// returns:` line")
            continue
        sentence = " ".join(header[: keys.index("params")]).strip()
        if not sentence or not sentence.endswith("."):
            problems.append(f"{rel}: header does not open with a sentence ending in '.'")
        if keys.index("returns") < keys.index("params"):
            problems.append(f"{rel}: `// returns:` comes before `// params:`")
        for key in ("params", "returns"):
            if not header[keys.index(key)].split(":", 1)[1].strip():
                problems.append(f"{rel}: `// {key}:` is empty (write `none` when there are none)")
        if not body:
            problems.append(f"{rel}: no statement after the header")
    return problems


def naming_problems(root: Path) -> list[str]:
    problems = []
    for path in cypher_files(root):
        name, _ = split_name(path, root)
        folder, _, stem = name.rpartition("/")
        if folder == "schema":
            if not SCHEMA_NAME_RE.match(stem):
                problems.append(f"{name}: schema files are named <label>_<what> with label in {SCHEMA_LABELS}")
        elif not NAME_RE.match(stem):
            problems.append(f"{name}: not <verb>_<noun> with verb in {VERBS}")
    return problems


def dialect_problems(root: Path) -> list[str]:
    """Every query runs on both engines: a portable file, or one file per dialect."""
    seen: dict[str, set[str | None]] = {}
    for path in cypher_files(root):
        name, dialect = split_name(path, root)
        seen.setdefault(name, set()).add(dialect)
    return [
        f"{name}: only {sorted(d for d in found if d)}; add {name}.cypher or the missing dialect file"
        for name, found in sorted(seen.items())
        if None not in found and not set(DIALECTS) <= found
    ]


def string_literals(code_dirs: tuple[Path, ...]) -> set[str]:
    found: set[str] = set()
    for folder in code_dirs:
        for py in sorted(folder.rglob("*.py")):
            tree = ast.parse(py.read_text(encoding="utf-8"), filename=str(py))
            found.update(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return found


def unused_names(root: Path, code_dirs: tuple[Path, ...]) -> list[str]:
    """Query names no code names as a literal: dead files, or callers that build names at run time."""
    literals = string_literals(code_dirs)
    names = sorted({split_name(p, root)[0] for p in cypher_files(root)})
    return [f"{name}: no string literal {name!r} under {[d.name for d in code_dirs]}" for name in names if name not in literals]


# --- the linter ------------------------------------------------------------------------------


def run_lint(paths: list[Path], cwd: Path = PROJECT) -> tuple[int, dict[str, dict]]:
    """One node process for all files; returns its exit status and its report per path as given."""
    args = [str(p.relative_to(cwd)) if p.is_relative_to(cwd) else str(p) for p in paths]
    return _lint([json.dumps(args)], None, cwd)


def run_lint_texts(texts: dict[str, str], cwd: Path = PROJECT) -> tuple[int, dict[str, dict]]:
    """The same for statements given as text, each reported under its name."""
    return _lint(["--stdin"], json.dumps([{"path": k, "text": v} for k, v in texts.items()]), cwd)


def _lint(args: list[str], stdin: str | None, cwd: Path) -> tuple[int, dict[str, dict]]:
    if not (LINT_DIR / "node_modules").is_dir():
        pytest.fail(f"the Cypher linter is not installed: run `npm ci --prefix {LINT_DIR.relative_to(PROJECT)}`")
    node = shutil.which("node")
    if node is None:
        pytest.fail("`node` (Node.js 20+) is not on PATH; the Cypher linter needs it")
    proc = subprocess.run(
        [node, str(LINT_SCRIPT), *args], input=stdin, cwd=cwd, capture_output=True, text=True, timeout=600
    )
    if proc.returncode not in (0, 1):
        pytest.fail(f"lint.mjs failed (exit {proc.returncode}):\n{proc.stderr}")
    reports = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return proc.returncode, {r["path"]: r for r in reports}


@cache
def project_lint() -> dict[str, dict]:
    """The project's files linted once per session, as Neo4j runs them. A plain cached call, not a fixture,
    so a missing linter fails each test (pytest.fail in a fixture would only show as a setup error)."""
    texts = {str(p.relative_to(PROJECT)): neo4j_text(p, CYPHER_ROOT) for p in lintable_files(CYPHER_ROOT)}
    return run_lint_texts(texts)[1]


def _format(report: dict) -> str:
    return "\n".join(f"  {report['path']}:{e['line']}:{e['column']}: {e['message']}" for e in report["errors"])


# --- tests -----------------------------------------------------------------------------------


def test_there_are_cypher_files():
    assert lintable_files(CYPHER_ROOT), f"no portable or Neo4j .cypher files under {CYPHER_ROOT}"


@pytest.mark.parametrize(
    "path", lintable_files(CYPHER_ROOT), ids=lambda p: p.relative_to(CYPHER_ROOT).as_posix()
)
def test_neo4j_parser_accepts_the_file(path: Path):
    report = project_lint().get(str(path.relative_to(PROJECT)))
    assert report is not None, f"lint.mjs reported nothing for {path}"
    assert not report["errors"], "Neo4j's Cypher parser rejects:\n" + _format(report)


@pytest.mark.parametrize(
    "path", lintable_files(CYPHER_ROOT), ids=lambda p: p.relative_to(CYPHER_ROOT).as_posix()
)
def test_neo4j_finds_nothing_deprecated_or_slow_in_what_it_runs(path: Path):
    """What the server would report as a deprecation or performance notification (app/neo4j_graph.py)."""
    report = project_lint().get(str(path.relative_to(PROJECT)))
    assert report is not None, f"lint.mjs reported nothing for {path}"
    flagged = [w for w in report["warnings"] if re.search(r"deprecated|cartesian product", w["message"], re.I)]
    assert not flagged, "Neo4j objects:\n" + _format({"path": report["path"], "errors": flagged})


def test_linter_sees_the_text_given_rather_than_the_file(tmp_path: Path):
    path = tmp_path / "subquery.cypher"
    path.write_text("// A subquery in the portable form.\n// params: none\n// returns: n\nCALL { RETURN 1 AS n }\nRETURN n\n")
    _, from_file = run_lint([path], cwd=tmp_path)
    _, rewritten = run_lint_texts({"subquery.cypher": neo4j_text(path, tmp_path)}, cwd=tmp_path)
    assert any("deprecated" in w["message"] for w in from_file["subquery.cypher"]["warnings"])
    assert rewritten["subquery.cypher"] == {"path": "subquery.cypher", "errors": [], "warnings": []}


def test_linter_rejects_broken_and_neo4j_foreign_statements_and_accepts_valid_ones(tmp_path: Path):
    header = "// A statement for the linter's self-check.\n// params: id\n// returns: n\n"
    cases = {
        "broken.cypher": "MATCH (n:Researcher {id: $id}\nRETURN n\n",
        "falkordb_only.cypher": "CALL db.idx.fulltext.queryNodes('Paper', $q) YIELD node\nRETURN node\n",
        "two_statements.cypher": "MATCH (n) RETURN n;\nMATCH (m) RETURN m\n",
        "valid.cypher": "MATCH (n:Researcher {id: $id})\nRETURN n {.id, .name} AS n\n",
    }
    for name, body in cases.items():
        (tmp_path / name).write_text(header + body, encoding="utf-8")
    status, reports = run_lint([tmp_path / name for name in cases], cwd=tmp_path)
    assert status == 1
    assert reports["valid.cypher"]["errors"] == []
    broken = reports["broken.cypher"]["errors"]
    assert broken and broken[0]["line"] == 5  # positions count the header lines
    assert "db.idx.fulltext.queryNodes" in reports["falkordb_only.cypher"]["errors"][0]["message"]
    assert reports["two_statements.cypher"]["errors"]


def test_every_file_has_its_header():
    problems = header_problems(CYPHER_ROOT)
    assert not problems, "\n".join(problems)


def test_file_names_follow_the_verb_noun_convention():
    problems = naming_problems(CYPHER_ROOT)
    assert not problems, "\n".join(problems)


def test_every_query_runs_on_both_engines():
    problems = dialect_problems(CYPHER_ROOT)
    assert not problems, "\n".join(problems)


def test_every_query_is_called_by_name_from_the_code():
    problems = unused_names(CYPHER_ROOT, CODE_DIRS)
    assert not problems, "\n".join(problems)
