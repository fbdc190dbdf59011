// Full-text index on researcher names and their folded search text, for search as you type.
// params: none
// returns: nothing
CALL db.idx.fulltext.createNodeIndex('Researcher', 'name', 'search_text')
