// The researchers who have co-authored with both of two researchers, most joint papers with the two first.
// params: a (researcher id), b (researcher id), limit (int)
// returns: id, name, aliases, orcid, works_count, first_year, last_year, reported, joint_papers (with a plus with b)
MATCH (ra:Researcher {id: $a})
// clauses of their own, so that FalkorDB walks from a's co-authors, not from every researcher
WITH ra
MATCH (ra)-[ca:COLLABORATES_WITH]-(x:Researcher)
WITH x, ca
MATCH (x)-[cb:COLLABORATES_WITH]-(rb:Researcher)
WHERE rb.id = $b AND x.id <> $b
RETURN x.id AS id, x.name AS name, coalesce(x.aliases, []) AS aliases, x.orcid AS orcid,
       x.works_count AS works_count, x.first_year AS first_year, x.last_year AS last_year,
       [k IN keys(x) WHERE k STARTS WITH 'reported_' | {name: substring(k, 9), value: x[k]}] AS reported,
       ca.papers + cb.papers AS joint_papers
ORDER BY joint_papers DESC, id
LIMIT $limit
