// The joint papers of each pair of researchers, given by node handle (Neo4j's element ids), inside a year window, newest first: the hops of collaboration paths; papers marked unpaired (front matter, consortium papers) make no hop.
// params: pairs (list of {source, target} researcher node handles), yearFrom (int or null), yearTo (int or null)
// returns: source, target (handles), papers (list of paper maps: id, title, year, date, kind, venue, doi, arxiv_id, abstract, has_code, cited_by_count)
UNWIND $pairs AS pair
// the handle as a plain variable, so that FalkorDB seeks the node rather than scanning every researcher
WITH pair, pair.source AS source
MATCH (a:Researcher)
WHERE elementId(a) = source
WITH pair, a
MATCH (a)-[:AUTHORED]->(p:Paper)
WHERE p.unpaired IS NULL AND ($yearFrom IS NULL OR p.year >= $yearFrom) AND ($yearTo IS NULL OR p.year <= $yearTo)
WITH pair, p
MATCH (p)<-[:AUTHORED]-(b:Researcher)
WHERE elementId(b) = pair.target
WITH pair, p
ORDER BY coalesce(p.year, 0) DESC, coalesce(p.date, '') DESC, p.id
RETURN pair.source AS source, pair.target AS target,
       collect({id: p.id, title: p.title, year: p.year, date: p.date, kind: p.kind, venue: p.venue, doi: p.doi,
                arxiv_id: p.arxiv_id, abstract: p.abstract, has_code: p.has_code, cited_by_count: p.cited_by_count}) AS papers
