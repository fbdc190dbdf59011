// The citations among a set of papers: the CITES edges of a neighbourhood.
// params: ids (list of paper ids)
// returns: source (citing paper id), target (cited paper id)
UNWIND $ids AS id
MATCH (:Paper {id: id})-[:CITES]->(q:Paper)
WHERE q.id IN $ids
RETURN id AS source, q.id AS target
