// Full-text index on paper titles.
// params: none
// returns: nothing
CALL db.idx.fulltext.createNodeIndex('Paper', 'title')
