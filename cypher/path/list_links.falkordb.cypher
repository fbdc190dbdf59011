// The co-authors of each of a set of researchers, by node handle (FalkorDB's internal node ids): one step of a path search without a year window.
// params: handles (list of researcher node handles)
// returns: source (handle), targets (list of co-author handles)
UNWIND $handles AS h
MATCH (a:Researcher)
WHERE id(a) = h
WITH h, a
MATCH (a)-[:COLLABORATES_WITH]-(b:Researcher)
RETURN h AS source, collect(id(b)) AS targets
