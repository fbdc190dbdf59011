// Range index on Session.id; the graph boundary then adds the unique constraint, which FalkorDB makes outside Cypher.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Session) ON (n.id)
