// The researcher ids behind some node handles (Neo4j's element ids): the people on the paths a search found.
// params: handles (list of node handles from path/list_handles or path/list_links)
// returns: handle, id (researcher id)
UNWIND $handles AS h
MATCH (r:Researcher)
WHERE elementId(r) = h
RETURN h AS handle, r.id AS id
