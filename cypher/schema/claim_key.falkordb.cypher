// Range index on Claim.id; the graph boundary then adds the unique constraint, which FalkorDB makes outside Cypher.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Claim) ON (n.id)
