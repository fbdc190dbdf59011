"""What a load remembers between batches, in fixed memory, so it asks the graph less.

Two facts hold while one loader writes: a key the load has not written cannot be in a graph that was
empty when the load began, and a researcher found under an ORCID or source id stays that node. The
first is kept in a Bloom filter (false positives only cost a lookup), the second in a bounded cache of
recent researchers; neither grows with the number of records.
"""

from __future__ import annotations

from collections.abc import Iterable

from loaders.keys import PersonKeys

FILTER_BITS_LOG2 = 27  # 16 MB: about 1% false positives at 7 million keys (all of DBLP's conference papers)
RECENT_PEOPLE = 200_000


class KeyFilter:
    """A Bloom filter of strings with two probes taken from Python's 64-bit string hash."""

    def __init__(self, bits_log2: int = FILTER_BITS_LOG2) -> None:
        self._bits = bytearray(1 << (bits_log2 - 3))
        self._mask = (1 << bits_log2) - 1

    def note(self, keys: Iterable[str], probe: str = "") -> list[bool]:
        """For each key, whether `probe + key` was added before; then adds the key.

        One pass over a batch's keys, in one function: tested and added separately, through a method call per
        key and probe, these were a tenth of the loader's work between the engine's writes.
        """
        bits, mask = self._bits, self._mask
        found = []
        for key in keys:
            h = hash(probe + key if probe else key)
            i, j = h & mask, (h >> 32) & mask
            found.append(bool(bits[i >> 3] & (1 << (i & 7))) and bool(bits[j >> 3] & (1 << (j & 7))))
            if probe:
                h = hash(key)
                i, j = h & mask, (h >> 32) & mask
            bits[i >> 3] |= 1 << (i & 7)
            bits[j >> 3] |= 1 << (j & 7)
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
    """Keys this load wrote and researchers it resolved; `fresh` when the graph held no paper or researcher at the start."""

    def __init__(self, fresh: bool, bits_log2: int = FILTER_BITS_LOG2, people: int = RECENT_PEOPLE) -> None:
        self._written = KeyFilter(bits_log2) if fresh else None
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
        if keys.orcid is None and keys.ids == (keys.id,):  # most DBLP and OpenAlex authors: one key
            return self.people.get(keys.id)
        strong = [f"orcid:{keys.orcid}"] if keys.orcid else []
        found = {self.people.get(k) for k in (*strong, keys.id, *keys.ids)}
        return found.pop() if len(found) == 1 and None not in found else None
