// A researcher's co-authors with the facts their closeness score is made of, except topic overlap.
// params: id (researcher id)
// returns: id, joint_papers, first_year, last_year (of joint papers), reference_year (the researcher's own last year), common_collaborators, shared_institution
MATCH (a:Researcher {id: $id})-[:COLLABORATES_WITH]-(n:Researcher)
WITH a, collect(DISTINCT n.id) AS circle
MATCH (a)-[c:COLLABORATES_WITH]-(b:Researcher)
OPTIONAL MATCH (b)-[:COLLABORATES_WITH]-(x:Researcher)
WHERE x.id IN circle
WITH a, b, c, count(DISTINCT x) AS common
RETURN b.id AS id, c.papers AS joint_papers, c.first_year AS first_year, c.last_year AS last_year,
       a.last_year AS reference_year, common AS common_collaborators,
       size([(a)-[:AFFILIATED_WITH]->(i:Institution)<-[:AFFILIATED_WITH]-(b) | i.id]) > 0 AS shared_institution
