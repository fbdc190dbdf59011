// Revoke a user's token (kept, marked revoked); another user's token id matches nothing.
// params: rows (list of {id, user_id, revoked_at})
// returns: nothing (properties_set is 0 when no such token of that user was live)
UNWIND $rows AS row
MATCH (t:AccessToken {id: row.id})
WHERE t.user_id = row.user_id AND t.revoked_at IS NULL
SET t.revoked_at = row.revoked_at
