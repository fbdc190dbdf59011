// The authors the graph already records for some papers, so only new authorships move the counters.
// params: papers (list of paper ids)
// returns: paper, researcher, year, unpaired (of the paper: true when it draws no co-author pairs)
UNWIND $papers AS v
MATCH (p:Paper {id: v})
OPTIONAL MATCH (r:Researcher)-[:AUTHORED]->(p)
RETURN v AS paper, r.id AS researcher, p.year AS year, p.unpaired AS unpaired
