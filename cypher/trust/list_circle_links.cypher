// A researcher's co-authors with most joint papers (the circle) and the co-authorships among them, to tell
// whether the co-author graph is one group or split into unrelated ones (app/trust.py).
// params: id (researcher id), limit (int: size of the circle)
// returns: one row per co-author of the circle: member, linked (ids of co-authors of the researcher it co-authored with)
MATCH (r:Researcher {id: $id})
WITH r
MATCH (r)-[c:COLLABORATES_WITH]-(x:Researcher)
WITH r, x ORDER BY c.papers DESC, x.id
LIMIT $limit
// a link closes a triangle with the researcher: an edge lookup from each member, not a scan of the circle
OPTIONAL MATCH (x)-[:COLLABORATES_WITH]-(y:Researcher)-[:COLLABORATES_WITH]-(r)
RETURN x.id AS member, collect(DISTINCT y.id) AS linked
