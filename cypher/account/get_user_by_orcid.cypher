// The user whose verified ORCID iD this is, if any (the oldest account should there be several).
// params: orcid
// returns: id, email, display_name, orcid, is_admin
MATCH (u:User {orcid: $orcid})
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.orcid AS orcid, u.is_admin AS is_admin
ORDER BY u.created_at
LIMIT 1
