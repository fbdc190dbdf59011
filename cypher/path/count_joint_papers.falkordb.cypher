// How many joint papers each pair of researchers, given by node handle (FalkorDB's internal node ids), has inside a year window; papers marked unpaired (front matter, consortium papers) are not joint papers.
// params: pairs (list of {source, target} researcher node handles), yearFrom (int or null), yearTo (int or null)
// returns: source, target (handles), papers (pairs with none have no row)
UNWIND $pairs AS pair
// the handle as a plain variable, so that FalkorDB seeks the node rather than scanning every researcher
WITH pair, pair.source AS source
MATCH (a:Researcher)
WHERE id(a) = source
WITH pair, a
MATCH (a)-[:AUTHORED]->(p:Paper)
WHERE p.unpaired IS NULL AND ($yearFrom IS NULL OR p.year >= $yearFrom) AND ($yearTo IS NULL OR p.year <= $yearTo)
WITH pair, p
MATCH (p)<-[:AUTHORED]-(b:Researcher)
WHERE id(b) = pair.target
RETURN pair.source AS source, pair.target AS target, count(DISTINCT p) AS papers
