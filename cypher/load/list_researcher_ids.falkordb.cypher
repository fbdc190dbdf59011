// The next slice of all researchers' ids, for a recount of everyone after a load that died before its own.
// The cursor is the engine's node id: a range of it is a seek, and FalkorDB's string index and ORDER BY
// disagree on the order of ids, so a cursor on `id` revisited and skipped researchers.
// params: after (the last slice's cursor, or null for the first), chunk
// returns: id, cursor
MATCH (r:Researcher)
WHERE id(r) > coalesce($after, -1)
WITH r ORDER BY id(r) LIMIT $chunk
RETURN r.id AS id, id(r) AS cursor
