// A new personal access token: only the SHA-256 of its secret is kept.
// params: rows (list of {id, user_id, name, hash, created_at})
// returns: nothing
UNWIND $rows AS row
MERGE (t:AccessToken {id: row.id})
ON CREATE SET t.user_id = row.user_id, t.name = row.name, t.hash = row.hash, t.created_at = row.created_at
