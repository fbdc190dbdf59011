// Recount works and first and last years, from their AUTHORED edges, of up to `chunk` researchers a load marked for it, and drop their marks.
// params: load (the load's token), chunk (how many researchers at most)
// returns: researchers (how many were recounted)
MATCH (:UnfinishedLoad {id: $load})<-[mark:RECOUNT]-(r:Researcher)
WITH mark, r LIMIT $chunk
OPTIONAL MATCH (r)-[:AUTHORED]->(p:Paper)
WITH mark, r, count(p) AS works, min(p.year) AS first, max(p.year) AS last
SET r.works_count = works, r.first_year = first, r.last_year = last
DELETE mark
RETURN count(r) AS researchers
