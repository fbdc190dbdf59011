// Link each claim that lost its researcher (`collab db reset` deletes researchers but keeps accounts and claims)
// to the researcher of the id it keeps, once a load has brought that researcher back. Run at the end of every load.
// params: none
// returns: nothing
MATCH (c:Claim)
WITH c, c.researcher AS rid, size([(c)-[:OF]->(x:Researcher) | x.id]) AS linked
WHERE linked = 0 AND rid IS NOT NULL
MATCH (r:Researcher {id: rid})
MERGE (c)-[:OF]->(r)
