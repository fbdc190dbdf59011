// An admin's decision on a claim: accept makes it VERIFIED (refused, nothing written, while another claim of the
// profile is verified; verified_of, unique, also refuses one decided at the same moment), reject makes it
// REJECTED. A released claim is not decided.
// params: id (claim id), accept (bool), admin (user id), now (ISO 8601)
// returns: nothing (counters: properties_set is 0 when nothing was decided)
MATCH (c:Claim {id: $id})-[:OF]->(r:Researcher)
WHERE c.state IN ['PENDING', 'VERIFIED', 'REJECTED']
OPTIONAL MATCH (r)<-[:OF]-(other:Claim)
WHERE other.state = 'VERIFIED' AND other.id <> c.id
WITH c, r, c.state AS was, count(other) AS others
WHERE NOT $accept OR others = 0
SET c.state = CASE WHEN $accept THEN 'VERIFIED' ELSE 'REJECTED' END,
    c.evidence = CASE WHEN $accept AND was <> 'VERIFIED' THEN 'admin' ELSE c.evidence END,
    c.open_to_collaborate = CASE WHEN $accept THEN c.open_to_collaborate ELSE false END,
    c.verified_of = CASE WHEN $accept THEN r.id ELSE null END,
    c.decided_at = $now, c.decided_by = $admin
