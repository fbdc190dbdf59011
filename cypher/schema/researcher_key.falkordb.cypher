// Range index on Researcher.id; the graph boundary then adds the unique constraint, which FalkorDB makes outside Cypher.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Researcher) ON (n.id)
