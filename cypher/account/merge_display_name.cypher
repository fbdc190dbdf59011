// A user's display name.
// params: rows (list of {id, display_name})
// returns: nothing
UNWIND $rows AS row
MATCH (u:User {id: row.id})
SET u.display_name = row.display_name
