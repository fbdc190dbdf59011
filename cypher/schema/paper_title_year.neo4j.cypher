// Index on Paper.title_year, one of the identity keys loaders match a paper by.
// params: none
// returns: nothing
CREATE INDEX paper_title_year IF NOT EXISTS FOR (n:Paper) ON (n.title_year)
