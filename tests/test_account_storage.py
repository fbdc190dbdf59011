"""Accounts in the graph on both engines, through `collab` as operators run it (one process per command): users
made with the password on standard input, loads that leave accounts, follows and claims alone, and `collab db
reset` that keeps them (and the researchers they point at) unless given --accounts, with `collab db check` happy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.accounts.reset import reset_keeping_accounts
from app.accounts.sessions import new_session, session_id, session_user
from app.accounts.tokens import list_tokens, revoke_token, token_user
from app.accounts.users import authenticate, now_iso
from app.cli import DEMO_BIB
from app.follows import follow
from app.graph import Graph, open_graph
from app.settings import Settings
from loaders.load import load
from tests.accounts import bearer_token, make_user
from tests.conftest import TEST_QUERIES, make_settings

pytestmark = pytest.mark.anyio

FOLLOWED = "dblp:Cordelia Schmid"
CLAIMED = "dblp:Andrew Zisserman"
OTHER = "dblp:Marcin Marszalek"
CLI_PASSWORD = "a passphrase typed on stdin"


def collab(settings: Settings, tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`collab ARGS` in a process of its own, on the graph `settings` name."""
    env = os.environ | {"COLLAB_DATA_DIR": str(settings.data_dir if settings.engine == "falkordb" else tmp_path),
                        "COLLAB_GRAPH_NAME": settings.graph_name, "COLLAB_EXTRA_QUERIES": str(TEST_QUERIES)}
    env.pop("NEO4J_URI", None)
    if settings.neo4j_uri:
        env |= {"NEO4J_URI": settings.neo4j_uri, "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value()}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], input=stdin, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


async def accounts_state(graph: Graph) -> dict[str, Any]:
    """Every account node's properties (tokens' last use aside), follows and claims, comparable as plain data."""
    nodes = sorted(
        (r["label"], sorted((k, str(v)) for k, v in r["props"].items() if k != "last_used_at"))
        for r in await graph.read("account/list_account_properties")
    )
    links = sorted((r["kind"], r["id"], r["researcher"]) for r in await graph.read("account/list_follows_and_claims"))
    return {"nodes": nodes, "links": links}


async def people(graph: Graph, tmp_path: Path) -> dict[str, Any]:
    """The demo graph with a user who follows one researcher, claimed another, has a session and a token."""
    await load(graph, "bibtex", [DEMO_BIB], tmp_path / "rejects.jsonl")
    user = await make_user(graph, display_name="Keeper")
    await new_session(graph, graph.settings, user)  # type: ignore[attr-defined]
    await bearer_token(graph, user)
    await follow(graph, user.id, FOLLOWED)
    await graph.write("claim/merge_claim", [], id="claim:0123456789abcdef0123456789abcdef", user=user.id,
                      researcher=CLAIMED, orcid=None, now="2026-12-07T12:00:00+00:00")
    state = await accounts_state(graph)
    assert len(state["links"]) == 2 and {n[0] for n in state["nodes"]} == {"User", "Session", "AccessToken"}
    return state


async def test_user_create_takes_the_password_from_stdin_and_list_shows_no_hash(
    graph: Graph, engine_settings: Settings, tmp_path: Path,
) -> None:
    made = collab(engine_settings, tmp_path, "user", "create", "Op@Example.org", "--admin", "--name", "Op Erator",
                  stdin=CLI_PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert "created administrator op@example.org (Op Erator)" in made.stdout
    user = await authenticate(graph, "op@example.org", CLI_PASSWORD)
    assert user is not None and user.is_admin and user.display_name == "Op Erator"
    short = collab(engine_settings, tmp_path, "user", "create", "b@example.org", stdin="short\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    as_argument = collab(engine_settings, tmp_path, "user", "create", "c@example.org", CLI_PASSWORD)
    assert as_argument.returncode == 2  # no place for a password on the command line
    listed = collab(engine_settings, tmp_path, "user", "list")
    assert listed.returncode == 0 and "op@example.org" in listed.stdout and "Op Erator" in listed.stdout
    assert "argon2" not in listed.stdout and CLI_PASSWORD not in listed.stdout + made.stdout + made.stderr


async def test_a_load_leaves_accounts_follows_and_claims_as_they_were(
    graph: Graph, engine_settings: Settings, tmp_path: Path,
) -> None:
    before = await people(graph, tmp_path)
    loaded = collab(engine_settings, tmp_path, "load", "bibtex", str(DEMO_BIB), "-q")
    assert loaded.returncode == 0, loaded.stderr
    assert await accounts_state(graph) == before
    checked = collab(engine_settings, tmp_path, "db", "check")
    assert checked.returncode == 0 and checked.stdout.startswith("graph ok"), checked.stdout + checked.stderr


async def test_db_reset_keeps_accounts_unless_told_with_accounts(
    graph: Graph, engine_settings: Settings, tmp_path: Path,
) -> None:
    before = await people(graph, tmp_path)
    assert await graph.read("account/get_researcher_works", id=OTHER)  # someone nobody follows or claims
    reset = collab(engine_settings, tmp_path, "db", "reset", "--yes")
    assert reset.returncode == 0, reset.stderr
    assert await accounts_state(graph) == before
    counts = await graph.counts()
    assert counts["nodes"] == {"Researcher": 2} and counts["relationships"] == {}  # the two people held, no data
    [kept] = await graph.read("account/get_researcher_works", id=FOLLOWED)
    assert kept == {"name": "Cordelia Schmid", "works_count": 0, "authored": 0}
    assert await graph.read("account/get_researcher_works", id=OTHER) == []
    checked = collab(engine_settings, tmp_path, "db", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    assert collab(engine_settings, tmp_path, "load", "bibtex", str(DEMO_BIB), "-q").returncode == 0
    [refilled] = await graph.read("account/get_researcher_works", id=FOLLOWED)
    assert refilled["works_count"] == refilled["authored"] > 0  # the next load fills the kept record again
    assert await accounts_state(graph) == before
    assert collab(engine_settings, tmp_path, "db", "check").returncode == 0

    everything = collab(engine_settings, tmp_path, "db", "reset", "--yes", "--accounts")
    assert everything.returncode == 0, everything.stderr
    assert await accounts_state(graph) == {"nodes": [], "links": []}
    assert (await graph.counts())["nodes"] == {}


async def test_account_writes_and_a_reset_keeping_accounts_survive_an_embedded_engine_restart(tmp_path: Path) -> None:
    """FalkorDB replays its write log at start, and has replayed some sequences wrongly (DESIGN.md): every account
    write path, and the deletions of a reset that keeps accounts, read back the same after a restart."""
    settings = make_settings(data_dir=tmp_path / "engine")
    g = await open_graph(settings)
    await g.apply_schema()
    await load(g, "bibtex", [DEMO_BIB], tmp_path / "rejects.jsonl")
    user = await make_user(g, display_name="Restarted")
    ended, live = await new_session(g, settings, user), await new_session(g, settings, user)
    await g.write("account/merge_session_end", [{"id": session_id(ended), "ended_at": now_iso()}])
    revoked, kept = await bearer_token(g, user, "old"), await bearer_token(g, user, "new")
    [old] = [t for t in await list_tokens(g, user) if t.name == "old"]
    assert await revoke_token(g, user, old.id)
    await follow(g, user.id, FOLLOWED)
    await reset_keeping_accounts(g)  # no compaction after it: the deletions stay in the log to be replayed
    before = await accounts_state(g)
    await g.close()  # the last user of the engine: it stops

    g = await open_graph(settings)
    try:
        assert await accounts_state(g) == before
        assert await session_user(g, live) == user and await session_user(g, ended) is None
        assert await token_user(g, kept) == user and await token_user(g, revoked) is None
        assert (await g.counts())["nodes"] == {"Researcher": 1}
    finally:
        await g.close()
