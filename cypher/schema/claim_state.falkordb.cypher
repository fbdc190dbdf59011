// Index on Claim.state, so the admin queue finds pending claims without reading every claim.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Claim) ON (n.state)
