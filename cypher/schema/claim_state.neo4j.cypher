// Index on Claim.state, so the admin queue finds pending claims without reading every claim.
// params: none
// returns: nothing
CREATE INDEX claim_state IF NOT EXISTS FOR (n:Claim) ON (n.state)
