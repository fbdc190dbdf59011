// The user of a session that has neither ended nor expired (times are ISO 8601 UTC strings, which sort as times).
// params: id (the session's id), now
// returns: id, email, display_name, orcid, is_admin
MATCH (s:Session {id: $id})
WHERE s.ended_at IS NULL AND s.expires_at > $now
MATCH (u:User {id: s.user_id})
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.orcid AS orcid, u.is_admin AS is_admin
