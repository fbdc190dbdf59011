// Benchmark sampling: every co-author pair once, to find pairs at a given distance in Python.
// params: none
// returns: a, b (researcher ids)
MATCH (a:Researcher)-[:COLLABORATES_WITH]->(b:Researcher)
RETURN a.id AS a, b.id AS b
