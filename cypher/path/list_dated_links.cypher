// The collaborations of each of a set of researchers whose years overlap a window: one step of a path search with a window.
// params: ids (list of researcher ids), yearFrom (int or null), yearTo (int or null)
// returns: source, target (researcher ids), first_year, last_year (of their joint papers); the caller checks joint papers of links only partly inside the window
UNWIND $ids AS id
MATCH (a:Researcher {id: id})
// a clause of its own, so that FalkorDB starts from the index and not from a scan of every b the filters name
WITH a
MATCH (a)-[c:COLLABORATES_WITH]-(b:Researcher)
WHERE ($yearFrom IS NULL OR c.last_year >= $yearFrom) AND ($yearTo IS NULL OR c.first_year <= $yearTo)
RETURN a.id AS source, b.id AS target, c.first_year AS first_year, c.last_year AS last_year
