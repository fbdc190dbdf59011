// Recount works and first and last years, from their AUTHORED edges, of the researchers a load gave new authorships.
// Only counters that differ are written: FalkorDB re-indexes a node on any SET.
// params: ids (researcher ids)
// returns: recounted (researchers whose counters changed)
// neo4j options: replan=skip (see app/queries.py)
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
OPTIONAL MATCH (r)-[:AUTHORED]->(p:Paper)
WITH r, count(p) AS works, min(p.year) AS first, max(p.year) AS last
WHERE r.works_count IS NULL OR r.works_count <> works OR coalesce(r.first_year, -1) <> coalesce(first, -1)
   OR coalesce(r.last_year, -1) <> coalesce(last, -1)
SET r.works_count = works, r.first_year = first, r.last_year = last
RETURN count(r) AS recounted
