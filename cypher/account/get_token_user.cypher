// The user of a live personal access token, found by the SHA-256 of the secret a client sent.
// params: hash
// returns: token_id, id, email, display_name, orcid, is_admin
MATCH (t:AccessToken {hash: $hash})
WHERE t.revoked_at IS NULL
MATCH (u:User {id: t.user_id})
RETURN t.id AS token_id, u.id AS id, u.email AS email, u.display_name AS display_name, u.orcid AS orcid,
       u.is_admin AS is_admin
