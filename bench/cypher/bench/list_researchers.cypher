// Benchmark sampling: every researcher with at least one co-author.
// params: none
// returns: id
MATCH (r:Researcher)-[:COLLABORATES_WITH]-()
RETURN DISTINCT r.id AS id
