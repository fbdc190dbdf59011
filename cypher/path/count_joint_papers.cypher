// How many joint papers each pair of researchers has inside a year window.
// params: pairs (list of {source, target} researcher ids), yearFrom (int or null), yearTo (int or null)
// returns: source, target, papers (pairs with none have no row)
UNWIND $pairs AS pair
MATCH (a:Researcher {id: pair.source})
WITH pair, a
MATCH (a)-[:AUTHORED]->(p:Paper)
WHERE ($yearFrom IS NULL OR p.year >= $yearFrom) AND ($yearTo IS NULL OR p.year <= $yearTo)
WITH pair, p
MATCH (p)<-[:AUTHORED]-(b:Researcher)
WHERE b.id = pair.target
RETURN pair.source AS source, pair.target AS target, count(DISTINCT p) AS papers
