// Researchers whose name or folded search text holds every term as a word or word prefix, whole words ranked first.
// params: terms (list of folded name words), skip (int), limit (int)
// returns: id, name, aliases, orcid, works_count, first_year, last_year, reported, score, whole (terms matched as whole words)
// Ranked by how many terms are whole words of the search text, then works: the engines' own scores weigh
// name length differently (Lucene favours short names), and both engines must give the same order.
CALL db.index.fulltext.queryNodes('researcher_fulltext', reduce(q = '', t IN $terms | q + ' +(' + t + '^2 ' + t + '*)')) YIELD node, score
WITH node, score, size([t IN $terms WHERE t IN split(coalesce(node.search_text, ''), ' ')]) AS whole
RETURN node.id AS id, node.name AS name, coalesce(node.aliases, []) AS aliases, node.orcid AS orcid,
       node.works_count AS works_count, node.first_year AS first_year, node.last_year AS last_year,
       [k IN keys(node) WHERE k STARTS WITH 'reported_' | {name: substring(k, 9), value: node[k]}] AS reported,
       score, whole
ORDER BY whole DESC, works_count DESC, id
SKIP $skip LIMIT $limit
