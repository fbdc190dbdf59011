// Whether the graph holds any paper or researcher yet: a load that starts on an empty graph need not look up keys it never wrote.
// params: none
// returns: papers, researchers (0 or 1 each)
OPTIONAL MATCH (p:Paper)
WITH p LIMIT 1
OPTIONAL MATCH (r:Researcher)
WITH p, r LIMIT 1
RETURN count(p) AS papers, count(r) AS researchers
