// Draw CITES from papers that list OpenAlex references to the cited papers that are loaded, for some citing papers.
// params: rows (list of {p: citing paper id})
// returns: nothing
UNWIND $rows AS row
MATCH (p:Paper {id: row.p})
UNWIND p.references AS ref
MATCH (q:Paper {openalex_id: ref})
MERGE (p)-[:CITES]->(q)
