// Index on Paper.arxiv_id, one of the identity keys loaders match a paper by.
// params: none
// returns: nothing
CREATE INDEX FOR (n:Paper) ON (n.arxiv_id)
