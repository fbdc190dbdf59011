// A user's claim of a researcher profile, unless they already hold an active (pending or verified) claim of it.
// VERIFIED at once when the user's verified ORCID equals the record's and nobody holds a verified claim of it;
// PENDING (for an admin to decide) otherwise. One statement, so the check and the write are one step. The claim
// keeps the researcher's id too: claim/merge_researcher_links links it again if the researcher node is replaced.
// A verified claim also holds it as verified_of, unique (schema/claim_verified_of): of two claims made at once
// only one can be verified; the other fails with a constraint error and is made again as pending.
// params: id (new claim id), user (user id), researcher (researcher id), orcid (the user's verified ORCID or null), now (ISO 8601)
// returns: nothing (counters: nodes_created is 0 when the user already held an active claim)
MATCH (u:User {id: $user})
MATCH (r:Researcher {id: $researcher})
OPTIONAL MATCH (u)-[:MADE]->(mine:Claim)-[:OF]->(r)
WHERE mine.state IN ['PENDING', 'VERIFIED']
WITH u, r, count(mine) AS active
WHERE active = 0
OPTIONAL MATCH (r)<-[:OF]-(held:Claim)
WHERE held.state = 'VERIFIED'
WITH u, r, count(held) = 0 AND $orcid IS NOT NULL AND r.orcid = $orcid AS matched
CREATE (u)-[:MADE]->(c:Claim {id: $id, researcher: $researcher, state: CASE WHEN matched THEN 'VERIFIED' ELSE 'PENDING' END,
    verified_of: CASE WHEN matched THEN $researcher ELSE null END,
    created_at: $now, decided_at: CASE WHEN matched THEN $now ELSE null END,
    evidence: CASE WHEN matched THEN 'orcid' ELSE 'none' END, open_to_collaborate: false,
    collaboration_topics: []})-[:OF]->(r)
