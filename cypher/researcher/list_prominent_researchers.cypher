// The researchers with the most works, shown on the home page as ways into the graph.
// params: limit (int)
// returns: id, name, works_count, first_year, last_year
MATCH (r:Researcher)
WHERE r.works_count IS NOT NULL
RETURN r.id AS id, r.name AS name, r.works_count AS works_count, r.first_year AS first_year, r.last_year AS last_year
ORDER BY works_count DESC, id
LIMIT $limit
