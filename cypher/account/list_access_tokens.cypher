// A user's personal access tokens that are not revoked, newest first.
// params: user_id
// returns: id, name, created_at, last_used_at
MATCH (t:AccessToken)
WHERE t.user_id = $user_id AND t.revoked_at IS NULL
RETURN t.id AS id, t.name AS name, t.created_at AS created_at, t.last_used_at AS last_used_at
ORDER BY t.created_at DESC, t.id
