// Range index on User.email; the graph boundary then makes it unique, which FalkorDB does outside Cypher.
// params: none
// returns: nothing
CREATE INDEX FOR (n:User) ON (n.email)
