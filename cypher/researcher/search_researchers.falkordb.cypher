// Researchers whose name or folded search text holds every term as a word or word prefix, whole words ranked first.
// params: terms (list of folded name words), skip (int), limit (int)
// returns: total (how many match in all), id, name, aliases, orcid, works_count, first_year, last_year, reported; one row with a null id when the page is empty
// Ranked by how many terms are whole words of the search text, then works: the engines' own scores weigh
// name length differently (Lucene favours short names), and both engines must give the same order.
// RediSearch expands no one-letter prefix, expands any prefix to at most 200 index words ('li*' missed a third of
// the li- names of 5,000 CVPR records) and drops English stopwords; so the index is asked for the longest term
// only and every term is checked here, as Neo4j's index matches them ('J. Smith', 'Desheng Li' finding Liu).
// A longest term under four letters is asked for as itself or one letter longer ('li', 'lia*' ... 'li9*'): 36
// prefixes of 200 words each, where one short prefix stopped at 200.
WITH reduce(l = '', t IN $terms | CASE WHEN size(t) > size(l) THEN t ELSE l END) AS longest
WITH longest, CASE WHEN size(longest) >= 4 THEN [longest + '*']
    ELSE [c IN ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u',
               'v', 'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] | longest + c + '*'] END AS prefixes
CALL db.idx.fulltext.queryNodes('Researcher', '(' + reduce(q = longest, p IN prefixes | q + '|' + p) + ')') YIELD node
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
