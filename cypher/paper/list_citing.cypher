// One page of the papers in the graph that cite each paper, newest first, with how many there are in all.
// params: ids (list of paper ids), skip (int), limit (int)
// returns: paper, total, papers (list of paper maps: id, ids, title, year, date, kind, venue, doi, arxiv_id, abstract, has_code, cited_by_count)
UNWIND $ids AS id
MATCH (p:Paper {id: id})
// a clause of its own, so that FalkorDB walks from the paper and not from every paper the pattern names
WITH id, p
MATCH (p)<-[:CITES]-(q:Paper)
WITH id, q
ORDER BY coalesce(q.year, 0) DESC, q.id
WITH id, collect({id: q.id, ids: coalesce(q.ids, [q.id]), title: q.title, year: q.year, date: q.date, kind: q.kind,
                  venue: q.venue, doi: q.doi, arxiv_id: q.arxiv_id, abstract: q.abstract, has_code: q.has_code,
                  cited_by_count: q.cited_by_count}) AS papers
RETURN id AS paper, size(papers) AS total, papers[$skip..$skip + $limit] AS papers
