// The papers a set of researchers wrote inside a year window, those with the most authors among them first: the paper nodes of a neighbourhood.
// params: ids (list of researcher ids), yearFrom (int or null), yearTo (int or null), limit (int: papers at most)
// returns: target (paper id), label (title), authors (the ids among `ids` of its authors)
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
// a clause of its own, so that FalkorDB starts from the index and not from a scan of every paper the filters name
WITH r
MATCH (r)-[:AUTHORED]->(p:Paper)
WHERE ($yearFrom IS NULL OR p.year >= $yearFrom) AND ($yearTo IS NULL OR p.year <= $yearTo)
// ranked in the engine: a hundred prolific people wrote thousands of papers, of which a slice keeps a few dozen
WITH p, collect(r.id) AS authors
ORDER BY size(authors) DESC, p.id
LIMIT $limit
RETURN p.id AS target, p.title AS label, authors
