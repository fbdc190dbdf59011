// When a token was last used, shown on the account page.
// params: rows (list of {id, at})
// returns: nothing
UNWIND $rows AS row
MATCH (t:AccessToken {id: row.id})
SET t.last_used_at = row.at
