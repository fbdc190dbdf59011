// Suggestions among people open to collaborate only: those not yet a researcher's co-authors who share co-authors
// with them and whose verified claimant says they are open, with the facts of their score except topic overlap.
// params: id (researcher id), limit (int: the candidates sharing the most co-authors are kept)
// returns: id, last_year (of the candidate), reference_year (the researcher's own last year), common_collaborators, shared_institution
MATCH (a:Researcher {id: $id})
WITH a
MATCH (a)-[:COLLABORATES_WITH]-(x:Researcher)
WITH a, collect(x) AS circle
UNWIND circle AS x
MATCH (x)-[:COLLABORATES_WITH]-(b:Researcher)
WHERE b <> a AND NOT b IN circle
WITH a, b, count(DISTINCT x) AS common
// projected, then filtered: FalkorDB 4.16 cannot evaluate a pattern comprehension inside WHERE here
WITH a, b, common, size([(b)<-[:OF]-(c:Claim) WHERE c.state = 'VERIFIED' AND c.open_to_collaborate | c.id]) AS offers
WHERE offers > 0
WITH a, b, common
ORDER BY common DESC, coalesce(b.last_year, 0) DESC, b.id
LIMIT $limit
RETURN b.id AS id, b.last_year AS last_year, a.last_year AS reference_year, common AS common_collaborators,
       size([(a)-[:AFFILIATED_WITH]->(i:Institution)<-[:AFFILIATED_WITH]-(b) | i.id]) > 0 AS shared_institution
