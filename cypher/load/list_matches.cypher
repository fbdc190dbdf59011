// Nodes the graph already holds for a batch's identity keys, so the loader can settle who and what is new.
// A profile listing's key (profile:<title key>) also finds the paper another source keyed that a listing joined.
// params: paper_ids, dois, arxiv_ids, title_years ({value, schemes}: a title never joins a paper keyed by the same source), orcids, researcher_ids, name_keys, claimable_name_keys (lists of strings)
// returns: kind (paper|researcher), prop, value, id, ids (source ids of a paper matched by title, or absorbed by a name-only researcher), year (of a paper)
// neo4j options: replan=skip (see app/queries.py)
UNWIND $paper_ids AS v
MATCH (p:Paper {id: v})
RETURN 'paper' AS kind, 'id' AS prop, v AS value, p.id AS id, [] AS ids, p.year AS year
UNION ALL
UNWIND [v IN $paper_ids WHERE v STARTS WITH 'profile:'] AS v
MATCH (p:Paper {profile_id: v})
RETURN 'paper' AS kind, 'id' AS prop, v AS value, p.id AS id, [] AS ids, p.year AS year
UNION ALL
UNWIND $dois AS v
MATCH (p:Paper {doi: v})
RETURN 'paper' AS kind, 'doi' AS prop, v AS value, p.id AS id, [] AS ids, p.year AS year
UNION ALL
UNWIND $arxiv_ids AS v
MATCH (p:Paper {arxiv_id: v})
RETURN 'paper' AS kind, 'arxiv_id' AS prop, v AS value, p.id AS id, [] AS ids, p.year AS year
UNION ALL
UNWIND $title_years AS t
MATCH (p:Paper {title_year: t.value})
WHERE none(i IN coalesce(p.ids, []) WHERE split(i, ':')[0] IN t.schemes)
RETURN 'paper' AS kind, 'title_year' AS prop, t.value AS value, p.id AS id, coalesce(p.ids, []) AS ids, p.year AS year
UNION ALL
UNWIND $orcids AS v
MATCH (r:Researcher {orcid: v})
RETURN 'researcher' AS kind, 'orcid' AS prop, v AS value, r.id AS id, [] AS ids, null AS year
UNION ALL
UNWIND $researcher_ids AS v
MATCH (r:Researcher {id: v})
RETURN 'researcher' AS kind, 'id' AS prop, v AS value, r.id AS id, [] AS ids, null AS year
UNION ALL
UNWIND $name_keys AS v
MATCH (r:Researcher {name_key: v})
RETURN 'researcher' AS kind, 'name_key' AS prop, v AS value, r.id AS id, [] AS ids, null AS year
UNION ALL
UNWIND $claimable_name_keys AS v
MATCH (r:Researcher {name_key: v})
WHERE r.id STARTS WITH 'name:'
RETURN 'researcher' AS kind, 'name_key' AS prop, v AS value, r.id AS id, coalesce(r.ids, []) AS ids, null AS year
