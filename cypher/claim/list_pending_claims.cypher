// The admin queue: pending claims, oldest first, with the researcher and the user who claimed it and any
// verified claim the profile already has.
// params: limit (int)
// returns: id, created_at, researcher, researcher_name, researcher_orcid, user, email, display_name, user_orcid, verified_by_other
MATCH (c:Claim)
WHERE c.state = 'PENDING'
WITH c ORDER BY c.created_at, c.id
LIMIT $limit
MATCH (u:User)-[:MADE]->(c)-[:OF]->(r:Researcher)
RETURN c.id AS id, c.created_at AS created_at, r.id AS researcher, r.name AS researcher_name,
       r.orcid AS researcher_orcid, u.id AS user, u.email AS email, u.display_name AS display_name,
       u.orcid AS user_orcid,
       head([(r)<-[:OF]-(v:Claim)<-[:MADE]-(w:User) WHERE v.state = 'VERIFIED' | w.display_name]) AS verified_by_other
ORDER BY created_at, id
