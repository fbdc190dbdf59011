// The papers a set of researchers wrote inside a year window: the paper nodes of a neighbourhood.
// params: ids (list of researcher ids), yearFrom (int or null), yearTo (int or null)
// returns: source (researcher id), target (paper id), label (title)
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
// a clause of its own, so that FalkorDB starts from the index and not from a scan of every paper the filters name
WITH r
MATCH (r)-[:AUTHORED]->(p:Paper)
WHERE ($yearFrom IS NULL OR p.year >= $yearFrom) AND ($yearTo IS NULL OR p.year <= $yearTo)
RETURN r.id AS source, p.id AS target, p.title AS label
