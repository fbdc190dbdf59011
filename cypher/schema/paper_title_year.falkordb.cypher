// Index on Paper.title_year, one of the identity keys loaders match a paper by.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Paper) ON (n.title_year)
