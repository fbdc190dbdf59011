"""The query catalog: a portable file's subqueries reach Neo4j in its current syntax, FalkorDB as written."""

from __future__ import annotations

from pathlib import Path

from app.queries import Catalog, catalog, scope_subqueries

HEADER = "// A statement with subqueries.\n// params: rows\n// returns: n\n"


def test_an_importing_with_becomes_the_scope_clause():
    text = "MATCH (a), (b)\nCALL {\n  WITH a, b\n  MATCH (a)-->(b)\n  RETURN count(*) AS n\n}\nRETURN n"
    assert scope_subqueries(text) == "MATCH (a), (b)\nCALL (a, b) {\n\n  MATCH (a)-->(b)\n  RETURN count(*) AS n\n}\nRETURN n"


def test_lines_are_kept_so_neo4j_positions_point_into_the_file():
    text = "CALL {\n  WITH people,\n       works\n  UNWIND $rows AS row\n  RETURN count(*) AS n\n}\nRETURN n"
    rewritten = scope_subqueries(text)
    assert rewritten.startswith("CALL (people, works) {\n")
    assert rewritten.splitlines()[3:] == text.splitlines()[3:]


def test_a_subquery_importing_nothing_gets_an_empty_scope():
    assert scope_subqueries("CALL {\n  UNWIND $rows AS r\n  RETURN count(*) AS n\n}\nRETURN n") == (
        "CALL () {\n  UNWIND $rows AS r\n  RETURN count(*) AS n\n}\nRETURN n"
    )


def test_a_with_that_projects_or_filters_is_not_an_import_and_stays():
    for body in ("CALL { WITH a AS b RETURN b } RETURN b", "CALL { WITH a WHERE a > 1 RETURN a AS c } RETURN c"):
        assert scope_subqueries(body) == body


def test_nested_subqueries_and_lower_case_are_rewritten_and_procedures_are_not():
    text = "MATCH (p) call {with p call { return 1 AS one } RETURN p.id AS id} CALL db.labels() YIELD label RETURN *"
    assert scope_subqueries(text) == (
        "MATCH (p) CALL (p) { CALL () { return 1 AS one } RETURN p.id AS id} CALL db.labels() YIELD label RETURN *"
    )


def test_already_scoped_subqueries_are_left_as_they_are():
    text = "MATCH (a) CALL (a) { RETURN a.id AS id } CALL () { RETURN 1 AS one } RETURN id, one"
    assert scope_subqueries(text) == text


def test_the_neo4j_catalog_rewrites_portable_files_only_and_names_the_file(tmp_path: Path):
    portable = tmp_path / "x" / "merge_things.cypher"
    portable.parent.mkdir()
    portable.write_text(HEADER + "CALL {\n  UNWIND $rows AS r\n  RETURN count(*) AS n\n}\nRETURN n\n", encoding="utf-8")
    dialect = tmp_path / "x" / "count_things.neo4j.cypher"
    dialect.write_text(HEADER + "CALL { RETURN 1 AS n }\nRETURN n\n", encoding="utf-8")
    neo4j, falkordb = Catalog("neo4j", (tmp_path,)), Catalog("falkordb", (tmp_path,))
    assert "CALL () {" in neo4j["x/merge_things"].text
    assert neo4j["x/merge_things"].path == portable
    assert falkordb["x/merge_things"].text == portable.read_text(encoding="utf-8")
    assert neo4j["x/count_things"].text == dialect.read_text(encoding="utf-8")  # a dialect file is Neo4j's own


def test_a_header_s_neo4j_options_go_before_the_statement_on_neo4j_only(tmp_path: Path):
    path = tmp_path / "load" / "merge_things.cypher"
    path.parent.mkdir()
    path.write_text("// Write things.\n// neo4j options: replan=skip (plans kept during a load)\nUNWIND $rows AS row\n"
                    "CREATE (:Thing {id: row})\n")
    neo4j, falkordb = Catalog("neo4j", (tmp_path,)), Catalog("falkordb", (tmp_path,))
    assert neo4j["load/merge_things"].text.startswith("CYPHER replan=skip // Write things.\n")
    assert neo4j["load/merge_things"].text.count("\n") == path.read_text().count("\n")  # Neo4j's lines = the file's
    assert falkordb["load/merge_things"].text == path.read_text()


def test_the_load_statements_keep_their_neo4j_plans_through_a_load():
    for name in ("load/merge_batch", "load/list_matches", "load/merge_researcher_counts"):
        assert catalog("neo4j")[name].text.startswith("CYPHER replan=skip "), name
