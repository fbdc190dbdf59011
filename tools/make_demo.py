"""Write app/demo/demo.bib: a connected community from DBLP's CV/ML BibTeX, facts only.

The demo keeps titles, years, venues, DOIs and co-author lists of the papers two well-known vision
groups wrote between 2008 and 2015, and the 2013-2015 papers of their closest co-authors, plus a topic per venue;
no abstracts. Run from the project root:

    python tools/make_demo.py ../shared/data/bibtex/dblp-cv-ml-2015.bib.gz
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from loaders import bibtex
from loaders.records import Author, Work

SEEDS = {"dblp:Andrew Zisserman", "dblp:Cordelia Schmid"}
YEARS = range(2008, 2016)
CLOSE = 4  # co-authors with this many joint papers bring their own papers too
CLOSE_YEARS = range(2013, 2016)
TOPICS = {
    "CVPR": "Computer Vision", "ICCV": "Computer Vision", "ECCV": "Computer Vision",
    "IJCV": "Computer Vision", "IEEE Trans. Pattern Anal. Mach. Intell.": "Computer Vision",
    "NIPS": "Machine Learning", "ICML": "Machine Learning", "JMLR": "Machine Learning",
    "J. Mach. Learn. Res.": "Machine Learning", "Machine Learning": "Machine Learning",
    "AAAI": "Artificial Intelligence", "IJCAI": "Artificial Intelligence", "KDD": "Data Mining",
    "IEEE Trans. Image Processing": "Image Processing",
}
OUT = Path(__file__).resolve().parents[1] / "app" / "demo" / "demo.bib"
HEADER = """% Collab Explorer demo graph: papers of two computer-vision groups 2008-2015 and of their close \
co-authors 2013-2015.
% Facts (titles, years, venues, DOIs, author lists) from the dblp computer science bibliography,
% https://dblp.org, ODC-BY 1.0. Topics are derived from the venue. Written by tools/make_demo.py.

"""


def _ids(work: Work) -> set[str]:
    return {i for a in work.authors for i in a.ids}


def _dblp_name(author: Author) -> str:
    return next((i.removeprefix("dblp:") for i in author.ids if i.startswith("dblp:")), author.name)


def _entry(work: Work) -> str:
    key = next(i.removeprefix("dblp:") for i in work.ids if i.startswith("dblp:"))
    field = "journal" if work.kind == "article" else "booktitle"
    fields = [
        ("title", work.title), ("year", str(work.year)), (field, work.venue or ""),
        ("doi", work.doi or ""), ("keywords", TOPICS.get(work.venue or "", "")),
        ("author", " and ".join(_dblp_name(a) for a in work.authors)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{work.kind}{{DBLP:{key},\n{body}\n}}\n"


def main(source: Path) -> None:
    works = [r for r in bibtex.parse(source) if isinstance(r, Work) and r.year in YEARS]
    seeded = [w for w in works if SEEDS & _ids(w)]
    joint = Counter(i for w in seeded for i in _ids(w) - SEEDS)
    close = {i for i, n in joint.items() if n >= CLOSE}
    chosen = seeded + [w for w in works if w.year in CLOSE_YEARS and close & _ids(w) and not SEEDS & _ids(w)]
    OUT.write_text(HEADER + "\n".join(_entry(w) for w in sorted(chosen, key=lambda w: (w.year or 0, w.title))))
    people = {i for w in chosen for a in w.authors for i in a.ids}
    print(f"{OUT}: {len(chosen)} papers, {len(people)} researchers")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
