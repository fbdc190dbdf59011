// The engine's own handles (Neo4j's element ids) of some researchers: a path search walks handles, which the engine seeks and returns faster than keys.
// params: ids (list of researcher ids)
// returns: id (researcher id), handle (the node's handle); unknown ids have no row
UNWIND $ids AS v
MATCH (r:Researcher {id: v})
RETURN v AS id, elementId(r) AS handle
