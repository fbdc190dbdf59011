"""The graph boundary's contract, on every engine present: named queries in, plain dicts out."""

from __future__ import annotations

import pytest

from app.graph import ConstraintError, Graph, GraphError, Neo4jNotification, QueryError, QueryTimeout, open_graph
from tests.conftest import make_settings

pytestmark = pytest.mark.anyio

TOPICS = [
    {"id": "arxiv:cs.CV", "name": "Computer Vision", "scheme": "arxiv"},
    {"id": "arxiv:cs.LG", "name": "Machine Learning", "scheme": "arxiv"},
]


async def test_rows_written_are_read_back_as_plain_dicts(graph: Graph) -> None:
    await graph.write("contract/merge_topics", TOPICS)
    assert await graph.read("contract/list_topics") == TOPICS


async def test_nested_maps_and_lists_come_back_as_dicts_and_lists(graph: Graph) -> None:
    await graph.write("contract/merge_topics", TOPICS[:1])
    [row] = await graph.read("contract/get_topic", id="arxiv:cs.CV")
    assert row == {"topic": {"id": "arxiv:cs.CV", "name": "Computer Vision", "tags": ["arxiv", "x"]}}
    assert type(row["topic"]) is dict


async def test_scalars_come_back_as_python_values_and_dates_as_iso_strings(graph: Graph) -> None:
    await graph.write("contract/merge_topics", TOPICS[:1])  # FalkorDB reads nothing from a graph never written
    [row] = await graph.read("contract/get_scalars")
    assert row == {"yes": True, "no": False, "half": 2.5, "seven": 7, "nothing": None, "words": ["a", "b"], "day": "2024-03-01"}
    assert type(row["seven"]) is int and type(row["half"]) is float


async def test_writing_the_same_rows_again_changes_nothing(graph: Graph) -> None:
    first = await graph.write("contract/merge_topics", TOPICS)
    again = await graph.write("contract/merge_topics", TOPICS)
    assert first["nodes_created"] == 2
    assert again["nodes_created"] == 0
    assert (await graph.counts())["nodes"] == {"Topic": 2}


async def test_applying_the_schema_twice_is_harmless(graph: Graph) -> None:
    await graph.write("contract/merge_topics", TOPICS)
    await graph.apply_schema()
    await graph.apply_schema()
    indexes = await graph.read("db/list_indexes")
    assert {"Researcher", "Paper", "Topic", "Institution"} <= {i["label"] for i in indexes}
    assert await graph.read("contract/list_topics") == TOPICS


async def test_a_duplicate_key_is_refused_and_nothing_of_its_batch_is_written(graph: Graph) -> None:
    await graph.write("contract/merge_topics", TOPICS[:1])
    batch = [{"id": "arxiv:cs.AI", "name": "AI"}, {"id": "arxiv:cs.CV", "name": "again"}]
    with pytest.raises(ConstraintError):
        await graph.write("contract/create_topics", batch)
    assert [t["id"] for t in await graph.read("contract/list_topics")] == ["arxiv:cs.CV"]


async def test_a_broken_query_names_its_file(graph: Graph) -> None:
    with pytest.raises(QueryError) as caught:
        await graph.read("contract/list_broken")
    assert "list_broken" in str(caught.value)
    assert str(caught.value).startswith(str(graph.queries["contract/list_broken"].path))


async def test_an_error_message_never_quotes_the_query(graph: Graph) -> None:
    with pytest.raises(QueryError) as caught:
        await graph.read("contract/list_broken")
    assert "MATCH" not in str(caught.value) and "\n" not in str(caught.value)


ON_NEO4J = pytest.mark.parametrize("engine_settings", ["neo4j"], indirect=True)


@ON_NEO4J
async def test_a_query_neo4j_deprecates_warns_naming_its_file_and_line_but_not_its_text(graph: Graph) -> None:
    await graph.write("contract/merge_topics", TOPICS)
    with pytest.warns(Neo4jNotification) as caught:
        await graph.read("contract/list_old_subquery")
    message = str(caught[0].message)
    assert message.startswith(f"{graph.queries['contract/list_old_subquery'].path} (line 5, column 1): ")
    assert "deprecated" in message and "RETURN t.id" not in message


@ON_NEO4J
async def test_a_cartesian_product_warns_as_slow(graph: Graph) -> None:
    with pytest.warns(Neo4jNotification, match="count_topic_pairs.cypher.*cartesian product"):
        await graph.read("contract/count_topic_pairs")


@ON_NEO4J
async def test_a_neo4j_uri_routes_through_the_single_server(graph: Graph, neo4j_uri: tuple[str, str]) -> None:
    uri, password = neo4j_uri  # bolt:// from every source the tests use
    routed = await open_graph(make_settings(neo4j_uri=uri.replace("bolt://", "neo4j://"), neo4j_password=password))
    try:
        await routed.write("contract/merge_topics", TOPICS)
        assert await routed.read("contract/list_topics") == TOPICS
    finally:
        await routed.close()


async def test_a_wrong_password_is_refused_with_the_user_named(neo4j_uri: tuple[str, str]) -> None:
    with pytest.raises(GraphError, match="refused user 'neo4j'"):
        await open_graph(make_settings(neo4j_uri=neo4j_uri[0], neo4j_password="not-the-password"))


async def test_a_read_that_runs_too_long_is_stopped(graph: Graph) -> None:
    with pytest.raises(QueryTimeout):
        await graph.read("contract/count_slowly")


async def test_counts_group_nodes_by_label_and_relationships_by_type(graph: Graph) -> None:
    await graph.write("contract/merge_topics", TOPICS)
    assert await graph.counts() == {"nodes": {"Topic": 2}, "relationships": {}}


async def test_the_engine_reports_its_name_and_version(graph: Graph) -> None:
    version = await graph.version()
    assert version.split()[0] in {"FalkorDB", "Neo4j"}
    assert any(ch.isdigit() for ch in version)


async def test_strings_with_quotes_backslashes_newlines_and_any_script_survive_the_round_trip(graph: Graph) -> None:
    tricky = 'Ré"su\\mé\n{,"id":} 研究 😀 \'q\''
    await graph.write("contract/merge_topics", [{"id": "t", "name": tricky, "scheme": "x"}])
    assert (await graph.read("contract/list_topics"))[0]["name"] == tricky
