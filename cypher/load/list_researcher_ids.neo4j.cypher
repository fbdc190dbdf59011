// The next slice of all researchers' ids in id order (read from the key's index), for a recount of everyone
// after a load that died before its own.
// params: after (the last slice's cursor, or null for the first), chunk
// returns: id, cursor
MATCH (r:Researcher)
WHERE r.id > coalesce($after, '')
RETURN r.id AS id, r.id AS cursor
ORDER BY r.id
LIMIT $chunk
