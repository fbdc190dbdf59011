// The topics of each paper, highest score first.
// params: ids (list of paper ids)
// returns: paper, topics (list of {id, name, scheme, score})
UNWIND $ids AS id
MATCH (:Paper {id: id})-[a:ABOUT]->(t:Topic)
WITH id, a, t
ORDER BY coalesce(a.score, 0.0) DESC, t.id
RETURN id AS paper, collect({id: t.id, name: t.name, scheme: t.scheme, score: a.score}) AS topics
