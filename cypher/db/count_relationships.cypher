// Number of relationships per type.
// params: none
// returns: type, count
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS count
ORDER BY type
