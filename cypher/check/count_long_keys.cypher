// Nodes with a key or indexed property longer than the engines can index (FalkorDB crashed on a unique key over 4 KB).
// params: max (characters)
// returns: nodes (how many), examples (up to 5: [label, the first 60 characters of the id, its length])
MATCH (n)
WHERE size(coalesce(n.id, '')) > $max OR size(coalesce(n.name_key, '')) > $max
   OR size(coalesce(n.title_key, '')) > $max OR size(coalesce(n.title_year, '')) > $max
   OR size(coalesce(n.doi, '')) > $max OR size(coalesce(n.arxiv_id, '')) > $max
   OR size(coalesce(n.openalex_id, '')) > $max OR size(coalesce(n.profile_id, '')) > $max
   OR size(coalesce(n.orcid, '')) > $max
RETURN count(n) AS nodes, collect([labels(n)[0], substring(n.id, 0, 60), size(n.id)])[0..5] AS examples
