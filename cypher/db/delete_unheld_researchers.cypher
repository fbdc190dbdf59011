// Delete up to $batch researchers that no user follows and no claim names, with their relationships; run until none is deleted.
// params: batch (int)
// returns: nothing (the nodes_deleted counter says how many)
MATCH (r:Researcher)
WHERE NOT (r)<-[:FOLLOWS]-(:User) AND NOT (r)<-[:OF]-(:Claim)
WITH r LIMIT $batch
DETACH DELETE r
