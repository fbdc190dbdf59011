// A user follows a researcher: the FOLLOWS edge is made, or made current again after an unfollow; following twice changes nothing.
// params: user (User id), researcher (Researcher id), now (epoch ms)
// returns: researcher (its id; no row when the user or the researcher is not in the graph)
MATCH (u:User {id: $user})
MATCH (r:Researcher {id: $researcher})
MERGE (u)-[f:FOLLOWS]->(r)
ON CREATE SET f.since = $now
ON MATCH SET f.since = CASE WHEN f.ended IS NULL THEN f.since ELSE $now END, f.ended = null
RETURN r.id AS researcher
