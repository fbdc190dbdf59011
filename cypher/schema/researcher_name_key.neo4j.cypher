// Index on Researcher.name_key, one of the identity keys loaders match a researcher by.
// params: none
// returns: nothing
CREATE INDEX researcher_name_key IF NOT EXISTS FOR (n:Researcher) ON (n.name_key)
