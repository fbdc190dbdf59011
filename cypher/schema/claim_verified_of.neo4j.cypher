// Unique Claim.verified_of (the researcher id, set on a verified claim only): one verified claim per profile,
// whatever two requests do at once.
// params: none
// returns: nothing
CREATE CONSTRAINT claim_verified_of IF NOT EXISTS FOR (n:Claim) REQUIRE n.verified_of IS UNIQUE
