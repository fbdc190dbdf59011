// Remove the marks of loads whose deferred counters have been recounted.
// params: ids (load tokens)
// returns: nothing
UNWIND $ids AS id
MATCH (l:UnfinishedLoad {id: id})
DETACH DELETE l
