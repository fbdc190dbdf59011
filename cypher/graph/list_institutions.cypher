// The institutions of a set of researchers, affiliations overlapping a year window: the institution nodes of a neighbourhood.
// params: ids (list of researcher ids), yearFrom (int or null), yearTo (int or null)
// returns: source (researcher id), target (institution id), label (institution name)
UNWIND $ids AS id
MATCH (:Researcher {id: id})-[a:AFFILIATED_WITH]->(i:Institution)
WHERE ($yearFrom IS NULL OR a.last_year IS NULL OR a.last_year >= $yearFrom)
  AND ($yearTo IS NULL OR a.first_year IS NULL OR a.first_year <= $yearTo)
RETURN id AS source, i.id AS target, i.name AS label
