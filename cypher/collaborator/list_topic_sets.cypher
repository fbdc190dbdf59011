// The set of topics each researcher's papers are about, for topic overlap between researchers.
// params: ids (list of researcher ids)
// returns: id, topics (list of distinct topic ids)
UNWIND $ids AS id
MATCH (:Researcher {id: id})-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic)
RETURN id, collect(DISTINCT t.id) AS topics
