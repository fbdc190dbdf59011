// How many distinct co-authors each researcher has.
// params: ids (list of researcher ids)
// returns: researcher, coauthors
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
OPTIONAL MATCH (r)-[:COLLABORATES_WITH]-(o:Researcher)
RETURN id AS researcher, count(DISTINCT o) AS coauthors
