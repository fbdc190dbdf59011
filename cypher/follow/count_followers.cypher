// How many users follow each researcher now (ended follows do not count).
// params: ids (list of researcher ids)
// returns: researcher, followers
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
OPTIONAL MATCH (r)<-[f:FOLLOWS]-()
WHERE f.ended IS NULL
RETURN id AS researcher, count(f) AS followers
