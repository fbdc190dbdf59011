// Number of nodes per label, from FalkorDB's graph statistics (no scan); labels without nodes are left out, and so are the loads' bookkeeping (LoadState) and accounts' labels, as on Neo4j.
// params: none
// returns: label, count
// db.meta.stats() reads the per-label counters FalkorDB keeps; a UNION of label counts scans every label.
CALL db.meta.stats() YIELD labels
UNWIND keys(labels) AS label
WITH label, labels[label] AS count
WHERE NOT label IN ['LoadState', 'User', 'Session', 'AccessToken', 'Claim'] AND count > 0
RETURN label, count
ORDER BY label
