"""What a load remembers between batches, in fixed memory, so it asks the graph less.

Two facts hold while one loader writes: a key the load has not written cannot be in a graph that was
empty when the load began, and a researcher found under an ORCID or source id stays that node. The
first is kept in a Bloom filter (false positives only cost a lookup), the second in a bounded cache of
recent researchers; neither grows with the number of records.
"""

from __future__ import annotations

from rbloom import Bloom

from loaders.keys import PersonKeys

FILTER_KEYS = 7_000_000  # all of DBLP's conference papers' keys at 1% false positives: 8 MB
FALSE_POSITIVES = 0.01
RECENT_PEOPLE = 200_000


class KeyFilter:
    """A Bloom filter of strings: rbloom's, whose test and update run in Rust (0.37 µs a key against 0.86 for the
    pure-Python filter it replaced, which was a tenth of the loader's work between writes)."""

    def __init__(self, capacity: int = FILTER_KEYS) -> None:
        self._bloom = Bloom(capacity, FALSE_POSITIVES)

    def note(self, keys: list[str], probe: str = "") -> list[bool]:
        """For each key (of distinct keys), whether `probe + key` was added before; then adds the keys."""
        bloom = self._bloom
        found = [probe + key in bloom for key in keys] if probe else [key in bloom for key in keys]
        bloom.update(keys)
        return found


class RecentIds:
    """Key -> node id for about the `capacity` most recently used keys (two generations of a dict)."""

    def __init__(self, capacity: int = RECENT_PEOPLE) -> None:
        self._half = max(1, capacity // 2)
        self._young: dict[str, str] = {}
        self._old: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        value = self._young.get(key)
        if value is None:
            value = self._old.get(key)
            if value is not None:
                self.put(key, value)
        return value

    def put(self, key: str, value: str) -> None:
        self._young[key] = value
        if len(self._young) >= self._half:
            self._old, self._young = self._young, {}


class Seen:
    """Keys this load wrote and researchers it resolved; `fresh` when the graph held no paper or researcher at the
    start."""

    def __init__(self, fresh: bool, capacity: int = FILTER_KEYS, people: int = RECENT_PEOPLE) -> None:
        self._written = KeyFilter(capacity) if fresh else None
        self.people = RecentIds(people)

    def note(self, keys: list[str], probe: str = "") -> list[bool]:
        """For each key, whether the graph may hold `probe + key`: False only when it was empty at the start and
        this load never noted that key. Each key is then noted: the batch that asks for it writes a node with it."""
        if self._written is None:
            return [True] * len(keys)
        return self._written.note(keys, probe)

    def person(self, keys: PersonKeys) -> str | None:
        """The researcher node all of a person's strong keys resolved to before, or None if any is not remembered."""
        if keys.name_only:
            return None  # known by name only: never remembered (see Planner.strong_aliases)
        if len(keys.strong_ids) == 1:  # most DBLP and OpenAlex authors: one key
            return self.people.get(keys.strong_ids[0])
        found = {self.people.get(k) for k in keys.strong_ids}
        return found.pop() if len(found) == 1 and None not in found else None
