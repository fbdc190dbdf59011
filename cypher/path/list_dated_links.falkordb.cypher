// The collaborations, by node handle (FalkorDB's internal node ids), of each of a set of researchers whose years overlap a window: one step of a path search with a window.
// params: handles (list of researcher node handles), yearFrom (int or null), yearTo (int or null)
// returns: source, target (handles), first_year, last_year (of their joint papers); the caller checks joint papers of links only partly inside the window
UNWIND $handles AS h
MATCH (a:Researcher)
WHERE id(a) = h
WITH h, a
MATCH (a)-[c:COLLABORATES_WITH]-(b:Researcher)
WHERE ($yearFrom IS NULL OR c.last_year >= $yearFrom) AND ($yearTo IS NULL OR c.first_year <= $yearTo)
RETURN h AS source, id(b) AS target, c.first_year AS first_year, c.last_year AS last_year
