// A researcher's co-authors with most joint papers (the circle) and the co-authorships among them, to tell
// whether the co-author graph is one group or split into unrelated ones (app/trust.py).
// params: id (researcher id), limit (int: size of the circle)
// returns: one row per co-author of the circle: member, linked (ids of the other members it co-authored with)
MATCH (r:Researcher {id: $id})
WITH r
MATCH (r)-[c:COLLABORATES_WITH]-(x:Researcher)
WITH x ORDER BY c.papers DESC, x.id
LIMIT $limit
WITH collect(x) AS circle
UNWIND circle AS x
// each member's own co-authors, kept when in the circle: closing triangles through the researcher instead cost
// Neo4j 5.26 an Expand(Into) between two hubs per pair (338,663 db hits against 4,673 so for Shuicheng Yan)
OPTIONAL MATCH (x)-[:COLLABORATES_WITH]-(y:Researcher)
WHERE y IN circle
RETURN x.id AS member, collect(DISTINCT y.id) AS linked
