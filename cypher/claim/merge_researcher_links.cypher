// Link each claim that lost its researcher (a researcher node deleted other than by `collab db reset`, which keeps
// claimed researchers) to the researcher of the id it keeps, once a load has brought it back. Run after every load.
// params: none
// returns: nothing
MATCH (c:Claim)
WITH c, c.researcher AS rid, size([(c)-[:OF]->(x:Researcher) | x.id]) AS linked
WHERE linked = 0 AND rid IS NOT NULL
MATCH (r:Researcher {id: rid})
MERGE (c)-[:OF]->(r)
