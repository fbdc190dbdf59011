// The evidence each researcher's trust snapshot is computed from (app/trust.py), one row per researcher found.
// params: ids (list of researcher ids)
// returns: id, orcid, ids (source ids the node absorbed), profile_export (reported figures from a profile export),
//   verified_claim, verified_by ('orcid' or 'admin'), works, persistent (works with a DOI or arXiv id),
//   agreed (works whose ids come from two or more sources), institutions, topics (distinct), coauthors
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
OPTIONAL MATCH (r)-[:AUTHORED]->(p:Paper)
WITH r, collect(DISTINCT p) AS papers
OPTIONAL MATCH (r)-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic)
WITH r, papers, count(DISTINCT t) AS topics
// one comprehension over claims: FalkorDB 4.16 answered null for a second one naming the same variable
WITH r, papers, topics, [(r)<-[:OF]-(c:Claim) WHERE c.state = 'VERIFIED' | coalesce(c.evidence, 'admin')] AS verified
RETURN r.id AS id, r.orcid AS orcid, coalesce(r.ids, [r.id]) AS ids,
       any(k IN keys(r) WHERE k STARTS WITH 'reported_') AS profile_export,
       size(verified) > 0 AS verified_claim, head(verified) AS verified_by,
       size(papers) AS works,
       size([p IN papers WHERE p.doi IS NOT NULL OR p.arxiv_id IS NOT NULL]) AS persistent,
       size([p IN papers WHERE any(i IN coalesce(p.ids, []) WHERE split(i, ':')[0] <> split(p.ids[0], ':')[0])]) AS agreed,
       size([(r)-[:AFFILIATED_WITH]->(i:Institution) | i.id]) AS institutions,
       topics,
       size([(r)-[:COLLABORATES_WITH]-(o:Researcher) | o.id]) AS coauthors
