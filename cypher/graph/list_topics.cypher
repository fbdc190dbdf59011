// The topics of a set of papers: the topic nodes of a neighbourhood.
// params: ids (list of paper ids)
// returns: source (paper id), target (topic id), label (topic name), weight (the ABOUT score, 1.0 when unknown)
UNWIND $ids AS id
MATCH (:Paper {id: id})-[a:ABOUT]->(t:Topic)
RETURN id AS source, t.id AS target, t.name AS label, coalesce(a.score, 1.0) AS weight
