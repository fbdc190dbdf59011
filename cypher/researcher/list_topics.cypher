// The topics of each researcher's papers with how many of their papers are about each, most frequent first.
// params: ids (list of researcher ids)
// returns: researcher, topics (list of {id, name, scheme, count})
UNWIND $ids AS id
MATCH (:Researcher {id: id})-[:AUTHORED]->(p:Paper)-[:ABOUT]->(t:Topic)
WITH id, t, count(DISTINCT p) AS papers
ORDER BY papers DESC, t.id
RETURN id AS researcher, collect({id: t.id, name: t.name, scheme: t.scheme, count: papers}) AS topics
