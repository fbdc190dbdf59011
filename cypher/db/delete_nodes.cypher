// Delete up to $batch nodes with their relationships; run until it returns 0 to empty the graph.
// params: batch (int)
// returns: deleted
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
