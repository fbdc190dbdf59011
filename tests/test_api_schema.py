"""The committed schema.graphql is the schema the code serves: regenerate it with `python -m app.api.sdl`."""

from __future__ import annotations

from pathlib import Path

from app.api.schema import schema

SDL = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_the_committed_schema_is_the_one_the_code_serves() -> None:
    assert SDL.read_text(encoding="utf-8") == str(schema) + "\n", "schema.graphql is stale: run `python -m app.api.sdl`"


def test_the_public_contract_keeps_its_names() -> None:
    query = schema.get_type_by_name("Query")
    assert query is not None
    assert [f.name for f in query.fields][:8] == [
        "researcher", "paper", "search_researchers", "neighbourhood", "collaboration_paths",
        "close_collaborators", "common_collaborators", "suggested_collaborators",
    ]
    sdl = str(schema)
    for line in [
        "researcher(id: ID!): Researcher",
        "paper(id: ID!): Paper",
        "searchResearchers(query: String!, first: Int = 10, after: String): ResearcherConnection!",
        (
            "neighbourhood(id: ID!, depth: Int = 1, limit: Int = 100, kinds: [NodeKind!], yearFrom: Int, yearTo: Int, "
            "minJointPapers: Int = 1): GraphSlice!"
        ),
        (
            "collaborationPaths(from: ID!, to: ID!, maxHops: Int = 6, k: Int = 1, yearFrom: Int, yearTo: Int, "
            "avoid: [ID!]): [CollaborationPath!]!"
        ),
        "closeCollaborators(id: ID!, first: Int = 10): [Collaborator!]!",
        "commonCollaborators(a: ID!, b: ID!, first: Int = 10): [Researcher!]!",
        "suggestedCollaborators(id: ID!, first: Int = 10, openOnly: Boolean! = false): [Collaborator!]!",
    ]:
        assert f"  {line}\n" in sdl, line
