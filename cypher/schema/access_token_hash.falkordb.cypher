// Range index on AccessToken.hash; the graph boundary then makes it unique, which FalkorDB does outside Cypher.
// params: none
// returns: nothing
CREATE INDEX FOR (n:AccessToken) ON (n.hash)
