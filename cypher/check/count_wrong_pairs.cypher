// Co-author pairs implied by AUTHORED (papers that draw co-authorship: `unpaired` unset) against COLLABORATES_WITH.
// params: none
// returns: pairs (implied), wrong (implied pairs whose edge a->b, a's id first, is missing or has other figures),
//   missing (of those, without an edge),
//   edges (COLLABORATES_WITH in the graph), examples (up to 5: [a, b, joint papers, first year, last year, the edge's papers or null])
MATCH (a:Researcher)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(b:Researcher)
WHERE a.id < b.id AND p.unpaired IS NULL
WITH a, b, count(DISTINCT p) AS n, min(p.year) AS first_year, max(p.year) AS last_year
OPTIONAL MATCH (a)-[c:COLLABORATES_WITH]->(b)
WITH a, b, n, first_year, last_year, c,
     c IS NULL OR c.papers <> n OR coalesce(c.first_year, -1) <> coalesce(first_year, -1)
       OR coalesce(c.last_year, -1) <> coalesce(last_year, -1) AS bad
WITH count(*) AS pairs, sum(CASE WHEN bad THEN 1 ELSE 0 END) AS wrong, sum(CASE WHEN c IS NULL THEN 1 ELSE 0 END) AS missing,
     collect(CASE WHEN bad THEN [a.id, b.id, n, first_year, last_year, c.papers] END)[0..5] AS examples
OPTIONAL MATCH ()-[e:COLLABORATES_WITH]->()
RETURN pairs, wrong, missing, count(e) AS edges, examples
