// Write one batch of researchers, papers, topics, institutions and their edges as one atomic statement.
// The loader settled beforehand which nodes, authorships and pairs are new: those are created, the rest merged.
// params: new_researchers, researchers, new_papers, papers, topics, about, institutions, affiliated (lists of maps; see loaders/plan.py),
//   authored ([researcher id, paper id, position] rows), source (the loader's source name),
//   new_collaborations, collaborations ([a id, b id, papers, first_year, last_year] rows, a < b)
// returns: written (rows of the last section)
UNWIND $new_researchers AS row
CREATE (r:Researcher)
SET r = row
WITH count(*) AS _
UNWIND $researchers AS row
MERGE (r:Researcher {id: row.id})
SET r.works_count = coalesce(r.works_count, 0) + row.new_works,
    r.first_year = CASE WHEN r.first_year IS NULL OR row.first_year < r.first_year THEN row.first_year ELSE r.first_year END,
    r.last_year = CASE WHEN r.last_year IS NULL OR row.last_year > r.last_year THEN row.last_year ELSE r.last_year END
// Only rows that bring a name, id, ORCID or figure the node lacks touch its indexed properties: setting
// one re-indexes the node even to the same value, and most known researchers bring nothing new.
WITH r, row
WHERE r.name IS NULL OR (row.orcid IS NOT NULL AND r.orcid IS NULL) OR size(keys(row.reported)) > 0
   OR any(i IN row.ids WHERE NOT i IN coalesce(r.ids, []))
   OR any(n IN row.names WHERE n <> r.name AND NOT n IN coalesce(r.aliases, []))
SET r.aliases = [n IN row.names WHERE n <> coalesce(r.name, row.name) AND NOT n IN coalesce(r.aliases, [])] + coalesce(r.aliases, [])
SET r.search_text = CASE WHEN r.search_text IS NULL THEN row.search_text
      WHEN r.search_text CONTAINS row.search_text THEN r.search_text
      ELSE r.search_text + ' ' + row.search_text END,
    r.name = coalesce(r.name, row.name),
    r.name_key = coalesce(r.name_key, row.name_key),
    r.orcid = coalesce(r.orcid, row.orcid),
    r.ids = [i IN coalesce(r.ids, []) WHERE NOT i IN row.ids] + row.ids
SET r += row.reported
WITH count(*) AS _
UNWIND $new_papers AS row
CREATE (p:Paper)
SET p = row
WITH count(*) AS _
UNWIND $papers AS row
MERGE (p:Paper {id: row.id})
SET p.title = coalesce(p.title, row.title),
    p.title_key = coalesce(p.title_key, row.title_key),
    p.title_year = coalesce(p.title_year, row.title_year),
    p.year = coalesce(p.year, row.year),
    p.date = coalesce(p.date, row.date),
    p.kind = coalesce(p.kind, row.kind),
    p.venue = coalesce(p.venue, row.venue),
    p.doi = coalesce(p.doi, row.doi),
    p.arxiv_id = coalesce(p.arxiv_id, row.arxiv_id),
    p.openalex_id = coalesce(p.openalex_id, row.openalex_id),
    p.abstract = coalesce(row.abstract, p.abstract),
    p.has_code = coalesce(row.has_code, p.has_code),
    p.cited_by_count = coalesce(row.cited_by_count, p.cited_by_count),
    p.ids = [i IN coalesce(p.ids, []) WHERE NOT i IN row.ids] + row.ids,
    p.references = CASE WHEN size(row.references) > 0 THEN row.references ELSE p.references END
WITH count(*) AS _
UNWIND $authored AS row
MATCH (r:Researcher {id: row[0]}), (p:Paper {id: row[1]})
CREATE (r)-[:AUTHORED {position: row[2], source: $source}]->(p)
WITH count(*) AS _
UNWIND $topics AS row
MERGE (t:Topic {id: row.id})
SET t.name = coalesce(t.name, row.name), t.scheme = row.scheme
WITH count(*) AS _
UNWIND $about AS row
MATCH (p:Paper {id: row.p}), (t:Topic {id: row.t})
MERGE (p)-[a:ABOUT]->(t)
SET a.score = coalesce(row.score, a.score)
WITH count(*) AS _
UNWIND $institutions AS row
MERGE (i:Institution {id: row.id})
SET i.name = coalesce(i.name, row.name), i.country = coalesce(i.country, row.country)
WITH count(*) AS _
UNWIND $affiliated AS row
MATCH (r:Researcher {id: row.r}), (i:Institution {id: row.i})
MERGE (r)-[a:AFFILIATED_WITH]->(i)
SET a.first_year = CASE WHEN a.first_year IS NULL OR row.first_year < a.first_year THEN row.first_year ELSE a.first_year END,
    a.last_year = CASE WHEN a.last_year IS NULL OR row.last_year > a.last_year THEN row.last_year ELSE a.last_year END,
    a.source = row.source
WITH count(*) AS _
UNWIND $new_collaborations AS row
MATCH (a:Researcher {id: row[0]}), (b:Researcher {id: row[1]})
CREATE (a)-[:COLLABORATES_WITH {papers: row[2], first_year: row[3], last_year: row[4]}]->(b)
WITH count(*) AS _
UNWIND $collaborations AS row
MATCH (a:Researcher {id: row[0]}), (b:Researcher {id: row[1]})
MERGE (a)-[c:COLLABORATES_WITH]->(b)
SET c.papers = coalesce(c.papers, 0) + row[2],
    c.first_year = CASE WHEN c.first_year IS NULL OR row[3] < c.first_year THEN row[3] ELSE c.first_year END,
    c.last_year = CASE WHEN c.last_year IS NULL OR row[4] > c.last_year THEN row[4] ELSE c.last_year END
RETURN count(*) AS written
