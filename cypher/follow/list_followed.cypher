// Which of the given researchers a user follows now.
// params: user (User id), ids (list of researcher ids)
// returns: researcher (one row per researcher followed)
MATCH (:User {id: $user})-[f:FOLLOWS]->(r:Researcher)
WHERE f.ended IS NULL AND r.id IN $ids
RETURN r.id AS researcher
