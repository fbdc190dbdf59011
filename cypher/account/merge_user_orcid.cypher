// A user's verified ORCID iD (linked from the account page), unless another user carries it or this one another.
// params: rows (list of {id, orcid})
// returns: nothing (properties_set is 0 when the link was refused)
UNWIND $rows AS row
MATCH (u:User {id: row.id})
WHERE u.orcid IS NULL OR u.orcid = row.orcid
OPTIONAL MATCH (other:User {orcid: row.orcid})
WHERE other.id <> u.id
WITH u, row, count(other) AS others
WHERE others = 0
SET u.orcid = row.orcid
