"""k shortest simple paths over a graph fetched lazily, one query per BFS level.

The shortest paths all come from one bidirectional breadth-first search, read off its layers in order;
only when there are fewer than k of them does Yen's algorithm look for longer ones, each spur search
bounded by the k-th shortest length known so far. The engine applies the filters (year window, people
to avoid) when it lists the links of a frontier; this module only walks what it is given.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from typing import Any

Node = Any  # what the links function names nodes by: researcher ids, or the engine's node handles
Links = Callable[[list[Node]], Awaitable[dict[Node, set[Node]]]]
Keys = Callable[[list[Node]], Awaitable[dict[Node, Any]]]
Path = tuple[Node, ...]
NO_EDGES: frozenset[tuple[Node, Node]] = frozenset()


class LazyGraph:
    """An undirected graph whose adjacency is fetched on first need and kept for the rest of the request.

    `keys` names nodes by what ties between equally short paths break on (researcher ids): the engines' handles
    differ, so ordering by them would have each engine choose other paths among the shortest."""

    def __init__(self, links: Links, keys: Keys | None = None) -> None:
        self._links = links
        self._adjacency: dict[Node, tuple[Node, ...]] = {}
        self._keys_of = keys
        self._keys: dict[Node, Any] = {}

    async def fetch(self, ids: Iterable[Node]) -> None:
        missing = sorted({i for i in ids if i not in self._adjacency})
        if not missing:
            return
        found = await self._links(missing)
        # The links query filters the far end of each link, and the near ends were reached through
        # filtered links themselves, so each fetched node's list is complete for the search.
        for i in missing:
            self._adjacency[i] = tuple(sorted(found.get(i, ())))

    def missing(self, ids: Iterable[Node]) -> int:
        """How many of `ids` a fetch would have to ask the engine for."""
        return sum(1 for i in ids if i not in self._adjacency)

    def neighbours(self, node: Node) -> tuple[Node, ...]:
        return self._adjacency.get(node, ())

    async def learn_keys(self, nodes: Iterable[Node]) -> None:
        if self._keys_of is None:
            return
        missing = sorted({n for n in nodes if n not in self._keys})
        if missing:
            self._keys.update(await self._keys_of(missing))

    def key(self, node: Node) -> tuple[int, Any]:
        """The node's sort key once learnt (without `keys`, the node itself)."""
        return (0, self._keys[node]) if node in self._keys else (1, node)

    def path_key(self, path: Path) -> tuple[tuple[int, Any], ...]:
        return tuple(self.key(n) for n in path)


def _edge(a: Node, b: Node) -> tuple[Node, Node]:
    return (a, b) if a <= b else (b, a)


class _Layers:
    """What a bidirectional BFS learnt: per side, each node's depth and its predecessors one level nearer."""

    def __init__(self, source: Node, target: Node) -> None:
        self.depth: tuple[dict[Node, int], dict[Node, int]] = ({source: 0}, {target: 0})
        self.preds: tuple[dict[Node, list[Node]], dict[Node, list[Node]]] = (defaultdict(list), defaultdict(list))
        self.meetings: list[Node] = []


# The other side's frontier is fetched in the same query when it is at most this many times (plus a few) the
# size of the side being expanded: it is usually the next to expand, and one round trip costs more than a small
# frontier's links.
PREFETCH_RATIO, PREFETCH_SLACK = 1, 32
# Which side to expand: the one whose level costs less, a node to fetch weighing this many already fetched
# (spur searches of Yen's algorithm find most of the target's side fetched). Any order finds the same paths.
FETCH_WEIGHT = 8


def _cost(graph: LazyGraph, frontier: list[Node]) -> int:
    return len(frontier) + FETCH_WEIGHT * graph.missing(frontier)


async def _search(graph: LazyGraph, source: Node, target: Node, max_hops: int, banned_nodes: frozenset[Node],
                  banned_edges: frozenset[tuple[Node, Node]]) -> _Layers | None:
    """Expand the cheaper frontier a whole level at a time until the two sides meet or max_hops is spent."""
    layers = _Layers(source, target)
    frontiers = [[source], [target]]
    levels = [0, 0]
    banned_next: dict[Node, set[Node]] = defaultdict(set)  # banned edges by either end, checked once per node
    for a, b in banned_edges:
        banned_next[a].add(b)
        banned_next[b].add(a)
    while frontiers[0] and frontiers[1] and levels[0] + levels[1] < max_hops:
        side = 0 if _cost(graph, frontiers[0]) <= _cost(graph, frontiers[1]) else 1
        other = frontiers[1 - side]
        wanted = frontiers[side]
        if levels[0] + levels[1] + 1 < max_hops and len(other) <= PREFETCH_RATIO * len(wanted) + PREFETCH_SLACK:
            wanted = wanted + other
        await graph.fetch(wanted)
        levels[side] += 1
        frontiers[side] = _expand(graph, layers, side, frontiers[side], levels[side], banned_nodes, banned_next)
        if layers.meetings:
            # Every meeting node sits on the other side's outermost level, so all give the same length.
            layers.meetings.sort()
            return layers
    return None


