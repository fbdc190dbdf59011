"""Wide-record benchmark: one paper with N authors, loaded by `collab load dblp` into a fresh embedded engine.

    python -m bench.wide                       # N = 500, 1,000, 3,000 and 200,000
    python -m bench.wide --sizes 3000 --paired-up-to 0

For each N, three loads, each in its own process on its own engine, with wall time and the loader's peak RSS
(and the engine's, which writes the pairs):
- "one record": the paper as it comes, at the default --max-paired-authors (500): past it, authorships only;
- "one record, paired": the same with --max-paired-authors N, so all N*(N-1)/2 pairs are written (up to
  --paired-up-to authors; the point is that their cost grows with the pair rows, and no faster);
- "baseline": the same N authorships as N/4 ordinary four-author papers (6 pairs each), the cost a wide record
  should be compared with.
Each side's written researchers, authorships and co-author pairs are printed beside its figures, then what
`collab db check` says of the graph it left.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from string import ascii_lowercase

from app import embedded
from bench.load import LIMITS, _watch_peak_rss, count_written

DTD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "dblp" / "dblp.dtd"
HEAD = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n'


@dataclass
class Run:
    label: str
    seconds: float
    peak_rss_mb: float
    engine_mb: float  # the engine's peak RSS from its start to the end of this load (before the count and check)
    written: dict[str, int]
    check: str


def letters(i: int) -> str:
    """The i-th word of lower-case letters (a, b, ..., z, ba, bb, ...): distinct names without digits, which
    DBLP reads as a homonym number."""
    word = ""
    while True:
        i, r = divmod(i, 26)
        word = ascii_lowercase[r] + word
        if not i:
            return word


def member(i: int) -> str:
    """A distinct consortium member's name."""
    return f"Member {letters(i).capitalize()}"


def record(key: str, authors: range, title: str) -> str:
    names = "".join(f"<author>{member(i)}</author>" for i in authors)
    return f'<article key="{key}">{names}<title>{title}.</title><journal>Bench</journal><year>2012</year></article>\n'


def write_dblp(folder: Path, records: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DTD, folder / "dblp.dtd")
    path = folder / "dblp.xml"
    path.write_bytes((HEAD + "".join(records) + "</dblp>\n").encode("latin-1"))
    return path


def wide_file(folder: Path, n: int) -> Path:
    return write_dblp(folder, [record("journals/bench/Wide", range(n), "A Consortium Paper")])


def baseline_file(folder: Path, n: int) -> Path:
    """N authorships as N/4 papers of four authors each (every author on one paper)."""
    return write_dblp(folder, [
        record(f"journals/bench/P{k}", range(start, min(start + 4, n)), f"Ordinary Paper {k}")
        for k, start in enumerate(range(0, n, 4))
    ])


def run_loader(label: str, path: Path, data_dir: Path, *extra: str) -> Run:
    """`collab load dblp` in its own process on an engine this process started, so its RSS is its own."""
    endpoint = embedded.ensure_running(data_dir, LIMITS)
    holder = endpoint.client()
    holder.client_setname("collab-bench")  # keeps the engine up after the loader leaves
    env = os.environ | {"COLLAB_DATA_DIR": str(data_dir), "COLLAB_WRITE_TIMEOUT_MS": "600000"}
    env.pop("NEO4J_URI", None)
    try:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "load", "dblp", str(path), "-q", *extra],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        peak_kb = _watch_peak_rss(proc)
        seconds = time.monotonic() - started
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"{label}: loader failed (exit {proc.returncode}): {err}")
        engine_kb = int(Path(f"/proc/{endpoint.pid}/status").read_text().split("VmHWM:", 1)[1].split()[0])
        written = count_written(endpoint, "collab")
        checked = subprocess.run([sys.executable, "-m", "app.cli", "db", "check"], env=env, capture_output=True,
                                 text=True)
        check = (checked.stdout + checked.stderr).strip().splitlines()[0] if checked.returncode in (0, 1) else (
            f"db check failed (exit {checked.returncode})")
    finally:  # a failed load must not leave its engine running
        holder.close()
        embedded.release(data_dir, endpoint)
    return Run(label, seconds, peak_kb / 1024, engine_kb / 1024, written, check)


def report(n: int, runs: list[Run]) -> None:
    print(f"{n:,} authors")
    for r in runs:
        w = r.written
        print(f"  {r.label:<22} {r.seconds:7.1f} s  peak RSS {r.peak_rss_mb:6.0f} MB (engine {r.engine_mb:5.0f} MB)  "
              f"{w['researchers']:,} researchers, {w['authorships']:,} authorships, {w['pairs']:,} pairs")
        print(f"  {'':<22} {r.check}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,1000,3000,200000", help="comma-separated author counts")
    parser.add_argument("--paired-up-to", type=int, default=3_000,
                        help="largest N loaded with all its pairs (default 3000)")
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="collab-bench-wide-") as tmp:
            work = Path(tmp)
            wide = wide_file(work / "wide", n)
            runs = [run_loader("one record", wide, work / "e1")]
            if n <= args.paired_up_to:
                runs.append(run_loader("one record, paired", wide, work / "e2", "--max-paired-authors", str(n)))
            runs.append(run_loader("baseline (4 per paper)", baseline_file(work / "base", n), work / "e3"))
            report(n, runs)


if __name__ == "__main__":
    main()
