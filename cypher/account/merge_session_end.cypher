// End sessions (sign-out): marked ended rather than deleted, so no deletion sits on the engine's write log.
// params: rows (list of {id, ended_at})
// returns: nothing
UNWIND $rows AS row
MATCH (s:Session {id: row.id})
WHERE s.ended_at IS NULL
SET s.ended_at = row.ended_at
