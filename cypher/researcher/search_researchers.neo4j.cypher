// Researchers whose name or folded search text holds every term as a word or word prefix, whole words ranked first.
// params: terms (list of folded name words), skip (int), limit (int)
// returns: total (how many match in all), id, name, aliases, orcid, works_count, first_year, last_year, reported; one row with a null id when the page is empty
// Ranked by how many terms are whole words of the search text, then works: the engines' own scores weigh
// name length differently (Lucene favours short names), and both engines must give the same order.
// The index's tokens of `name` are not always the folded words; every term is checked as FalkorDB's are.
CALL db.index.fulltext.queryNodes('researcher_fulltext', reduce(q = '', t IN $terms | q + ' +(' + t + '^2 ' + t + '*)')) YIELD node
WITH node, split(coalesce(node.search_text, ''), ' ') AS words
WHERE all(t IN $terms WHERE any(w IN words WHERE w STARTS WITH t))
WITH node, size([t IN $terms WHERE t IN words]) AS whole
ORDER BY whole DESC, coalesce(node.works_count, 0) DESC, node.id
WITH collect(node) AS found
WITH found, found[$skip..$skip + $limit] AS shown
// a row even for an empty page, so that the total is known
UNWIND CASE WHEN size(shown) = 0 THEN [null] ELSE shown END AS node
RETURN size(found) AS total, node.id AS id, node.name AS name, coalesce(node.aliases, []) AS aliases, node.orcid AS orcid,
       node.works_count AS works_count, node.first_year AS first_year, node.last_year AS last_year,
       [k IN keys(node) WHERE k STARTS WITH 'reported_' | {name: substring(k, 9), value: node[k]}] AS reported
