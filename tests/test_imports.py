"""The parts import one another in one direction, and no module imports itself back through others.

Entry points (the CLI, the server factory) sit on top and assemble the parts. Below them, web/ uses the API and
the graph boundary; loaders/ use the graph boundary; the API (app/api) uses the graph boundary only. The graph
boundary and the modules every part shares (the rest of app/: graph, queries, settings, text, metrics, ...)
import no part above them. Checked on the source with `ast`, every import at any depth (inside functions and
`if TYPE_CHECKING:` too: a type is a dependency), so nothing needs importing to be checked.

The checks take the tree they read as an argument, so they are tried on throwaway trees as well.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PARTS = ("app", "loaders", "web")
ENTRY_POINTS = frozenset({"app.cli", "app.server"})

# What a module of each layer may import from the other layers (any module may import its own layer).
MAY_IMPORT = {
    "entry point": {"web", "api", "loaders", "boundary"},
    "web": {"api", "boundary"},
    "loaders": {"boundary"},
    "api": {"boundary"},
    "boundary": set(),
}

# The one import cycle kept, and why: Paper.authors and Researcher.papers are GraphQL types that refer to each
# other, so app/api/paper.py imports Researcher inside the resolver (strawberry.lazy); at import time there is
# no cycle. Splitting them would only move the cycle into a third module.
ALLOWED_CYCLE_EDGES = frozenset({("app.api.paper", "app.api.researcher")})


def layer(module: str) -> str:
    if module in ENTRY_POINTS:
        return "entry point"
    top = module.split(".")[0]
    if top in ("web", "loaders"):
        return top
    if module == "app.api" or module.startswith("app.api."):
        return "api"
    return "boundary"


def modules(root: Path) -> dict[str, Path]:
    """Module name -> file, for the parts under `root` (a package is named by its __init__.py)."""
    found = {}
    for part in PARTS:
        for path in sorted((root / part).rglob("*.py")):
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imported_names(path: Path, module: str) -> Iterator[tuple[str, int]]:
    """(dotted name, line) of every import in the file; `from x import y` gives x.y, which may be a module."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno


def import_graph(root: Path) -> dict[str, dict[str, int]]:
    """module -> {imported module of the parts: line of the first import}, for the modules under `root`."""
    known = modules(root)
    graph: dict[str, dict[str, int]] = {}
    for module, path in known.items():
        edges: dict[str, int] = {}
        for name, line in _imported_names(path, module):
            while name and name not in known:  # `from app.graph import Graph` -> app.graph
                name = name.rpartition(".")[0]
            if name and name != module:
                edges.setdefault(name, line)
        graph[module] = edges
    return graph


def layer_violations(graph: dict[str, dict[str, int]]) -> list[str]:
    found = []
    for module, edges in sorted(graph.items()):
        mine = layer(module)
        for target, line in sorted(edges.items()):
            theirs = layer(target)
            if theirs != mine and theirs not in MAY_IMPORT[mine]:
                found.append(f"{module} (line {line}, {mine}) imports {target} ({theirs})")
    return found


def _reachable(graph: dict[str, dict[str, int]], start: str, allowed: frozenset[tuple[str, str]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        v = todo.pop()
        for w in graph.get(v, {}):
            if (v, w) not in allowed and w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def cycles(graph: dict[str, dict[str, int]], allowed: frozenset[tuple[str, str]] = frozenset()) -> list[list[str]]:
    """Each group of modules that import one another, directly or through others (sorted names)."""
    reach = {v: _reachable(graph, v, allowed) for v in graph}
    groups = {tuple(sorted(w for w in reach[v] if v in reach[w])) for v in graph if v in reach[v]}
    return sorted(list(g) for g in groups)


# --- the project ------------------------------------------------------------------------------


def test_no_part_imports_an_entry_point_or_a_part_above_it() -> None:
    assert layer_violations(import_graph(PROJECT)) == []


def test_no_import_cycle_between_modules() -> None:
    assert cycles(import_graph(PROJECT), ALLOWED_CYCLE_EDGES) == []


def test_the_allowed_cycle_is_still_there() -> None:
    """If the Paper/Researcher cycle goes away, so should its allowance."""
    graph = import_graph(PROJECT)
    for a, b in ALLOWED_CYCLE_EDGES:
        assert b in graph[a] and a in graph[b]


# --- the checks themselves, on throwaway trees ---------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for part in PARTS:
        (root / part).mkdir(exist_ok=True)
    return root


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("app/api/search.py", "from loaders.identity import words\n", "app.api.search (line 1, api) imports loaders.identity (loaders)"),
        ("app/graph.py", "def f() -> None:\n    from web import routes\n", "app.graph (line 2, boundary) imports web.routes (web)"),
        ("loaders/load.py", "import app.server\n", "loaders.load (line 1, loaders) imports app.server (entry point)"),
        ("web/words.py", "from loaders.identity import words\n", "web.words (line 1, web) imports loaders.identity (loaders)"),
    ],
)
def test_an_import_against_the_direction_is_named(tmp_path: Path, name: str, text: str, expected: str) -> None:
    root = _tree(tmp_path, {
        name: text, "app/server.py": "", "web/routes.py": "", "loaders/identity.py": "",
        "app/api/__init__.py": "", "app/__init__.py": "", "web/__init__.py": "", "loaders/__init__.py": "",
    })
    assert layer_violations(import_graph(root)) == [expected]


def test_imports_down_the_layers_pass(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "app/cli.py": "from loaders import load\nfrom app import server\n",
        "app/server.py": "from web.routes import router\nfrom app.api.schema import schema\n",
        "web/routes.py": "from app.api import schema\nfrom app.graph import Graph\n",
        "app/api/schema.py": "from app.graph import Graph\nfrom app.text import words\n",
        "loaders/load.py": "from app.graph import Graph\nfrom . import keys\n",
        "loaders/keys.py": "from app.text import words\n",
        "app/graph.py": "", "app/text.py": "", "app/api/__init__.py": "",
    })
    graph = import_graph(root)
    assert graph["loaders.load"] == {"app.graph": 1, "loaders.keys": 2}  # the relative import is resolved
    assert layer_violations(graph) == []
    assert cycles(graph) == []


def test_a_cycle_is_found_through_an_import_inside_a_function(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "app/graph.py": "from app import metrics\n",
        "app/metrics.py": "def f() -> None:\n    from app import queries\n",
        "app/queries.py": "import app.graph\n",
        "app/text.py": "from app import graph\n",
    })
    graph = import_graph(root)
    assert cycles(graph) == [["app.graph", "app.metrics", "app.queries"]]
    assert cycles(graph, frozenset({("app.metrics", "app.queries")})) == []
