"""Loading profile exports as users have them: a card with no head, its owner given or inferred, and year-less
listings dated by the day the export was taken; through `collab load` and into the graph."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.graph import Graph
from loaders.options import LoadOptions
from tests.conftest import FIXTURES
from tests.loading import invariant, load_files, wrong_counters
from tests.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = FIXTURES / "profiles" / "card-headless-guoying-zhao.txt"
NO_OWNER = FIXTURES / "profiles" / "card-headless-no-owner.txt"
ZHAO = "name:guoying-zhao"


def collab(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`collab ...` in a process of its own on the embedded engine in `data_dir`."""
    env = os.environ | {"COLLAB_DATA_DIR": str(data_dir)}
    env.pop("NEO4J_URI", None)
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


# --- collab load, as a user runs it ---


def test_a_headless_card_loads_with_its_inferred_owner_said_in_the_summary(tmp_path: Path) -> None:
    """Exit 0; the summary names the inferred owner and how the year-less listings were dated."""
    loaded = collab(tmp_path, "load", "profile", str(HEADLESS), "--as-of", "2026-03-01")
    assert loaded.returncode == 0, loaded.stderr
    lines = loaded.stdout.splitlines()
    assert "written: 8 new papers, 27 new authorships, 1 profile owners" in lines
    assert ("note: card-headless-guoying-zhao.txt: owner Guoying Zhao inferred: the file names none, and Guoying "
            "Zhao is on 4 of 8 listings; --owner NAME says otherwise") in lines
    assert ("note: card-headless-guoying-zhao.txt: 3 listing(s) shown without a year dated by the export's day, "
            "2026-03-01 (3 in 2025); --as-of DATE if it was taken another day") in lines


def test_a_headless_card_without_an_inferable_owner_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """Exit 1 with one line asking for --owner, no paper in the graph; with --owner the same file loads."""
    refused = collab(tmp_path, "load", "profile", str(NO_OWNER))
    assert refused.returncode == 1
    assert refused.stderr.startswith("collab: error: ") and "Traceback" not in refused.stderr
    assert "say whose profile it is with --owner NAME" in refused.stderr
    assert "(none)" in collab(tmp_path, "db", "stats").stdout
    told = collab(tmp_path, "load", "profile", str(NO_OWNER), "--owner", "Guoying Zhao")
    assert told.returncode == 0, told.stderr
    assert "written: 5 new papers, 20 new authorships, 1 profile owners" in told.stdout
    assert "inferred" not in told.stdout


@pytest.mark.parametrize(
    ("flag", "value", "said"),
    [
        ("--as-of", "2026-13-01", "'2026-13-01' is not a date in the form YYYY-MM-DD"),
        ("--as-of", "March 1", "'March 1' is not a date in the form YYYY-MM-DD"),
        ("--as-of", str(date.today() + timedelta(days=1)), "is after today"),
        ("--owner", "  ", "needs the profile owner's name"),
    ],
)
def test_a_bad_owner_or_date_is_a_usage_error_naming_the_flag(tmp_path: Path, flag: str, value: str, said: str) -> None:
    """argparse refuses it (exit 2) before any engine starts, saying which flag and why."""
    result = collab(tmp_path, "load", "profile", str(HEADLESS), f"{flag}={value}")
    assert result.returncode == 2
    assert f"argument {flag}: " in result.stderr and said in result.stderr


def test_load_help_documents_owner_and_as_of(tmp_path: Path) -> None:
    """Both flags are described in `collab load --help`."""
    text = " ".join(collab(tmp_path, "load", "--help").stdout.split())
    assert "--owner NAME" in text and "whose profile the profile exports are" in text
    assert "--as-of DATE" in text and "YYYY-MM-DD (default today)" in text


# --- what the graph holds after ---


@pytest.mark.anyio
async def test_year_less_card_listings_give_the_owner_the_export_year(graph: Graph, tmp_path: Path) -> None:
    """The real card's nine year-less listings, taken on 2026-12-07, are 2026's: the profile's years run 2017 to
    2026 (not "Active 2017–2025" above undated works) and those works list first, none without a year."""
    card = shared_data_dir() / "profiles" / "profile-card-guoying-zhao.txt"
    await load_files(graph, "profile", card, tmp_path=tmp_path, options=LoadOptions(as_of=date(2026, 12, 7)))
    people = {r["id"]: r for r in await graph.read("inspect/list_researchers")}
    assert (people[ZHAO]["works_count"], people[ZHAO]["first_year"], people[ZHAO]["last_year"]) == (50, 2017, 2026)
    [page] = await graph.read("researcher/list_papers", ids=[ZHAO], skip=0, limit=100)
    years = [p["year"] for p in page["papers"]]
    assert None not in years and years == sorted(years, reverse=True)
    assert years[:9] == [2026] * 9 and page["papers"][0]["date"] == "2026-05-16"
    assert (await invariant(graph))["wrong"] == 0
    assert await wrong_counters(graph) == 0


@pytest.mark.anyio
async def test_an_owner_given_for_a_headless_card_is_credited_on_every_listing(graph: Graph, tmp_path: Path) -> None:
    """--owner on a card where no name is on half the listings: the owner authors all five, cut lists included."""
    summary = await load_files(graph, "profile", NO_OWNER, tmp_path=tmp_path,
                               options=LoadOptions(owner="Guoying Zhao", as_of=date(2026, 3, 1)))
    assert summary.persons == 1 and summary.notes == []
    papers = await graph.read("inspect/list_papers")
    assert len(papers) == 5 and all(p["authors"][-1] == ZHAO for p in papers)
    people = {r["id"]: r for r in await graph.read("inspect/list_researchers")}
    assert (people[ZHAO]["works_count"], people[ZHAO]["first_year"], people[ZHAO]["last_year"]) == (5, 2022, 2025)
