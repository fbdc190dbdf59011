// One page of each researcher's papers, newest first, with how many papers they have in all.
// params: ids (list of researcher ids), skip (int), limit (int)
// returns: researcher, total, papers (list of paper maps: id, ids, title, year, date, kind, venue, doi, arxiv_id, abstract, has_code, cited_by_count)
UNWIND $ids AS id
MATCH (:Researcher {id: id})-[:AUTHORED]->(p:Paper)
WITH id, p
ORDER BY coalesce(p.year, 0) DESC, coalesce(p.date, '') DESC, p.id
WITH id, collect({id: p.id, ids: coalesce(p.ids, [p.id]), title: p.title, year: p.year, date: p.date, kind: p.kind, venue: p.venue, doi: p.doi,
                  arxiv_id: p.arxiv_id, abstract: p.abstract, has_code: p.has_code, cited_by_count: p.cited_by_count}) AS papers
RETURN id AS researcher, size(papers) AS total, papers[$skip..$skip + $limit] AS papers
