// The authors of each paper in byline order.
// params: ids (list of paper ids)
// returns: paper, authors (list of researcher maps: id, name, aliases, orcid, works_count, first_year, last_year, reported)
UNWIND $ids AS id
MATCH (:Paper {id: id})<-[a:AUTHORED]-(r:Researcher)
WITH id, a.position AS position, r
ORDER BY position, r.id
RETURN id AS paper,
       collect({id: r.id, name: r.name, aliases: coalesce(r.aliases, []), orcid: r.orcid, works_count: r.works_count,
                first_year: r.first_year, last_year: r.last_year,
                reported: [k IN keys(r) WHERE k STARTS WITH 'reported_' | {name: substring(k, 9), value: r[k]}]}) AS authors
