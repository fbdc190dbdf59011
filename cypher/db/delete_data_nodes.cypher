// Delete up to $batch loaded nodes (everything but accounts, claims and researchers), with their relationships; run until none is deleted.
// params: batch (int)
// returns: nothing (the nodes_deleted counter says how many)
MATCH (n)
WHERE NOT (n:User OR n:Session OR n:AccessToken OR n:Claim OR n:Researcher)
WITH n LIMIT $batch
DETACH DELETE n
