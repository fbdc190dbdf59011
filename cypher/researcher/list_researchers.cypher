// Researchers by id, for the per-request loader; ids not in the graph have no row.
// params: ids (list of researcher ids)
// returns: id, name, aliases, orcid, works_count, first_year, last_year, reported (list of {name, value} from the reported_* properties)
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN r.id AS id, r.name AS name, coalesce(r.aliases, []) AS aliases, r.orcid AS orcid,
       r.works_count AS works_count, r.first_year AS first_year, r.last_year AS last_year,
       [k IN keys(r) WHERE k STARTS WITH 'reported_' | {name: substring(k, 9), value: r[k]}] AS reported
