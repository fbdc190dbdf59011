// A new session: its id is the SHA-256 of the random token only the browser's cookie holds.
// params: rows (list of {id, user_id, created_at, expires_at})
// returns: nothing
UNWIND $rows AS row
MERGE (s:Session {id: row.id})
ON CREATE SET s.user_id = row.user_id, s.created_at = row.created_at, s.expires_at = row.expires_at
