// Benchmark sampling: the researchers with the most co-authors, most first, to pick a centre whose neighbourhood has a wanted size.
// params: first (int)
// returns: id, coauthors (how many co-authors)
MATCH (r:Researcher)-[:COLLABORATES_WITH]-()
WITH r.id AS id, count(*) AS coauthors
ORDER BY coauthors DESC, id
LIMIT $first
RETURN id, coauthors
