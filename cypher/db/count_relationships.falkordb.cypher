// Number of relationships per type, from FalkorDB's graph statistics (no scan); types without relationships are left out, and so are accounts' (FOLLOWS, MADE, OF), as on Neo4j.
// params: none
// returns: type, count
// db.meta.stats() reads the per-type counters FalkorDB keeps; a UNION of type counts traverses every edge.
CALL db.meta.stats() YIELD relTypes
UNWIND keys(relTypes) AS type
WITH type, relTypes[type] AS count
WHERE NOT type IN ['FOLLOWS', 'MADE', 'OF'] AND count > 0
RETURN type, count
ORDER BY type
