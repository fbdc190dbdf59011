// The co-authors of each of a set of researchers: one step of a path search without a year window.
// params: ids (list of researcher ids)
// returns: source (researcher id), targets (list of co-author ids)
UNWIND $ids AS id
MATCH (:Researcher {id: id})-[:COLLABORATES_WITH]-(b:Researcher)
RETURN id AS source, collect(b.id) AS targets
