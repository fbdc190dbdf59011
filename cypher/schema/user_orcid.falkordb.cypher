// Lookup of users by their verified ORCID iD (ORCID sign-in).
// params: none
// returns: nothing
CREATE INDEX FOR (n:User) ON (n.orcid)
