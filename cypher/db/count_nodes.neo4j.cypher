// Number of nodes per label of the model, from Neo4j's count store (no scan); labels without nodes are left out, and so is the loads' bookkeeping label (LoadState).
// params: none
// returns: label, count
// One branch per label: a count of one label is read from the count store, a count over labels(n) scans.
MATCH (n:Researcher) WITH count(n) AS count WHERE count > 0 RETURN 'Researcher' AS label, count
UNION ALL
MATCH (n:Paper) WITH count(n) AS count WHERE count > 0 RETURN 'Paper' AS label, count
UNION ALL
MATCH (n:Topic) WITH count(n) AS count WHERE count > 0 RETURN 'Topic' AS label, count
UNION ALL
MATCH (n:Institution) WITH count(n) AS count WHERE count > 0 RETURN 'Institution' AS label, count
