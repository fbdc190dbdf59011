// Unique key on Claim.id, which also serves as its lookup index.
// params: none
// returns: nothing
CREATE CONSTRAINT claim_key IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE
