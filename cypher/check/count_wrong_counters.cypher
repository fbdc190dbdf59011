// Researchers whose works_count, first_year or last_year differ from what their AUTHORED edges imply.
// params: none
// returns: researchers (checked), wrong, examples (up to 5: [id, works_count, works, first_year, first, last_year, last])
MATCH (r:Researcher)
OPTIONAL MATCH (r)-[:AUTHORED]->(p:Paper)
WITH r, count(p) AS works, min(p.year) AS first, max(p.year) AS last
WITH r, works, first, last,
     coalesce(r.works_count, -1) <> works OR coalesce(r.first_year, -1) <> coalesce(first, -1)
       OR coalesce(r.last_year, -1) <> coalesce(last, -1) AS bad
RETURN count(r) AS researchers, sum(CASE WHEN bad THEN 1 ELSE 0 END) AS wrong,
       collect(CASE WHEN bad THEN [r.id, r.works_count, works, r.first_year, first, r.last_year, last] END)[0..5] AS examples
