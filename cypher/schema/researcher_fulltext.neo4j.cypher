// Full-text index on researcher names and their folded search text, for search as you type.
// params: none
// returns: nothing
CREATE FULLTEXT INDEX researcher_fulltext IF NOT EXISTS FOR (n:Researcher) ON EACH [n.name, n.search_text]
