// A user's claims that are not released, newest first.
// params: user (user id)
// returns: id, researcher, state, created_at, decided_at, evidence, user, open_to_collaborate, collaboration_topics
MATCH (u:User {id: $user})-[:MADE]->(c:Claim)-[:OF]->(r:Researcher)
WHERE c.state <> 'RELEASED'
RETURN c.id AS id, r.id AS researcher, c.state AS state, c.created_at AS created_at, c.decided_at AS decided_at,
       c.evidence AS evidence, u.id AS user, c.open_to_collaborate AS open_to_collaborate,
       coalesce(c.collaboration_topics, []) AS collaboration_topics
ORDER BY created_at DESC, id
