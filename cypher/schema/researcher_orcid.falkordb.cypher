// Index on Researcher.orcid, one of the identity keys loaders match a researcher by.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Researcher) ON (n.orcid)
