// COLLABORATES_WITH edges that no joint paper backs (or that point from the larger id), a few for a report.
// params: none
// returns: a, b, papers (the edge's count)
MATCH (a:Researcher)-[c:COLLABORATES_WITH]->(b:Researcher)
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(b)
WHERE p.unpaired IS NULL
WITH a, b, c, count(p) AS joint
WHERE joint = 0 OR a.id > b.id
RETURN a.id AS a, b.id AS b, c.papers AS papers
LIMIT 5
