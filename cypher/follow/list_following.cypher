// One page of the researchers a user follows now, most recently followed first, with how many in all.
// params: user (User id), skip (int), limit (int)
// returns: total, ids (researcher ids of the page)
OPTIONAL MATCH (:User {id: $user})-[f:FOLLOWS]->(r:Researcher)
WHERE f.ended IS NULL
WITH r, f
ORDER BY f.since DESC, r.id
WITH collect(r.id) AS ids
RETURN size(ids) AS total, ids[$skip..$skip + $limit] AS ids
