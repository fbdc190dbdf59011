// A user gives up their pending or verified claim. The claim node stays, marked RELEASED and hidden from the
// API: nothing is deleted (FalkorDB 4.16 can replay a log wrongly when a logged entity is deleted later).
// params: id (claim id), user (user id), now (ISO 8601)
// returns: nothing (counters: properties_set is 0 when the user held no such active claim)
MATCH (:User {id: $user})-[:MADE]->(c:Claim {id: $id})
WHERE c.state IN ['PENDING', 'VERIFIED']
SET c.state = 'RELEASED', c.open_to_collaborate = false, c.verified_of = null, c.decided_at = $now,
    c.decided_by = $user
