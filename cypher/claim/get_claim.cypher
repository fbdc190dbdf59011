// One claim by id with its researcher and the user who made it.
// params: id (claim id)
// returns: id, researcher, state, created_at, decided_at, evidence, user, open_to_collaborate, collaboration_topics
MATCH (u:User)-[:MADE]->(c:Claim {id: $id})-[:OF]->(r:Researcher)
RETURN c.id AS id, r.id AS researcher, c.state AS state, c.created_at AS created_at, c.decided_at AS decided_at,
       c.evidence AS evidence, u.id AS user, c.open_to_collaborate AS open_to_collaborate,
       coalesce(c.collaboration_topics, []) AS collaboration_topics
