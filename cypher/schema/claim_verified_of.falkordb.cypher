// Range index on Claim.verified_of (the researcher id of a verified claim); the graph boundary then makes it unique,
// which FalkorDB does outside Cypher: one verified claim per profile, whatever two requests do at once.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Claim) ON (n.verified_of)
