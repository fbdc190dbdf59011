// The institutions each researcher is affiliated with, most recent affiliation first.
// params: ids (list of researcher ids)
// returns: researcher, institutions (list of {id, name, country})
UNWIND $ids AS id
MATCH (:Researcher {id: id})-[a:AFFILIATED_WITH]->(i:Institution)
WITH id, a, i
ORDER BY coalesce(a.last_year, 0) DESC, i.id
RETURN id AS researcher, collect({id: i.id, name: i.name, country: i.country}) AS institutions
