// The collaborations of a set of researchers active in a year window with enough joint papers: one level of a neighbourhood.
// params: ids (list of researcher ids), among (list of researcher ids the other end must be in, or null for anyone), yearFrom (int or null), yearTo (int or null), minJointPapers (int)
// returns: source, target (researcher ids), source_label, label (the source's and the target's names), weight (joint papers)
UNWIND $ids AS id
MATCH (a:Researcher {id: id})
// a clause of its own, so that FalkorDB starts from the index and not from a scan of every b the filters name
WITH a
MATCH (a)-[c:COLLABORATES_WITH]-(b:Researcher)
WHERE c.papers >= $minJointPapers
  AND ($yearFrom IS NULL OR c.last_year >= $yearFrom)
  AND ($yearTo IS NULL OR c.first_year <= $yearTo)
  AND ($among IS NULL OR b.id IN $among)
RETURN a.id AS source, b.id AS target, a.name AS source_label, b.name AS label, c.papers AS weight