def _expand(graph: LazyGraph, layers: _Layers, side: int, frontier: list[Node], level: int,
            banned_nodes: frozenset[Node], banned_next: dict[Node, set[Node]]) -> list[Node]:
    """One level out from `side`'s (fetched) frontier: the nodes first reached, each with every predecessor
    that reaches it at this level; a node the other side reached is a meeting."""
    mine, theirs, preds = layers.depth[side], layers.depth[1 - side], layers.preds[side]
    next_frontier: list[Node] = []
    for node in frontier:
        skip = banned_next.get(node)
        for other_node in graph.neighbours(node):
            if other_node in banned_nodes or (skip and other_node in skip):
                continue
            seen = mine.get(other_node)
            if seen is None:
                mine[other_node] = level
                next_frontier.append(other_node)
                if other_node in theirs:
                    layers.meetings.append(other_node)
                preds[other_node].append(node)
            elif seen == level:
                preds[other_node].append(node)
    return next_frontier


def _ancestors(preds: dict[Node, list[Node]], start: Iterable[Node]) -> set[Node]:
    """`start` and every node one of them was reached from."""
    found = set(start)
    stack = list(found)
    while stack:
        for p in preds.get(stack.pop(), ()):
            if p not in found:
                found.add(p)
                stack.append(p)
    return found


def _on_shortest_paths(layers: _Layers) -> tuple[set[Node], int]:
    """Every node on some shortest path, and the paths' length in hops."""
    forward, backward = layers.preds
    meeting = layers.meetings[0]
    hops = layers.depth[0][meeting] + layers.depth[1][meeting]
    return _ancestors(forward, layers.meetings) | _ancestors(backward, layers.meetings), hops


def _paths(layers: _Layers, source: Node, target: Node, key: Callable[[Node], Any]) -> Iterator[Path]:
    """Every shortest path in order of its sequence of keys, read off the layers without dead ends."""
    forward, backward = layers.preds
    # Nodes on some shortest path, on the source's side: ancestors of the meeting nodes.
    useful = _ancestors(forward, layers.meetings)
    successors: dict[Node, list[Node]] = defaultdict(list)
    for node in useful:
        for p in forward.get(node, ()):
            successors[p].append(node)
    for half in _chains(source, successors, set(layers.meetings), key):
        for rest in _chains(half[-1], backward, {target}, key):
            yield half[:-1] + rest


def _chains(node: Node, nexts: Mapping[Node, list[Node]], ends: set[Node],
            key: Callable[[Node], Any]) -> Iterator[Path]:
    """Every chain from `node` along `nexts` to one of `ends`, in order of its keys."""
    if node in ends:
        yield (node,)
        return
    for nxt in sorted(nexts.get(node, ()), key=key):
        for rest in _chains(nxt, nexts, ends, key):
            yield (node, *rest)


async def shortest_paths(graph: LazyGraph, source: Node, target: Node, max_hops: int, limit: int,
                         banned_nodes: frozenset[Node] = frozenset(),
                         banned_edges: frozenset[tuple[Node, Node]] = NO_EDGES) -> list[Path]:
    """Up to `limit` shortest paths of at most `max_hops` hops, in order of their nodes' keys."""
    if source == target:
        return [(source,)]
    layers = await _search(graph, source, target, max_hops, banned_nodes, banned_edges)
    if layers is None:
        return []
    nodes, hops = _on_shortest_paths(layers)
    if len(nodes) > hops + 1:  # more than one shortest path: which come first depends on the keys
        await graph.learn_keys(nodes)
    found = []
    for path in _paths(layers, source, target, graph.key):
        found.append(path)
        if len(found) == limit:
            break
    return found


async def k_shortest(graph: LazyGraph, source: Node, target: Node, max_hops: int, k: int) -> list[Path]:
    """Up to `k` shortest simple paths, shortest first (Yen's algorithm past the shortest ones)."""
    found = await shortest_paths(graph, source, target, max_hops, k)
    if not found or len(found) >= k:
        return found
    candidates: list[tuple[int, tuple[tuple[int, Any], ...], Path]] = []
    seen: set[Path] = set(found)
    pending = list(found)  # paths whose spur paths are still to be searched
    while len(found) < k:
        for previous in pending:
            for i in range(len(previous) - 1):
                # A path no shorter than the k-th shortest known cannot change the answer.
                known = sorted([len(p) for p in found] + [length for length, _, _ in candidates])
                bound = min(max_hops, known[k - 1] - 2) if len(known) >= k else max_hops
                if bound - i < 1:
                    break
                root = previous[: i + 1]
                banned_edges = frozenset(_edge(p[i], p[i + 1]) for p in found if p[: i + 1] == root and len(p) > i + 1)
                spurs = await shortest_paths(graph, root[-1], target, bound - i, 1, frozenset(root[:-1]), banned_edges)
                for spur in spurs:
                    path = root[:-1] + spur
                    if path not in seen:
                        seen.add(path)
                        await graph.learn_keys(path)  # candidates of one length are taken in the order of their keys
                        heapq.heappush(candidates, (len(path), graph.path_key(path), path))
        if not candidates:
            break
        path = heapq.heappop(candidates)[2]
        found.append(path)
        pending = [path]
    return found
