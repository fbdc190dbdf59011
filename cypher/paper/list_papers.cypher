// Papers by id, for the per-request loader; ids not in the graph have no row.
// params: ids (list of paper ids)
// returns: id, ids (every external id the sources gave it), title, year, date, kind, venue, doi, arxiv_id, abstract, has_code, cited_by_count
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id, coalesce(p.ids, [p.id]) AS ids, p.title AS title, p.year AS year, p.date AS date, p.kind AS kind, p.venue AS venue,
       p.doi AS doi, p.arxiv_id AS arxiv_id, p.abstract AS abstract, p.has_code AS has_code,
       p.cited_by_count AS cited_by_count
