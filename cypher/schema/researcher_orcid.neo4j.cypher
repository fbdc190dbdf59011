// Index on Researcher.orcid, one of the identity keys loaders match a researcher by.
// params: none
// returns: nothing
CREATE INDEX researcher_orcid IF NOT EXISTS FOR (n:Researcher) ON (n.orcid)
