// Index on Paper.arxiv_id, one of the identity keys loaders match a paper by.
// params: none
// returns: nothing
CREATE INDEX paper_arxiv_id IF NOT EXISTS FOR (n:Paper) ON (n.arxiv_id)
