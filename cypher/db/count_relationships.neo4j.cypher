// Number of relationships per type of the model, from Neo4j's count store (no scan); types without relationships are left out.
// params: none
// returns: type, count
// One branch per type: a count of one type is read from the count store, a count over type(r) scans.
MATCH ()-[r:AUTHORED]->() WITH count(r) AS count WHERE count > 0 RETURN 'AUTHORED' AS type, count
UNION ALL
MATCH ()-[r:ABOUT]->() WITH count(r) AS count WHERE count > 0 RETURN 'ABOUT' AS type, count
UNION ALL
MATCH ()-[r:AFFILIATED_WITH]->() WITH count(r) AS count WHERE count > 0 RETURN 'AFFILIATED_WITH' AS type, count
UNION ALL
MATCH ()-[r:COLLABORATES_WITH]->() WITH count(r) AS count WHERE count > 0 RETURN 'COLLABORATES_WITH' AS type, count
UNION ALL
MATCH ()-[r:CITES]->() WITH count(r) AS count WHERE count > 0 RETURN 'CITES' AS type, count
