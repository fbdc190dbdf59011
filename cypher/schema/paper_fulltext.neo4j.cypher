// Full-text index on paper titles.
// params: none
// returns: nothing
CREATE FULLTEXT INDEX paper_fulltext IF NOT EXISTS FOR (n:Paper) ON EACH [n.title]
